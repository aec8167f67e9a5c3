"""The cohort board's milestone cells, built in Python: a board of 60 residents has ~800 of
them, and a template loop (or format_html) per cell would cost more than the rest of the page."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from pathway.dashboards.cohort import CELL_LABELS, NOT_APPLICABLE

register = template.Library()

# Colour is never the only cue: each status also has a symbol, explained in the legend.
SYMBOLS = {
    "done": "✓",
    "upcoming": "○",
    "due_soon": "!",
    "overdue": "!!",
    "waived": "W",
    NOT_APPLICABLE: "·",
}
LEGEND = [(status, SYMBOLS[status], label) for status, label in CELL_LABELS.items()]


def _cell(cell):
    # Nothing here comes from a user: the status is a fixed key, the label is fixed words and
    # a date, the link a reversed URL with a number. So no escaping is needed.
    hidden = f'<span aria-hidden="true">{SYMBOLS[cell.status]}</span>'
    text = f'<span class="visually-hidden">{cell.label}</span>'
    if cell.url:
        return (
            f'<td class="cb-cell cb-{cell.status}"><a href="{cell.url}" title="{cell.label}">'
            f"{hidden}{text}</a></td>"
        )
    return f'<td class="cb-cell cb-{cell.status}" title="{cell.label}">{hidden}{text}</td>'


@register.simple_tag
def milestone_cells(row):
    return mark_safe("".join(_cell(cell) for cell in row.cells))  # noqa: S308 (see _cell)


@register.simple_tag
def board_row(row):
    """One resident's row: name, track, coach, capstone, then the milestone cells."""
    flag = ""
    if row.reasons:
        count = len(row.reasons)
        flag = format_html(
            ' <a class="cb-flag" href="#at-risk" title="At risk: {} reason{}">at risk</a>',
            count,
            "" if count == 1 else "s",
        )
    if row.project_id:
        days = row.days_in_stage
        stage = format_html(
            '<a href="{}" title="{}">{}</a><div class="small text-muted">{} day{}</div>',
            row.project_url,
            row.project_title,
            row.stage_label,
            days,
            "" if days == 1 else "s",
        )
    else:
        stage = mark_safe('<span class="text-muted">No capstone yet</span>')  # noqa: S308
    return format_html(
        '<tr><th scope="row" class="cb-name"><a href="{}">{}</a>{}</th>'
        '<td class="text-nowrap">{}</td><td class="text-nowrap">{}</td>'
        '<td class="cb-stage">{}</td>{}</tr>',
        row.url,
        row.name,
        flag,
        row.track_label,
        row.coach_name or "—",
        stage,
        milestone_cells(row),
    )


@register.simple_tag
def at_risk_item(row):
    """One resident of the at-risk list, each reason a link to where it can be dealt with."""
    coach = format_html(" · coached by {}", row.coach_name) if row.coach_name else ""
    reasons = format_html_join(
        "",
        '<li class="cb-reason-{}"><a href="{}">{}</a></li>',
        ((reason.kind, reason.url, reason.text) for reason in row.reasons),
    )
    return format_html(
        '<li class="list-group-item"><div class="d-flex flex-wrap gap-2 align-items-baseline">'
        '<a class="fw-semibold" href="{}">{}</a><span class="small text-muted">{}{}</span></div>'
        '<ul class="cb-reasons">{}</ul></li>',
        row.url,
        row.name,
        row.class_label,
        coach,
        reasons,
    )


@register.simple_tag
def filter_select(field):
    """A filter's <select>. Django's widget templates render each option through a template
    of its own; five selects of ~40 options that way cost more than the board's rows."""
    value = str(field.value() or "")
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (key, mark_safe(" selected") if str(key) == value else "", label)  # noqa: S308
            for key, label in field.field.choices
        ),
    )
    invalid = " is-invalid" if field.errors else ""
    return format_html(
        '<select name="{}" id="{}" class="form-select form-select-sm{}">{}</select>',
        field.html_name,
        field.id_for_label,
        invalid,
        options,
    )
