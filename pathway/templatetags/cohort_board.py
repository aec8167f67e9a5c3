"""The cohort board's milestone cells, built in Python: a board of 60 residents has ~800 of
them, and a template loop (or format_html) per cell would cost more than the rest of the page."""

from html import escape

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
    """One resident's row: name, track, coach, capstone, then the milestone cells.

    f-strings with every value from a user (names, titles) passed through html.escape, which
    is what django.utils.html.escape does without the lazy-string wrapping that made this
    function cost more than the data it shows."""
    flag = ""
    if row.reasons:
        count = len(row.reasons)
        flag = (
            f' <a class="cb-flag" href="#at-risk" title="At risk: {count} '
            f'reason{"" if count == 1 else "s"}">at risk</a>'
        )
    if row.project_id:
        days = row.days_in_stage
        stage = (
            f'<a href="{row.project_url}" title="{escape(row.project_title)}">'
            f'{escape(row.stage_label)}</a><div class="small text-muted">{days} '
            f"day{'' if days == 1 else 's'}</div>"
        )
    else:
        stage = '<span class="text-muted">No capstone yet</span>'
    return mark_safe(  # noqa: S308 (user values escaped above and here)
        f'<tr><th scope="row" class="cb-name"><a href="{row.url}">{escape(row.name)}</a>{flag}'
        f'</th><td class="text-nowrap">{escape(row.track_label)}</td>'
        f'<td class="text-nowrap">{escape(row.coach_name) or "—"}</td>'
        f'<td class="cb-stage">{stage}</td>{milestone_cells(row)}</tr>'
    )


@register.simple_tag
def at_risk_item(row):
    """One resident of the at-risk list, each reason a link to where it can be dealt with."""
    coach = f" · coached by {escape(row.coach_name)}" if row.coach_name else ""
    reasons = "".join(
        f'<li class="cb-reason-{reason.kind}"><a href="{reason.url}">{escape(reason.text)}</a></li>'
        for reason in row.reasons
    )
    return mark_safe(  # noqa: S308 (user values escaped)
        '<li class="list-group-item"><div class="d-flex flex-wrap gap-2 align-items-baseline">'
        f'<a class="fw-semibold" href="{row.url}">{escape(row.name)}</a>'
        f'<span class="small text-muted">{row.class_label}{coach}</span></div>'
        f'<ul class="cb-reasons">{reasons}</ul></li>'
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
