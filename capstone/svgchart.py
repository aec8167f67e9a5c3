"""Server-side SVG rendering of an SPC analysis from :func:`capstone.spc.analyze`.

Pure Python, standard library only. ``render_svg()`` returns a standalone, accessible SVG
string (``role="img"`` with ``<title>`` and ``<desc>``, no external fonts or CSS) that can be
inlined into a template with ``|safe`` or served as ``image/svg+xml``. Every piece of text
that comes from the caller is escaped with :func:`html.escape`.

Drawing conventions
-------------------
* Data: a grey-blue line through the included points, broken at excluded points (gaps), and
  one ``<circle class="point ...">`` marker per included point, carrying ``data-index``
  (0-based), ``data-signals`` (the point's codes, space separated) and a tooltip ``<title>``.
* Marker colours: red = outside the limits, orange = any other signal (run, runs, shift,
  trend, two_of_three). For ``rules="mdc"``: blue = special-cause improvement, orange =
  special-cause concern, grey = common cause. The marker's class says the same
  (``point-outside``, ``point-signal``, ``point-improvement``, ``point-concern``).
* Centre line: solid, one horizontal segment per phase joined by a vertical step where the
  phase changes; orange when the phase's Anhøj runs analysis signals (``rules="anhoej"``).
* Control limits: dashed step lines drawn point by point (P and U limits vary with the
  denominator); gaps where a limit is undefined.
* Phases (``parts``) or a frozen baseline (``freeze``) get a dashed vertical separator and
  a name at the top: ``phase_names`` or "Phase 1", "Phase 2", … ("Baseline" and "After
  baseline" for a freeze).
* Target: dotted green horizontal line with a label. Annotations ``(index, text)``: small
  numbered markers at the bottom of the plot at that label index, with the text as tooltip
  and in ``<desc>``.
* P and P′ charts are labelled as percentages (the analysis keeps proportions).
* Lower limits of 0 (G charts always, T and MR charts) are drawn like any other limit.

The plain words (legend sentences, summary) are in :mod:`capstone.chartwords`.

``describe_signals()`` turns the analysis into plain-words legend sentences; the same
sentences are put in the SVG's ``<desc>`` for screen readers.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence

from capstone.chartwords import (
    PERCENT_CHARTS,
    _esc,
    _format_value,
    _phase_labels,
    _summary_text,
    describe_signals,
)

__all__ = ["describe_signals", "render_svg"]

FONT_FAMILY = "system-ui, sans-serif"
COLOURS = {
    "text": "#1f2933",
    "muted": "#616e7c",
    "grid": "#e4e7eb",
    "axis": "#9aa5b1",
    "data": "#8fa3bf",
    "point": "#3e4c59",
    "centre": "#3e4c59",
    "limit": "#7b8794",
    "signal": "#f08c00",
    "outside": "#d62728",
    "improvement": "#1c64f2",
    "concern": "#f08c00",
    "common": "#9aa5b1",
    "target": "#2f9e44",
    "annotation": "#7048e8",
    "separator": "#9aa5b1",
}


# --------------------------------------------------------------------------------------
# Scales
# --------------------------------------------------------------------------------------


def _nice_step(raw: float) -> float:
    exponent = math.floor(math.log10(raw))
    base = 10.0**exponent
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * base * (1 + 1e-9):
            return multiple * base
    return 10 * base


def _nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """About ``count`` round tick values covering [lo, hi]."""
    if hi <= lo:
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    step = _nice_step((hi - lo) / (count - 1))
    first = math.floor(lo / step + 1e-9) * step
    last = math.ceil(hi / step - 1e-9) * step
    ticks = []
    k = 0
    while True:
        value = first + k * step
        if value > last + step * 1e-6:
            break
        ticks.append(0.0 if abs(value) < step * 1e-9 else value)
        k += 1
    return ticks


def _tick_text(value: float, step: float, chart: str) -> str:
    if chart in PERCENT_CHARTS:
        value, step = value * 100, step * 100
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 0
    if not math.isclose(step * 10**decimals, round(step * 10**decimals), rel_tol=1e-9):
        decimals += 1
    text = f"{value:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return f"{text}%" if chart in PERCENT_CHARTS else text


def _fmt(x: float) -> str:
    return f"{x:.1f}"


# --------------------------------------------------------------------------------------
# SVG
# --------------------------------------------------------------------------------------


def render_svg(
    analysis: dict,
    *,
    labels: Sequence[object],
    title: str,
    unit: str = "",
    target: float | None = None,
    annotations: Iterable[tuple[int, str]] = (),
    width: int = 900,
    height: int = 360,
    phase_names: Sequence[str] | None = None,
) -> str:
    """Render ``analysis`` as a standalone SVG string (see the module docstring)."""
    points = analysis["points"]
    phases = analysis["phases"]
    chart = analysis["chart"]
    rules = analysis.get("rules", "anhoej")
    n = len(points)
    labels = [str(label) for label in labels]
    if len(labels) != n:
        raise ValueError(f"labels must have one entry per point: got {len(labels)} for {n}.")
    annotations = [(int(index), str(text)) for index, text in annotations]
    for index, _text in annotations:
        if not 0 <= index < n:
            raise ValueError(f"annotation index {index} is out of range for {n} points.")
    if width < 200 or height < 150:
        raise ValueError("width must be at least 200 and height at least 150.")

    uid = (
        "spc-"
        + hashlib.sha1(  # noqa: S324 - an id for aria references, not security
            repr((title, labels, [p["y"] for p in points])).encode()
        ).hexdigest()[:10]
    )

    # The right margin holds the CL/UCL/LCL labels: wide enough for the longest, so a label
    # such as "LCL 22.6 minutes" is not cut at the edge (at most a third of the width).
    edge_labels = _edge_label_texts(points, phases, chart, unit)
    longest = max((_text_width(text) for _, text, _ in edge_labels), default=0)
    right = min(max(104, round(longest) + 16), width // 3)
    left, top, bottom = 64, 48, 46
    x0, x1, y0, y1 = left, width - right, top, height - bottom
    band = (x1 - x0) / max(n, 1)

    def x_at(i: float) -> float:
        return x0 + (i + 0.5) * band

    values = [p[key] for p in points for key in ("y", "cl", "lcl", "ucl")]
    if target is not None:
        values.append(float(target))
    finite = [v for v in values if v is not None and math.isfinite(v)]
    ticks = _nice_ticks(min(finite, default=0.0), max(finite, default=1.0))
    lo, hi = ticks[0], ticks[-1]
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0

    def y_at(v: float) -> float:
        return y1 - (v - lo) / (hi - lo) * (y1 - y0)

    legend = describe_signals(analysis, unit=unit, phase_names=phase_names)
    summary = _summary_text(analysis, unit, phase_names)
    desc_parts = [summary, *legend]
    if annotations:
        notes = "; ".join(
            f"{k + 1} ({labels[i]}): {text}" for k, (i, text) in enumerate(annotations)
        )
        desc_parts.append(f"Annotations: {notes}.")

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{uid}-title {uid}-desc" font-family="{FONT_FAMILY}" '
        f'font-size="12" fill="{COLOURS["text"]}">',
        f'<title id="{uid}-title">{_esc(title)}</title>',
        f'<desc id="{uid}-desc">{_esc(" ".join(desc_parts))}</desc>',
        f'<rect class="background" x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text class="chart-title" x="{x0}" y="22" font-size="15" font-weight="600">'
        f"{_esc(title)}</text>",
    ]

    # Grid and y axis.
    out.append('<g class="y-axis">')
    for tick in ticks:
        ty = _fmt(y_at(tick))
        out.append(
            f'<line x1="{x0}" y1="{ty}" x2="{x1}" y2="{ty}" stroke="{COLOURS["grid"]}" '
            'stroke-width="1"/>'
        )
        out.append(
            f'<text class="y-tick" x="{x0 - 8}" y="{ty}" text-anchor="end" '
            f'dominant-baseline="middle" fill="{COLOURS["muted"]}">'
            f"{_esc(_tick_text(tick, step, chart))}</text>"
        )
    if unit and chart not in PERCENT_CHARTS:
        mid = _fmt((y0 + y1) / 2)
        out.append(
            f'<text class="y-title" x="14" y="{mid}" text-anchor="middle" '
            f'transform="rotate(-90 14 {mid})" fill="{COLOURS["muted"]}">{_esc(unit)}</text>'
        )
    out.append("</g>")

    # X axis with thinned labels.
    out.append('<g class="x-axis">')
    out.append(
        f'<line x1="{x0}" y1="{y1}" x2="{x1}" y2="{y1}" stroke="{COLOURS["axis"]}" '
        'stroke-width="1"/>'
    )
    longest = max((len(label) for label in labels), default=1)
    room = max(1, int((x1 - x0) // (longest * 6.5 + 10)))
    every = max(1, math.ceil(n / room))
    for i in range(0, n, every):
        xi = _fmt(x_at(i))
        out.append(
            f'<line x1="{xi}" y1="{y1}" x2="{xi}" y2="{y1 + 4}" stroke="{COLOURS["axis"]}"/>'
        )
        out.append(
            f'<text class="x-label" x="{xi}" y="{y1 + 18}" text-anchor="middle" '
            f'fill="{COLOURS["muted"]}">{_esc(labels[i])}</text>'
        )
    out.append("</g>")

    # Phase separators and names.
    regions = _regions(analysis, phase_names)
    if len(regions) > 1 or phase_names:
        out.append('<g class="phases">')
        for k, (start, end, name) in enumerate(regions):
            if k > 0:
                sx = _fmt(x0 + start * band)
                out.append(
                    f'<line class="phase-separator" x1="{sx}" y1="{y0 - 6}" x2="{sx}" '
                    f'y2="{y1}" stroke="{COLOURS["separator"]}" stroke-dasharray="4 3"/>'
                )
            mid = _fmt(x0 + (start + end + 1) / 2 * band)
            out.append(
                f'<text class="phase-label" x="{mid}" y="{y0 - 10}" text-anchor="middle" '
                f'font-weight="600" fill="{COLOURS["muted"]}">{_esc(name)}</text>'
            )
        out.append("</g>")

    # Control limits as step lines, point by point.
    if chart != "run":
        for key in ("ucl", "lcl"):
            for path in _step_paths([p[key] for p in points], x0, band, y_at):
                out.append(
                    f'<path class="limit {key}" d="{path}" fill="none" '
                    f'stroke="{COLOURS["limit"]}" stroke-width="1.2" stroke-dasharray="6 4"/>'
                )

    # Centre line: a solid segment per phase, joined by vertical steps.
    previous: tuple[float, float] | None = None
    for phase in phases:
        cl = phase["cl"]
        if cl is None:
            previous = None
            continue
        anhoej_signal = rules == "anhoej" and phase["runs_signal"]
        colour = COLOURS["signal"] if anhoej_signal else COLOURS["centre"]
        sx, ex, cy = x0 + phase["start"] * band, x0 + (phase["end"] + 1) * band, y_at(cl)
        if previous is not None and previous[0] == sx and previous[1] != cy:
            out.append(
                f'<line class="centre-step" x1="{_fmt(sx)}" y1="{_fmt(previous[1])}" '
                f'x2="{_fmt(sx)}" y2="{_fmt(cy)}" stroke="{COLOURS["centre"]}" '
                'stroke-width="1.5"/>'
            )
        out.append(
            f'<line class="centre-line" x1="{_fmt(sx)}" y1="{_fmt(cy)}" x2="{_fmt(ex)}" '
            f'y2="{_fmt(cy)}" stroke="{colour}" stroke-width="1.8"/>'
        )
        previous = (ex, cy)

    # Line labels at the right edge, for the last phase.
    if edge_labels:
        # Lines close together (a T or G chart's centre near its lower limit of 0) would
        # print their labels on top of each other: keep them a line of text apart.
        placed: list[tuple[float, str]] = []
        for value, text, _name in edge_labels:
            ly = y_at(value)
            if placed and ly - placed[-1][0] < 12:
                ly = placed[-1][0] + 12
            placed.append((ly, text))
        for ly, text in placed:
            out.append(
                f'<text class="line-label" x="{x1 + 6}" y="{_fmt(ly)}" '
                f'dominant-baseline="middle" fill="{COLOURS["muted"]}">{_esc(text)}</text>'
            )

    # Target.
    if target is not None:
        ty = _fmt(y_at(float(target)))
        out.append(
            f'<line class="target" x1="{x0}" y1="{ty}" x2="{x1}" y2="{ty}" '
            f'stroke="{COLOURS["target"]}" stroke-width="1.5" stroke-dasharray="2 3"/>'
        )
        out.append(
            f'<text class="target-label" x="{x0 + 4}" y="{_fmt(y_at(float(target)) - 5)}" '
            f'fill="{COLOURS["target"]}">Target {_esc(_format_value(float(target), chart, unit))}'
            "</text>"
        )

    # Where each plotted point is drawn, worked out once for the line and the markers
    # (x_at and y_at, as "%.1f" like _fmt).
    at = [
        None if point["y"] is None else (f"{x_at(i):.1f}", f"{y_at(point['y']):.1f}")
        for i, point in enumerate(points)
    ]

    # Data line, broken at excluded points.
    segment: list[str] = []
    for xy in [*at, None]:
        if xy is None:
            if len(segment) > 1:
                out.append(
                    f'<polyline class="data-line" points="{" ".join(segment)}" fill="none" '
                    f'stroke="{COLOURS["data"]}" stroke-width="2" stroke-linejoin="round"/>'
                )
            segment = []
        else:
            segment.append(f"{xy[0]},{xy[1]}")

    # Point markers.
    out.append('<g class="points">')
    radius = 4 if n <= 60 else 3 if n <= 150 else 2
    for i, (point, xy) in enumerate(zip(points, at, strict=True)):
        if xy is None:
            continue
        kind, fill = _marker_style(point, rules)
        signals = " ".join(point["signals"])
        tip = f"{labels[i]}: {_format_value(point['y'], chart, unit)}"
        if signals:
            tip += f" ({signals.replace('_', ' ')})"
        out.append(
            f'<circle class="point point-{kind}" data-index="{i}" '
            f'data-signals="{_esc(signals) if signals else ""}" '
            f'cx="{xy[0]}" cy="{xy[1]}" r="{radius}" fill="{fill}" '
            f'stroke="#ffffff" stroke-width="1"><title>{_esc(tip)}</title></circle>'
        )
    out.append("</g>")

    # Annotations: numbered markers at the bottom of the plot.
    if annotations:
        out.append('<g class="annotations">')
        # Notes at the same or nearby points stack upwards instead of printing 1, 2 and 3 on
        # top of each other: each takes the lowest row with no number within reach.
        rows: list[list[float]] = []
        for k, (i, text) in enumerate(annotations):
            x = x_at(i)
            reach = _text_width(str(k + 1), 10) + 6
            row = next(
                (r for r, xs in enumerate(rows) if all(abs(x - other) >= reach for other in xs)),
                len(rows),
            )
            if row == len(rows):
                rows.append([])
            rows[row].append(x)
            ax, top_y = _fmt(x), y1 - 14 - 12 * row
            out.append(
                f'<g class="annotation" data-index="{i}" data-row="{row}">'
                f"<title>{_esc(text)}</title>"
                f'<line x1="{ax}" y1="{_fmt(top_y)}" x2="{ax}" y2="{y1}" '
                f'stroke="{COLOURS["annotation"]}" stroke-width="1.5"/>'
                f'<text x="{ax}" y="{_fmt(top_y - 4)}" text-anchor="middle" font-size="10" '
                f'font-weight="700" fill="{COLOURS["annotation"]}">{k + 1}</text></g>'
            )
        out.append("</g>")

    out.append("</svg>")
    return "\n".join(out)


def _text_width(text: str, font_size: float = 12) -> float:
    """A generous estimate of a text's width in the chart's sans-serif font (no font metrics
    on the server): 0.62 em a character."""
    return len(text) * font_size * 0.62


def _edge_label_texts(points, phases, chart, unit) -> list[tuple[float, str, str]]:
    """(value, text, name) of the CL/UCL/LCL labels for the last phase, highest first."""
    if not phases or not points:
        return []
    last = points[-1]
    labels = [("CL", last["cl"]), ("UCL", last["ucl"]), ("LCL", last["lcl"])]
    return [
        (value, f"{name} {_format_value(value, chart, unit)}", name)
        for name, value in sorted(
            ((n, v) for n, v in labels if v is not None), key=lambda item: -item[1]
        )
    ]


def _marker_style(point: dict, rules: str) -> tuple[str, str]:
    if rules == "mdc":
        variation = point.get("variation")
        if variation == "improvement":
            return "improvement", COLOURS["improvement"]
        if variation == "concern":
            return "concern", COLOURS["concern"]
        return "common", COLOURS["common"]
    if "outside" in point["signals"]:
        return "outside", COLOURS["outside"]
    if point["signals"]:
        return "signal", COLOURS["signal"]
    return "normal", COLOURS["point"]


def _regions(analysis: dict, phase_names: Sequence[str] | None) -> list[tuple[int, int, str]]:
    """(start, end, name) of each labelled region: phases, or baseline/after for a freeze."""
    phases = analysis["phases"]
    names = list(phase_names or [])
    freeze = analysis.get("freeze")
    if len(phases) == 1 and freeze is not None and freeze < phases[0]["end"] + 1:
        defaults = ["Baseline", "After baseline"]
        names = names + defaults[len(names) :]
        return [(0, freeze - 1, names[0]), (freeze, phases[0]["end"], names[1])]
    labels = _phase_labels(analysis, phase_names)
    return [(p["start"], p["end"], labels[k]) for k, p in enumerate(phases)]


def _step_paths(values: list[float | None], x0: float, band: float, y_at) -> list[str]:
    """Step-line path data: a level across each point's band, gaps where undefined."""
    paths: list[str] = []
    current: list[str] = []
    for i, value in enumerate([*values, None]):
        if value is None:
            if current:
                paths.append(" ".join(current))
            current = []
            continue
        # As _fmt writes them, without a call for each of hundreds of numbers.
        left, right, y = f"{x0 + i * band:.1f}", f"{x0 + (i + 1) * band:.1f}", f"{y_at(value):.1f}"
        current.append(f"{'M' if not current else 'L'}{left} {y} L{right} {y}")
    return paths
