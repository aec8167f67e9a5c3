"""The key measure's chart for documents, drawn from the SPC engine's analysis (the generic
fields every chart type has: each point's y, cl, lcl, ucl, phase and signals).

The drawing is laid out once as shapes; reportlab draws them as vectors (A3, poster) and Pillow
as a PNG (the deck, where an image is what every slide program shows the same way)."""

import io
import math
import os

import reportlab
from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors

from capstone.documents.story import number

INK = "#1f2a2e"
GRID = "#d9e1e4"
DATA = "#0b5563"
CENTRE = "#2e7d32"
LIMIT = "#8a9599"
SIGNAL = "#d9480f"
TARGET = "#7048e8"
DIVIDER = "#555555"


def _ticks(low, high, count=5):
    """Round tick values covering low..high."""
    span = high - low or abs(high) or 1
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks, value = [], first
    while value <= high + step * 0.001:
        ticks.append(round(value, 10))
        value += step
    return ticks


def chart_shapes(chart, width, height, *, font=8.0):
    """The chart as a list of shape dicts in points, origin bottom-left. `chart` is a
    capstone.charts.MeasureChart with an analysis."""
    drawn = chart.drawn
    points = drawn["points"]
    shown = chart.shown
    n = len(points)
    values = []
    for p in points:
        values += [shown(v) for v in (p["y"], p["cl"], p["lcl"], p["ucl"]) if v is not None]
    target = chart.target
    if target is not None:
        values.append(shown(target))
    low, high = (min(values), max(values)) if values else (0, 1)
    ticks = _ticks(low, high)
    low, high = min(ticks[0], low), max(ticks[-1], high)
    if high == low:
        high = low + 1

    left, right = font * 5.2, font * 1.2
    legend = [
        (DATA, "data"),
        (SIGNAL, "signal (special cause)"),
        (CENTRE, chart.summary.centre_word),
    ]
    if any(p["ucl"] is not None for p in points):
        legend.append((LIMIT, "control limits"))
    if target is not None:
        legend.append((TARGET, "target"))
    placed, cursor, row = [], left, 0
    for colour, label in legend:
        size = font * 2.6 + len(label) * font * 0.5
        if cursor + size > width and cursor > left:
            cursor, row = left, row + 1  # the next legend row, below
        placed.append((cursor, row, colour, label))
        cursor += size
    top, bottom = font * 3.0, font * (4.4 + 1.3 * row)
    plot_w, plot_h = width - left - right, height - top - bottom
    shapes = []

    def x(i):
        return left + (plot_w * (i + 0.5) / n)

    def y(v):
        return bottom + plot_h * (v - low) / (high - low)

    shapes.append({"type": "rect", "x": left, "y": bottom, "w": plot_w, "h": plot_h})
    for tick in ticks:
        if low <= tick <= high:
            shapes.append(_line(left, y(tick), left + plot_w, y(tick), GRID, 0.5))
            shapes.append(
                _text(left - font * 0.4, y(tick) - font * 0.35, number(tick, 2), font, "end")
            )
    unit = chart.unit
    title = chart.title + (f" ({unit})" if unit and unit not in chart.title else "")
    most = int(width / (font * 1.15 * 0.55))  # characters that fit across, roughly
    if len(title) > most:
        title = title[: most - 1] + "…"
    shapes.append(_text(left, height - font * 1.3, title, font * 1.15, "start", bold=True))

    # Baseline | post-event: the divider at the first post-event point (with a frozen
    # baseline the engine has one phase, so the split comes from the chart, not the phases).
    names = chart.phase_names or []
    if chart.split:
        divide = chart.baseline_count
        mid = left + plot_w * divide / n
        shapes.append(_line(mid, bottom, mid, bottom + plot_h, DIVIDER, 1, dash=(4, 3)))
        for name, (start, end) in zip(names, ((0, divide), (divide, n)), strict=False):
            label_x = left + plot_w * (start + end) / 2 / n
            shapes.append(_text(label_x, bottom + plot_h + font * 0.4, name, font, "middle"))
    for key, colour, dash in (("cl", CENTRE, None), ("lcl", LIMIT, (3, 2)), ("ucl", LIMIT, (3, 2))):
        run = []
        for i, p in enumerate(points):
            value = p[key]
            edge = i and points[i - 1]["phase"] != p["phase"]
            if value is None or edge:
                _flush(shapes, run, colour, dash)
                run = []
            if value is not None:
                run += [
                    (x(i) - plot_w / n / 2, y(shown(value))),
                    (x(i) + plot_w / n / 2, y(shown(value))),
                ]
        _flush(shapes, run, colour, dash)
    if target is not None:
        shapes.append(
            _line(left, y(shown(target)), left + plot_w, y(shown(target)), TARGET, 1, (1, 2))
        )
        shapes.append(_text(left + 3, y(shown(target)) + 2, "Target", font * 0.9, "start", TARGET))

    # The data, with each signal point marked.
    line = []
    for i, p in enumerate(points):
        if p["y"] is None:
            _flush(shapes, line, DATA, None, width=1.4)
            line = []
            continue
        line.append((x(i), y(shown(p["y"]))))
    _flush(shapes, line, DATA, None, width=1.4)
    radius = max(font * 0.2, min(font * 0.4, plot_w / n / 4))
    for i, p in enumerate(points):
        if p["y"] is not None:
            signal = bool(p["signals"])
            shapes.append(
                {
                    "type": "circle",
                    "x": x(i),
                    "y": y(shown(p["y"])),
                    "r": radius * (1.35 if signal else 1),
                    "colour": SIGNAL if signal else DATA,
                }
            )

    # X labels: as many as fit side by side (a label is about seven characters), at most eight.
    step = max(1, math.ceil(n / max(2, min(8, plot_w / (font * 6)))))
    for i in range(0, n, step):
        shapes.append(_text(x(i), bottom - font * 1.3, chart.labels[i], font * 0.9, "middle"))
    for cursor, at_row, colour, label in placed:
        base = font * 0.6 + (row - at_row) * font * 1.3
        shapes.append(
            _line(cursor, base + font * 0.35, cursor + font * 1.6, base + font * 0.35, colour, 2)
        )
        shapes.append(_text(cursor + font * 2, base, label, font * 0.9, "start"))
    return shapes


def _line(x1, y1, x2, y2, colour, width, dash=None):
    return {
        "type": "line",
        "points": [(x1, y1), (x2, y2)],
        "colour": colour,
        "width": width,
        "dash": dash,
    }


def _flush(shapes, run, colour, dash, width=1.0):
    if len(run) >= 2:
        shapes.append(
            {"type": "line", "points": run, "colour": colour, "width": width, "dash": dash}
        )


def _text(x, y, text, size, anchor, colour=INK, bold=False):
    return {
        "type": "text",
        "x": x,
        "y": y,
        "text": text,
        "size": size,
        "anchor": anchor,
        "colour": colour,
        "bold": bold,
    }


# Vectors -------------------------------------------------------------------------------


def chart_drawing(chart, width, height, *, font=8.0) -> Drawing:
    """A reportlab Drawing (a flowable): vectors in the PDF."""
    drawing = Drawing(width, height)
    for shape in chart_shapes(chart, width, height, font=font):
        kind = shape["type"]
        if kind == "rect":
            drawing.add(
                Rect(
                    shape["x"],
                    shape["y"],
                    shape["w"],
                    shape["h"],
                    strokeColor=colors.HexColor(GRID),
                    fillColor=None,
                    strokeWidth=0.6,
                )
            )
        elif kind == "line":
            flat = [c for point in shape["points"] for c in point]
            drawing.add(
                PolyLine(
                    flat,
                    strokeColor=colors.HexColor(shape["colour"]),
                    strokeWidth=shape["width"],
                    strokeDashArray=shape["dash"],
                )
                if len(shape["points"]) > 2
                else Line(
                    *flat,
                    strokeColor=colors.HexColor(shape["colour"]),
                    strokeWidth=shape["width"],
                    strokeDashArray=shape["dash"],
                )
            )
        elif kind == "circle":
            colour = colors.HexColor(shape["colour"])
            drawing.add(
                Circle(shape["x"], shape["y"], shape["r"], fillColor=colour, strokeColor=colour)
            )
        else:
            drawing.add(
                String(
                    shape["x"],
                    shape["y"],
                    shape["text"],
                    fontSize=shape["size"],
                    fontName="Helvetica-Bold" if shape["bold"] else "Helvetica",
                    fillColor=colors.HexColor(shape["colour"]),
                    textAnchor=shape["anchor"],
                )
            )
    return drawing


# Pixels --------------------------------------------------------------------------------

FONT_DIR = os.path.join(os.path.dirname(reportlab.__file__), "fonts")


def _font(size, bold):
    return ImageFont.truetype(os.path.join(FONT_DIR, "VeraBd.ttf" if bold else "Vera.ttf"), size)


def chart_png(chart, width, height, *, font=8.0, scale=3) -> bytes:
    """The same chart as a PNG, `scale` pixels to the point."""
    image = Image.new("RGB", (round(width * scale), round(height * scale)), "white")
    draw = ImageDraw.Draw(image)

    def at(px, py):
        return (px * scale, (height - py) * scale)

    for shape in chart_shapes(chart, width, height, font=font):
        kind = shape["type"]
        if kind == "rect":
            x0, y0 = at(shape["x"], shape["y"] + shape["h"])
            x1, y1 = at(shape["x"] + shape["w"], shape["y"])
            draw.rectangle([x0, y0, x1, y1], outline=GRID, width=max(1, round(0.6 * scale)))
        elif kind == "line":
            points = [at(*p) for p in shape["points"]]
            line_width = max(1, round(shape["width"] * scale))
            if shape["dash"]:
                _dashed(draw, points, shape["dash"], scale, shape["colour"], line_width)
            else:
                draw.line(points, fill=shape["colour"], width=line_width, joint="curve")
        elif kind == "circle":
            cx, cy = at(shape["x"], shape["y"])
            r = shape["r"] * scale
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=shape["colour"])
        else:
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[shape["anchor"]]
            draw.text(
                at(shape["x"], shape["y"]),
                shape["text"],
                fill=shape["colour"],
                font=_font(round(shape["size"] * scale), shape["bold"]),
                anchor=anchor,
            )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _dashed(draw, points, dash, scale, colour, width):
    on, off = dash[0] * scale, dash[1] * scale
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        length = math.hypot(x1 - x0, y1 - y0)
        travelled = 0.0
        while travelled < length:
            end = min(travelled + on, length)
            a, b = travelled / length, end / length
            draw.line(
                [
                    (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a),
                    (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b),
                ],
                fill=colour,
                width=width,
            )
            travelled = end + off
