"""The cohort board's milestone cells, built in Python: a board of 60 residents has ~800 of
them, and a template loop with an include per cell would cost more than the rest of the page."""

from django import template
from django.utils.html import format_html, format_html_join

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
    symbol = SYMBOLS[cell.status]
    if cell.url:
        return (
            '<td class="cb-cell cb-{}"><a href="{}" title="{}"><span aria-hidden="true">{}</span>'
            '<span class="visually-hidden">{}</span></a></td>',
            (cell.status, cell.url, cell.label, symbol, cell.label),
        )
    return (
        '<td class="cb-cell cb-{}" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></td>',
        (cell.status, cell.label, symbol, cell.label),
    )


@register.simple_tag
def milestone_cells(row):
    parts = (_cell(cell) for cell in row.cells)
    return format_html_join("", "{}", ((format_html(html, *args),) for html, args in parts))
