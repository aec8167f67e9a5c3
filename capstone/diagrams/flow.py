"""The process map drawn: the steps in rows, left to right, each box green when it adds value
and amber when it does not, its wait above it and its working time below; under the steps a
lead-time bar splits the whole time into waiting, non-value-added and value-added minutes."""

from decimal import Decimal

from capstone.chartwords import number_text as number
from capstone.diagrams.canvas import MUTED, Diagram, wrap
from capstone.diagrams.process import ProcessMap, percent

WIDTH = 1100
PER_ROW = 5
BOX_W = 168
GAP_X = (WIDTH - 32 - PER_ROW * BOX_W) / (PER_ROW - 1)
SIZE = 13
VALUE_ADDED = ("#e3f4e8", "#2f855a")
NOT_VALUE_ADDED = ("#fff4d6", "#b7791f")
WAIT = "#cbd2d9"


def _step_lines(map_step):
    return [
        f"{map_step.number}. " + line if i == 0 else line
        for i, line in enumerate(wrap(map_step.step.description, BOX_W - 16, SIZE, max_lines=4))
    ]


def _minutes(value, observed=False):
    if value is None:
        return "no time yet"
    return f"{number(value)} min" + (" (observed)" if observed else "")


def _row_height(row):
    return max(len(_step_lines(s)) for s in row) * SIZE * 1.25 + 16


def _bar(diagram, process_map, top):
    """The lead-time bar: every minute of the lead time, waits first within each step."""
    lead = process_map.lead_time
    x0, width = 16, WIDTH - 32
    diagram.text(x0, top + 12, "Lead time, minute by minute", size=12, bold=True, fill=MUTED)
    top += 20
    diagram.rect(x0, top, width, 22, fill="#ffffff", stroke="#9aa5b1", radius=0)
    if lead:
        x = Decimal(x0)
        for step in process_map.steps:
            for minutes, colours in (
                (step.wait or 0, (WAIT, WAIT)),
                (step.work or 0, VALUE_ADDED if step.value_added else NOT_VALUE_ADDED),
            ):
                if not minutes:
                    continue
                w = Decimal(width) * minutes / lead
                diagram.rect(
                    float(x), top, float(w), 22, fill=colours[0], stroke=colours[1], radius=0
                )
                x += w
    legend = [
        (WAIT, f"Waiting {number(process_map.wait_time)} min"),
        (NOT_VALUE_ADDED[0], "Non-value-added work"),
        (VALUE_ADDED[0], f"Value-added {number(process_map.value_added_time)} min"),
    ]
    x = x0
    for colour, words in legend:
        diagram.rect(x, top + 32, 14, 14, fill=colour, stroke="#7b8794")
        diagram.text(x + 20, top + 44, words, size=12)
        x += 250
    diagram.text(
        WIDTH - 16,
        top + 44,
        f"Lead time {number(lead)} min · ratio {percent(process_map.ratio)}",
        size=12,
        anchor="end",
        bold=True,
    )
    return top + 56


def flow_diagram(process_map: ProcessMap) -> Diagram:
    rows = [process_map.steps[i : i + PER_ROW] for i in range(0, len(process_map.steps), PER_ROW)]
    heights = [_row_height(row) + 48 for row in rows]
    height = 8 + sum(heights) + 16 * max(len(rows) - 1, 0) + 84
    diagram = Diagram(
        width=WIDTH,
        height=height,
        title=f"Process map: {process_map.label}",
        desc=process_map.ratio_sentence(),
    )
    top = 8
    previous = None  # the right (or bottom) edge of the last box, for the arrow to the next
    for row, row_height in zip(rows, heights, strict=True):
        box_h = row_height - 48
        for column, map_step in enumerate(row):
            x = 16 + column * (BOX_W + GAP_X)
            y = top + 20
            fill, stroke = VALUE_ADDED if map_step.value_added else NOT_VALUE_ADDED
            kind = "Value-added" if map_step.value_added else "Non-value-added"
            diagram.rect(
                x,
                y,
                BOX_W,
                box_h,
                fill=fill,
                stroke=stroke,
                tip=f"{kind}: {map_step.step}",
                cls="qi-va" if map_step.value_added else "qi-nva",
            )
            diagram.text(x + 8, y + 8 + SIZE, _step_lines(map_step), size=SIZE)
            if map_step.wait:
                diagram.text(x, top + 13, f"Wait {_minutes(map_step.wait)}", size=12, fill=MUTED)
            diagram.text(
                x,
                y + box_h + 16,
                _minutes(map_step.work, map_step.work_observed),
                size=12,
                fill=MUTED,
            )
            mid = y + box_h / 2
            if previous is not None:
                px, py, same_row = previous
                if same_row:
                    diagram.line([(px, py), (x, mid)], arrow=True)
                else:
                    # From the end of the last row, down between the rows, to this first box.
                    turn, centre = top - 6, x + BOX_W / 2
                    path = [(px, py), (px + 8, py), (px + 8, turn), (centre, turn), (centre, y)]
                    diagram.line(path, arrow=True)
            previous = (x + BOX_W, mid, column < len(row) - 1)
        top += row_height + 16
    _bar(diagram, process_map, top - 8)
    return diagram
