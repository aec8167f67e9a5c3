"""Thinning a long series for drawing only: a measure with thousands of points (a daily
measure kept for years) would draw thousands of markers that no screen can show apart and
weigh megabytes of HTML. The analysis is never thinned: limits, runs, shifts and every signal
come from all the points; only the drawing is aggregated.

Each stretch of consecutive points (never across a phase or the frozen baseline) is drawn as
its lowest and its highest point, in time order, so the line keeps its spread and every
point beyond a limit, being the extreme of its stretch, stays visible. A drawn point carries
the signals of its whole stretch, so a shift or a trend is still coloured where it is."""

import bisect
import math
from dataclasses import dataclass

# One stretch per this many pixels of the chart's width: two marks in it at most.
PIXELS_PER_STRETCH = 4
# Room the chart's margins take (left axis, right line labels) out of its width.
MARGINS = 170


@dataclass(frozen=True)
class Drawing:
    analysis: dict
    labels: list
    annotations: list
    # How many points the series has, and how many are drawn.
    points: int
    drawn: int

    @property
    def thinned(self) -> bool:
        return self.drawn < self.points


def stretches_for(width: int) -> int:
    return max(20, (width - MARGINS) // PIXELS_PER_STRETCH)


def _cuts(analysis) -> list[int]:
    """Where stretches must end: every phase's start, and the frozen baseline's end."""
    cuts = {phase["start"] for phase in analysis["phases"]}
    freeze = analysis.get("freeze")
    if freeze is not None:
        cuts.add(freeze)
    return sorted(cuts | {len(analysis["points"])})


def without_signals(analysis: dict, hidden) -> dict:
    """The analysis with the `hidden` signal codes taken off its points (the same dict when
    no point carries one)."""
    points = analysis["points"]
    if not hidden or not any(code in hidden for point in points for code in point["signals"]):
        return analysis
    shown = [
        {**point, "signals": [code for code in point["signals"] if code not in hidden]}
        if any(code in hidden for code in point["signals"])
        else point
        for point in points
    ]
    return {**analysis, "points": shown}


def _stretch_marks(points, ys, first, stop, shared_skip) -> list[tuple[int, dict]]:
    values = ys[first:stop]
    if None not in values:
        # The first lowest and the first highest point of the stretch.
        picks = sorted({first + values.index(min(values)), first + values.index(max(values))})
    else:
        plotted = [(y, i) for i, y in enumerate(values, first) if y is not None]
        if not plotted:
            # Nothing plotted here (excluded points): one mark keeps the gap in the line.
            picks = [first]
        else:
            low = min(plotted)[1]
            high = max(plotted, key=_by_value)[1]
            picks = sorted({low, high})
    # "outside" stays with the point that is outside; the other signals mark the stretch,
    # each once, in the order they first appear.
    found = {}
    for point in points[first:stop]:
        for code in point["signals"]:
            if code not in shared_skip:
                found[code] = None
    shared = list(found)
    marks = []
    for i in picks:
        own = points[i]["signals"]
        signals = [*[c for c in own if c == "outside"], *shared]
        marks.append((i, {**points[i], "signals": signals}))
    return marks


def _by_value(plotted):
    return plotted[0]


def thin_for_drawing(analysis: dict, labels, annotations, *, width: int, hidden=()) -> Drawing:
    """The analysis, labels and annotations to draw in a chart `width` pixels wide: as
    given when the series fits, else thinned (see the module docstring). The `hidden`
    signal codes are left off the drawn points (see `without_signals`)."""
    points = analysis["points"]
    n = len(points)
    stretches = stretches_for(width)
    if n <= 2 * stretches:
        return Drawing(without_signals(analysis, hidden), list(labels), list(annotations), n, n)
    size = math.ceil(n / stretches)
    ys = [point["y"] for point in points]
    shared_skip = {"outside", *hidden}
    kept: list[tuple[int, dict]] = []
    drawn_at = [0] * n
    start = 0
    for cut in _cuts(analysis):
        for first in range(start, cut, size):
            stop = min(first + size, cut)
            drawn_at[first:stop] = [len(kept)] * (stop - first)
            kept += _stretch_marks(points, ys, first, stop, shared_skip)
        start = cut
    originals = [original for original, _ in kept]
    # A phase runs from the first mark of its first stretch to the last mark of its last.
    phases = [
        {
            **phase,
            "start": drawn_at[phase["start"]],
            "end": bisect.bisect_right(originals, phase["end"]) - 1,
        }
        for phase in analysis["phases"]
    ]
    thinned = {**analysis, "points": [point for _, point in kept], "phases": phases}
    freeze = analysis.get("freeze")
    if freeze is not None and freeze < n:
        thinned["freeze"] = drawn_at[freeze]
    return Drawing(
        thinned,
        [labels[i] for i, _ in kept],
        [(drawn_at[i], text) for i, text in annotations],
        n,
        len(kept),
    )


def count_every_point(svg: str, drawing: Drawing) -> str:
    """The chart's description counts the drawn points; a thinned chart says how many the
    series has and how it was drawn instead."""
    if not drawing.thinned:
        return svg
    drawn = drawing.analysis["points"]
    included = sum(1 for p in drawn if p["y"] is not None)
    return svg.replace(
        f" of {drawing.drawn} points ({included} included).",
        f" of {drawing.points} points, drawn as {drawing.drawn} marks (each the lowest or "
        "highest point of its stretch); the analysis uses every point.",
        1,
    )
