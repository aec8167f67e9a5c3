"""A measure's chart: its data points turned into capstone.spc input, the analysis, the
annotations (the two-day event, its tests of change, the notes on the measure), the SVG and
the baseline vs post-event summary.

Reads only what `Measure.objects.for_charts()` prefetches, so a page of charts costs a fixed
number of queries."""

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import prefetch_related_objects

from capstone import spc, svgchart
from capstone.chartpoints import ChartPoint as ChartPoint  # where the pages import it from
from capstone.chartpoints import PointLabels
from capstone.chartthin import count_every_point, thin_for_drawing, without_signals
from capstone.chartwords import PERCENT_CHARTS
from capstone.models.measures import (
    BaselineMode,
    ChartMode,
    ChartSettings,
    ControlChart,
    DataType,
    Phase,
)

# The word for each chart's centre line in the baseline vs post-event summary.
CENTRE_WORDS = {chart: "mean" for chart in ControlChart.values} | {
    "run": "median",
    "g": "median",
    "t": "centre",
}
CHART_NAMES = {"run": "Run chart"} | {c.value: c.label for c in ControlChart}
PHASE_NAMES = ["Baseline", "Post-event"]
RATIO_CHARTS = ("p", "u", "pp", "up")
# Signal codes drawn by the centre line and the legend rather than on each point.
UNDRAWN_CODES = ("runs",)


@dataclass(frozen=True)
class MeasureSummary:
    """Baseline vs post-event, in the measure's unit."""

    baseline_centre: float | None
    post_centre: float | None
    baseline_points: int
    post_points: int
    centre_word: str
    direction: str
    signal: bool = False
    signal_points: tuple = ()

    @property
    def change(self):
        if self.baseline_centre is None or self.post_centre is None:
            return None
        return self.post_centre - self.baseline_centre

    @property
    def percent_change(self):
        if self.change is None or not self.baseline_centre:
            return None
        return self.change / abs(self.baseline_centre) * 100

    @property
    def is_better(self):
        """Whether the post-event centre moved in the direction of improvement (None: no
        data or no change)."""
        if not self.change:
            return None
        return (self.change > 0) == (self.direction == "up")

    @property
    def improvement(self):
        """The change counted in the direction of improvement: positive is better."""
        if self.change is None:
            return None
        return self.change if self.direction == "up" else -self.change

    @property
    def improvement_percent(self):
        if self.percent_change is None:
            return None
        return self.percent_change if self.direction == "up" else -self.percent_change

    @property
    def has_both(self):
        return self.baseline_centre is not None and self.post_centre is not None


@dataclass
class Row:
    """One line of the table view."""

    point: object
    label: str
    y: float | None
    cl: float | None
    lcl: float | None
    ucl: float | None
    phase: str
    signals: list = field(default_factory=list)


SIGNAL_WORDS = {
    "outside": "outside the limits",
    "run": "part of a long run",
    "runs": "in a phase whose runs analysis signals",
    "shift": "part of a shift",
    "trend": "part of a trend",
    "two_of_three": "two of three points near a limit",
}


class MeasureChart:
    def __init__(self, measure, *, mode=None, rules=None, points=None):
        self.measure = measure
        self.mode = mode if mode in ChartMode.values else measure.chart_mode
        self.rules = rules if rules in spc.RULES else self.program_rules(measure)
        self.data_type = DataType(measure.data_type)
        self.chart = "run" if self.mode == ChartMode.RUN else measure.chart_type
        self.rules_note = ""
        if self.chart == "run" and self.rules == "mdc":
            # Making Data Count judges points against process limits, which run charts lack.
            self.rules = "anhoej"
            self.rules_note = (
                "Making Data Count needs a control chart; this run chart uses the Anhøj rules."
            )
        elif self.rules == "mdc" and self.chart not in spc.MDC_CHARTS:
            self.rules = "anhoej"
            self.rules_note = (
                f"Making Data Count has rules for I, P, C and U charts only; this "
                f"{CHART_NAMES[self.chart].split(' (')[0]} uses the Anhøj rules."
            )
        # Points read already (e.g. ChartPoint.for_measures for a page of charts), in chart
        # order, else the measure's own.
        self.points = measure.ordered_points() if points is None else points
        self.error = ""
        self.labels = PointLabels(self.points, measure.collection_frequency)
        self.analysis = self._analyse()

    @staticmethod
    def program_rules(measure):
        """The program's rules; measures_for_charts() reads them once for a page of charts."""
        known = getattr(measure.project, "_chart_rules", None)
        return known or ChartSettings.rules_for(measure.project.program_id)

    # Input to capstone.spc --------------------------------------------------------------

    def _inputs(self):
        if self.data_type == DataType.EVENT_DATES:
            return self._days_between(), None
        # One pass per chart kind rather than a test of the kind at each of thousands of points.
        points = self.points
        if self.chart in RATIO_CHARTS:
            values = [None if p.excluded else _float(p.numerator) for p in points]
            return values, [None if p.excluded else _float(p.denominator) for p in points]
        if self.chart in ("xbar", "s"):
            return [
                None if p.excluded else list(p.observations or [_float(p.value)]) for p in points
            ], None
        # The plotted value (DataPoint.y) is the value itself whenever there is one.
        return [
            None if p.excluded else float(p.value) if p.value is not None else _float(p.y)
            for p in points
        ], None

    def _days_between(self):
        """Event dates in, days since the previous event out (the first event starts the
        clock and has none). An excluded event still happened: the next interval counts
        from it."""
        if any(p.period is None for p in self.points):
            raise ValueError("Every event needs its date to work out the days between events.")
        days, previous = [], None
        for point in self.points:
            gap = None if previous is None else (point.period - previous).days
            if gap == 0 and not point.excluded:
                raise ValueError(
                    f"Two events on {point.period:%-d %b %Y}: a T chart needs time between "
                    "events greater than zero. Record each day's events once, or use a G "
                    "chart of cases between events."
                )
            days.append(None if point.excluded else gap)
            previous = point.period
        return days

    @cached_property
    def baseline_count(self):
        """How many points, from the first, are the baseline (the split or freeze point)."""
        for index, point in enumerate(self.points):
            if point.phase != Phase.BASELINE:
                return index
        return len(self.points)

    @property
    def split(self):
        return 0 < self.baseline_count < len(self.points)

    def _analyse(self):
        if not self.points:
            return None
        try:
            values, denominators = self._inputs()
        except ValueError as error:
            self.error = str(error)
            return None
        options = {}
        if self.split:
            if self.measure.baseline_mode == BaselineMode.FREEZE:
                options["freeze"] = self.baseline_count
            else:
                options["parts"] = [self.baseline_count]
        try:
            return spc.analyze(
                values,
                chart=self.chart,
                denominators=denominators,
                rules=self.rules,
                improvement=self.measure.direction,
                **options,
            )
        except ValueError as error:
            self.error = str(error)
            return None

    # Units: the analysis keeps P charts as proportions; people read percentages ----------

    @property
    def scale(self):
        return 100 if self.chart in PERCENT_CHARTS else 1

    @property
    def unit(self):
        if self.chart in PERCENT_CHARTS:
            return "%"
        if self.data_type == DataType.EVENT_DATES:
            return "days"
        return self.measure.unit.strip()

    def shown(self, value):
        return None if value is None else value * self.scale

    @property
    def target(self):
        target = self.measure.target
        if target is None:
            return None
        if self.chart in PERCENT_CHARTS:
            return float(target) / 100 if self.measure.is_percent else float(target)
        return float(target)

    # Annotations ----------------------------------------------------------------------

    @cached_property
    def annotation_notes(self):
        """(date, text) of every note: the event, its tests of change, the measure's own."""
        project = self.measure.project
        notes = []
        if project.event_first_day:
            notes.append((project.event_first_day, "Two-day event"))
        for number, test in enumerate(project.tests_of_change.all(), start=1):
            if test.plan_when:
                notes.append((test.plan_when, pdsa_note(number, test.title)))
        notes += [(a.on, a.text) for a in self.measure.annotations.all()]
        return sorted(notes, key=lambda note: note[0])

    @cached_property
    def annotations(self):
        """(point index, text): each note at the first point on or after its date."""
        notes = self.annotation_notes
        if not notes:
            return []
        # Chart order puts the undated (sequence-numbered) points first, then the dated ones
        # by date: a binary search finds each note's point.
        dated = [i for i, p in enumerate(self.points) if p.period is not None]
        periods = [self.points[i].period for i in dated]
        placed = []
        for on, text in notes:
            found = bisect.bisect_left(periods, on)
            if found < len(dated):
                placed.append((dated[found], f"{on:%-d %b %Y}: {text}"))
        return placed

    # Output ---------------------------------------------------------------------------

    @property
    def phase_names(self):
        return PHASE_NAMES if self.split else None

    @property
    def phase_word(self):
        return BaselineMode(self.measure.baseline_mode).label.split(":")[0]

    @property
    def centre_word(self):
        return CENTRE_WORDS[self.chart]

    @property
    def title(self):
        return f"{self.measure.name} — {CHART_NAMES[self.chart]}"

    @cached_property
    def drawn(self):
        """The analysis as drawn: the phase-wide "runs" code is shown by the orange centre
        line and the legend, not by colouring every point of the phase."""
        if self.analysis is None:
            return None
        return without_signals(self.analysis, UNDRAWN_CODES)

    def svg(self, *, width=900, height=360):
        if self.analysis is None:
            return ""
        # Thousands of points are drawn thinned (capstone.chartthin); the analysis has them all.
        drawing = thin_for_drawing(
            self.analysis, self.labels, self.annotations, width=width, hidden=UNDRAWN_CODES
        )
        svg = svgchart.render_svg(
            drawing.analysis,
            labels=drawing.labels,
            title=self.title,
            unit=self.unit if self.chart not in PERCENT_CHARTS else "",
            target=self.target,
            annotations=drawing.annotations,
            width=width,
            height=height,
            phase_names=self.phase_names,
        )
        return count_every_point(svg, drawing)

    @cached_property
    def thumbnail(self):
        """A smaller drawing for the Results tab, one per measure."""
        return self.svg(width=640, height=260)

    @cached_property
    def legend(self):
        if self.analysis is None:
            return []
        unit = self.unit if self.chart not in PERCENT_CHARTS else ""
        sentences = svgchart.describe_signals(
            self.analysis, unit=unit, phase_names=self.phase_names
        )
        if self.split and self.measure.baseline_mode == BaselineMode.SPLIT:
            # Each phase has its own centre here, so a step change shows only against the
            # baseline: say what that comparison found.
            summary = self.summary
            if summary.signal:
                points = ", ".join(self.labels[i] for i in summary.signal_points[:6])
                more = "…" if len(summary.signal_points) > 6 else ""
                sentences.append(
                    f"Against the baseline {summary.centre_word}: post-event points "
                    f"({points}{more}) show a signal on the better side — a signal that "
                    "the process changed."
                )
            elif summary.has_both:
                sentences.append(
                    f"Against the baseline {summary.centre_word}: no post-event signal yet."
                )
        return sentences

    @cached_property
    def rows(self):
        return self.rows_between(0, len(self.points))

    def rows_between(self, start, stop):
        """The table's lines for points start to stop (a page of a long table)."""
        if self.analysis is None:
            return []
        return [
            Row(
                point=point,
                label=label,
                y=self.shown(result["y"]),
                cl=self.shown(result["cl"]),
                lcl=self.shown(result["lcl"]),
                ucl=self.shown(result["ucl"]),
                phase=point.get_phase_display(),
                # As drawn (see `drawn`), for this page of rows only.
                signals=[
                    SIGNAL_WORDS[code] for code in result["signals"] if code not in UNDRAWN_CODES
                ],
            )
            for point, label, result in zip(
                self.points[start:stop],
                self.labels[start:stop],
                self.analysis["points"][start:stop],
                strict=True,
            )
        ]

    def as_json(self):
        return {
            "measure": {
                "id": self.measure.pk,
                "name": self.measure.name,
                "unit": self.measure.unit,
                "direction": self.measure.direction,
                "data_type": self.measure.data_type,
                "target": _float(self.measure.target),
            },
            "labels": list(self.labels),
            "annotations": [{"index": i, "text": text} for i, text in self.annotations],
            "error": self.error,
            "analysis": self.analysis,
        }

    @cached_property
    def summary(self) -> MeasureSummary:
        included = [p for p in self.points if not p.excluded]
        baseline_n = sum(1 for p in included if p.phase == Phase.BASELINE)
        common = {
            "baseline_points": baseline_n,
            "post_points": len(included) - baseline_n,
            "centre_word": CENTRE_WORDS[self.chart],
            "direction": self.measure.direction,
        }
        if self.analysis is None:
            return MeasureSummary(None, None, **common)
        if not self.split:
            cl = self.analysis["phases"][0]["cl"] if baseline_n else None
            return MeasureSummary(self.shown(cl), None, **common)
        change = spc.summarize_change(self.analysis, improvement=self.measure.direction)
        return MeasureSummary(
            self.shown(change["baseline_cl"]),
            self.shown(change["post_cl"]),
            signal=bool(change["signal"]),
            signal_points=tuple(change["signal_points"]),
            **common,
        )


def measure_chart(measure, *, mode=None, rules=None) -> MeasureChart:
    return MeasureChart(measure, mode=mode, rules=rules)


def measures_for_charts(project):
    """The project's measures, each ready to chart, in a fixed number of queries: the
    points, notes, tests of change and the program's rules are read once."""
    prefetch_related_objects([project], "tests_of_change")
    project._chart_rules = ChartSettings.rules_for(project.program_id)
    measures = list(project.measures.prefetch_related("data_points", "annotations"))
    for measure in measures:
        measure.project = project
    return measures


def _float(value):
    return None if value is None else float(value)


_PDSA_TITLE = re.compile(r"^\s*PDSA\b", re.IGNORECASE)


def pdsa_note(number: int, title: str) -> str:
    """A test of change on the chart: "PDSA 2: title", unless the title already says PDSA
    (leads often call their tests "PDSA 1: …"; prefixing again printed "PDSA 1: PDSA 1: …")."""
    return title if _PDSA_TITLE.match(title) else f"PDSA {number}: {title}"
