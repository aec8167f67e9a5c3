"""A small horizontal bar chart as inline SVG, for the program dashboards.

Horizontal bars because category names (stages, classes, academic years) are long and must
stay readable on a phone. Bars come in groups: one group per category, one bar per series.
Every bar carries `data-value`, `data-category` and `data-series` so that tests can check the
chart against its table view, and a `<title>` tooltip. Text from callers is escaped."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import mark_safe

from pathway.core.svg import esc

FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif"
# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies, and dark
# enough against white for the thin bars.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
TEXT = "#1f2933"
MUTED = "#52606d"
GRID = "#d9dee3"

# Narrow on purpose: the SVG scales to its box, and on a phone a wider drawing would shrink
# its text below reading size.
WIDTH = 420
CHAR_WIDTH = 7.8  # an average 14px system-ui character
MAX_LABEL_WIDTH = 200
VALUE_ROOM = 52
BAR_HEIGHT = 17
BAR_GAP = 3
GROUP_GAP = 12
LEGEND_ROW = 22
TOP_PAD = 6


@dataclass(frozen=True)
class Series:
    name: str
    values: list  # one number (or None for "no data") per category


def _fmt(value, unit: str) -> str:
    if value is None:
        return "—"
    number = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{number}{unit}"


def _legend(series: list[Series]) -> tuple[list[str], int]:
    """Legend swatches wrapped onto rows; returns the SVG parts and the height used."""
    if len(series) < 2:
        return [], 0
    parts, x, row = [], 0, 0
    for index, item in enumerate(series):
        width = 26 + 7 * len(item.name)
        if x and x + width > WIDTH:
            x, row = 0, row + 1
        y = TOP_PAD + row * LEGEND_ROW
        colour = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="{x}" y="{y + 2}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 17}" y="{y + 12}" font-size="13" fill="{TEXT}">{esc(item.name)}</text>'
        )
        x += width
    return parts, (row + 1) * LEGEND_ROW + 4


def bar_chart(
    *,
    title: str,
    categories: list[str],
    series: list[Series],
    unit: str = "",
    max_value: float | None = None,
    chart_id: str = "",
) -> str:
    """An accessible SVG: role="img", a <title> and a <desc> listing every value.

    `max_value` fixes the scale (e.g. 100 for percentages); otherwise the largest value is
    the full width. None values draw no bar and print "—"."""
    for item in series:
        if len(item.values) != len(categories):
            raise ValueError(
                f"Series {item.name!r} has {len(item.values)} values for "
                f"{len(categories)} categories."
            )
    present = [v for item in series for v in item.values if v is not None]
    top = max_value if max_value is not None else max(present, default=0)
    top = top or 1
    legend, legend_height = _legend(series)
    group_height = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
    plot_top = TOP_PAD + legend_height
    height = plot_top + len(categories) * (group_height + GROUP_GAP) + 4
    label_width = min(
        max((len(c) for c in categories), default=4) * CHAR_WIDTH + 12, MAX_LABEL_WIDTH
    )
    plot_width = WIDTH - label_width - VALUE_ROOM

    description = []
    bars = []
    for c_index, category in enumerate(categories):
        group_top = plot_top + c_index * (group_height + GROUP_GAP)
        label_y = group_top + group_height / 2 + 4.5
        bars.append(
            f'<text x="{label_width - 8}" y="{label_y:.1f}" text-anchor="end" font-size="14" '
            f'fill="{TEXT}">{esc(category)}</text>'
        )
        said = []
        for s_index, item in enumerate(series):
            value = item.values[c_index]
            y = group_top + s_index * (BAR_HEIGHT + BAR_GAP)
            shown = _fmt(value, unit)
            said.append(f"{item.name} {shown}" if len(series) > 1 else shown)
            width = 0 if value is None else max(plot_width * min(value, top) / top, 0)
            colour = PALETTE[s_index % len(PALETTE)]
            tip = f"{category}, {item.name}: {shown}" if len(series) > 1 else f"{category}: {shown}"
            bars.append(
                f'<g class="bar" data-category="{esc(category)}" data-series="{esc(item.name)}" '
                f'data-value="{"" if value is None else esc(value)}">'
                f"<title>{esc(tip)}</title>"
                f'<rect x="{label_width}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{colour}"/>'
                f'<text x="{label_width + width + 5:.1f}" y="{y + BAR_HEIGHT - 4}" font-size="13" '
                f'fill="{TEXT}">{esc(shown)}</text></g>'
            )
        description.append(f"{category}: {', '.join(said)}.")
    axis = (
        f'<line x1="{label_width}" y1="{plot_top - 2}" x2="{label_width}" y2="{height - 4}" '
        f'stroke="{GRID}" stroke-width="1"/>'
    )
    if chart_id:
        labelled = f'aria-labelledby="{chart_id}-title {chart_id}-desc"'
        title_tag, desc_tag = f'<title id="{chart_id}-title">', f'<desc id="{chart_id}-desc">'
    else:
        labelled, title_tag, desc_tag = f'aria-label="{esc(title)}"', "<title>", "<desc>"
    # Every caller-supplied text above went through _esc.
    return mark_safe(  # noqa: S308
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" {labelled} '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" font-family="{FONT}">'
        f"{title_tag}{esc(title)}</title>{desc_tag}{esc(' '.join(description))}</desc>"
        f"{''.join(legend)}{axis}{''.join(bars)}</svg>"
    )
