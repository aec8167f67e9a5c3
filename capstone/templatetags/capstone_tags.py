"""Small presentation helpers for the capstone pages."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from capstone.chartwords import number_text, value_with_unit
from capstone.models import Stage

register = template.Library()

STAGE_TONES = {
    Stage.SELECTION: "early",
    Stage.CURRENT_STATE: "early",
    Stage.EVENT_PREP: "event",
    Stage.EVENT: "event",
    Stage.IMPLEMENTATION: "doing",
    Stage.POST_EVENT: "doing",
    Stage.RESULTS: "late",
    Stage.DISSEMINATION: "late",
    Stage.CLOSED: "closed",
    Stage.ON_HOLD: "hold",
    Stage.WITHDRAWN: "withdrawn",
}


@register.simple_tag
def stage_badge(project):
    """The stage as a coloured badge, written here rather than by an included template: lists
    and dashboards show one a row, and rendering a template for each cost more than the row."""
    tone = STAGE_TONES.get(project.stage, "early")
    return mark_safe(  # noqa: S308 - the tone is one of ours, the label escaped
        f'<span class="badge stage-badge stage-{tone}">{escape(project.get_stage_display())}</span>'
    )


@register.filter
def number(value):
    """A decimal without trailing zeros: 12.50 -> 12.5, 3.00 -> 3."""
    return number_text(value)


@register.filter
def with_unit(value, unit):
    return value_with_unit(value, unit)


@register.filter
def signed_with_unit(value, unit):
    """A change with its sign: +3 minutes; a change of a percentage is in percentage points."""
    if value is None:
        return "—"
    text = (
        number(value) + " percentage points"
        if (unit or "").strip() == "%"
        else with_unit(value, unit)
    )
    return f"+{text}" if value > 0 else text


@register.filter
def percent(value):
    if value is None:
        return "—"
    return f"{'+' if value > 0 else ''}{value:.1f}%"


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")


@register.simple_tag
def measure_table_row(row, chart, measure, can_edit):
    """One line of a measure's table view (capstone.charts.Row with the table's notes and
    links), built in Python: a page of 50 lines cost the template about 750 lookups and
    filters. Every value passes through html.escape, as the template's autoescaping did."""
    unit = chart.unit
    point = row.point
    if point.excluded:
        value = (
            f"{escape(value_with_unit(point.y, measure.unit))} "
            f'<div class="small">excluded: {escape(row.excluded_reason)}</div>'
        )
    else:
        value = escape(value_with_unit(row.y, unit))
    if point.denominator:
        value += (
            f' <span class="small text-muted">({escape(number_text(point.numerator))}/'
            f"{escape(number_text(point.denominator))})</span>"
        )
    if row.note:
        value += f'<div class="small text-muted">{escape(row.note)}</div>'
    limits = ""
    if chart.chart != "run":
        limits = (
            f'<td class="text-end">{escape(value_with_unit(row.lcl, unit))}</td>'
            f'<td class="text-end">{escape(value_with_unit(row.ucl, unit))}</td>'
        )
    hand = ' <span class="small text-muted">(set by hand)</span>' if row.phase_overridden else ""
    signals = "; ".join(escape(str(signal)) for signal in row.signals) or "—"
    actions = ""
    label = escape(row.label)
    if can_edit:
        actions = (
            f'<td class="text-end row-actions"><a href="{escape(row.edit_url)}">Edit'
            f'<span class="visually-hidden"> {label}</span></a> <a class="text-danger" '
            f'href="{escape(row.delete_url)}">Delete<span class="visually-hidden"> {label}'
            "</span></a></td>"
        )
    tone = ' class="signal-row"' if row.signals else ' class="text-muted"' if point.excluded else ""
    return mark_safe(  # noqa: S308 - every value above is escaped
        f'<tr{tone}><th scope="row" class="fw-normal text-nowrap">{label}</th>'
        f'<td class="text-end">{value}</td>'
        f'<td class="text-end">{escape(value_with_unit(row.cl, unit))}</td>{limits}'
        f'<td class="text-nowrap">{escape(str(row.phase))}{hand}</td>'
        f'<td class="signals">{signals}</td>{actions}</tr>'
    )
