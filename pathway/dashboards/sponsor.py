"""The sponsor's home: each sponsored capstone's stage, its latest submitted progress report,
and a sparkline of its key measure with the chart's signal marked and said in words.

Read-only; the projects come through `visible_to`, and the number of queries does not depend on
how many projects, measures or data points there are."""

import html
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.utils.safestring import mark_safe

from capstone.charts import SIGNAL_WORDS, ChartPoint, MeasureChart
from capstone.models import ChartSettings, Measure, MeasureKind, Project
from capstone.models.measures import BaselineMode, Phase, RuleSet
from mentoring.models import ProgressReport, SponsorRequest, SponsorRequestStatus

WIDTH, HEIGHT, PAD = 240, 56, 5
# The drawn codes that say the process changed (a phase-wide "runs" flag is not a point's).
CHANGE_CODES = ("outside", "shift", "run", "trend", "two_of_three")
CODE_WORDS = {
    "outside": "point outside the limits",
    "shift": "shift",
    "run": "long run",
    "trend": "trend",
    "two_of_three": "two of three points near a limit",
}
PHASE_LABELS = dict(Phase.choices)
HUNDREDTH = Decimal("0.01")


@dataclass
class Sparkline:
    measure: object
    svg: str = ""
    signal_text: str = ""
    tone: str = ""  # "improvement", "concern" or "" (no signal)
    description: str = ""
    trend: str = ""
    table: str = ""  # the "Show as table" body rows, as HTML
    signal_indexes: tuple = ()


def key_measure(measures):
    """The project's first outcome measure, else its first measure."""
    measures = sorted(measures, key=lambda m: m.pk)
    return next((m for m in measures if m.kind == MeasureKind.OUTCOME), None) or next(
        iter(measures), None
    )


def _number(value, unit=""):
    if value is None:
        return "n/a"
    text = f"{value:.0f}" if abs(value) >= 100 else f"{value:.1f}".rstrip("0").rstrip(".")
    unit = unit.strip()
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def two_places(value) -> str:
    """The value as the `floatformat:"-2"` filter shows it (whole numbers without decimals),
    without the filter's cost on every row of every table."""
    number = Decimal(repr(value))
    if number == number.to_integral_value():
        return str(int(number))
    rounded = number.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
    return f"{rounded if rounded else abs(rounded):f}"


def _table(chart, signal_indexes):
    """One row per point: its date, value, phase and, for a marked point, its signals."""
    marked = set(signal_indexes)
    rows = []
    for i, (point, label, drawn) in enumerate(
        zip(chart.points, chart.labels, chart.drawn["points"], strict=True)
    ):
        y = chart.shown(drawn["y"])
        signals = ""
        if i in marked:
            signals = "Yes: " + ", ".join(SIGNAL_WORDS[code] for code in drawn["signals"])
        rows.append(
            f'<tr><td class="text-nowrap">{html.escape(label)}</td>'
            f"<td>{'excluded' if y is None else two_places(y)}</td>"
            f"<td>{PHASE_LABELS.get(point.phase, point.phase)}</td><td>{signals}</td></tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 - the labels are escaped, the rest is ours


def _signal(chart):
    """(point indexes, tone, words) of the signal the chart shows after the event."""
    summary = chart.summary
    points = chart.drawn["points"]

    def kinds(indexes):
        codes = {code for i in indexes for code in points[i]["signals"] if code in CHANGE_CODES}
        return " and ".join(CODE_WORDS[c] for c in CHANGE_CODES if c in codes) or "signal"

    if summary.signal:
        indexes = tuple(summary.signal_points)
        return indexes, "improvement", f"Signal: {kinds(indexes)} — improvement"
    if chart.split and chart.measure.baseline_mode == BaselineMode.FREEZE:
        # Against the frozen baseline a post-event run on the worse side is a signal too.
        centre = chart.analysis["phases"][0]["cl"]
        up = chart.measure.direction == "up"
        worse = tuple(
            i
            for i in range(chart.baseline_count, len(points))
            if points[i]["y"] is not None
            and centre is not None
            and any(code in CHANGE_CODES for code in points[i]["signals"])
            and ((points[i]["y"] < centre) if up else (points[i]["y"] > centre))
        )
        if worse:
            return worse, "concern", f"Signal: {kinds(worse)} — getting worse"
    if not chart.split:
        return (), "", "No post-event data yet"
    return (), "", "No signal yet"


def _svg(chart, signal_indexes, tone, label):
    points = chart.drawn["points"]
    values = [p["y"] for p in points]
    centres = [p["cl"] for p in points]
    known = [v for v in values + centres if v is not None]
    low, high = min(known), max(known)
    if high == low:
        low, high = low - 1, high + 1
    n = len(points)

    def x(i):
        return PAD + (WIDTH - 2 * PAD) * (i / (n - 1) if n > 1 else 0.5)

    def y(v):
        return PAD + (HEIGHT - 2 * PAD) * (high - v) / (high - low)

    parts = [
        f'<svg class="sparkline" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" aria-label="{html.escape(label)}">',
        f"<title>{html.escape(label)}</title>",
    ]
    if chart.split:
        sx = (x(chart.baseline_count - 1) + x(chart.baseline_count)) / 2
        parts.append(
            f'<line class="spark-event" x1="{sx:.1f}" y1="2" x2="{sx:.1f}" y2="{HEIGHT - 2}"/>'
        )
    # Centre line: one segment per stretch of equal centre (a split baseline has two).
    start = 0
    for i in range(1, n + 1):
        if i == n or centres[i] != centres[start]:
            if centres[start] is not None:
                cy = y(centres[start])
                parts.append(
                    f'<line class="spark-centre" x1="{x(start) - 2:.1f}" y1="{cy:.1f}" '
                    f'x2="{x(i - 1) + 2:.1f}" y2="{cy:.1f}"/>'
                )
            start = i
    path, pen_down = [], False
    for i, v in enumerate(values):
        if v is None:
            pen_down = False
            continue
        path.append(f"{'L' if pen_down else 'M'}{x(i):.1f} {y(v):.1f}")
        pen_down = True
    if path:
        parts.append(f'<path class="spark-line" d="{" ".join(path)}"/>')
    marked = set(signal_indexes)
    for i in sorted(marked):
        if values[i] is not None:
            parts.append(
                f'<circle class="spark-signal spark-{tone}" data-index="{i}" '
                f'cx="{x(i):.1f}" cy="{y(values[i]):.1f}" r="2.8"/>'
            )
    last = max((i for i, v in enumerate(values) if v is not None), default=None)
    if last is not None and last not in marked:
        parts.append(
            f'<circle class="spark-last" cx="{x(last):.1f}" cy="{y(values[last]):.1f}" r="2.2"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every caller text is escaped above


def sparkline(measure, points=None) -> Sparkline:
    """The measure's chart, small: the line, its centre, the event and the signal's points.
    `points` (ChartPoint.for_measures) saves reading the measure's own."""
    chart = MeasureChart(measure, points=points)
    if chart.analysis is None:
        reason = "No data yet" if not chart.points else "The chart cannot be drawn"
        return Sparkline(measure, signal_text=reason, description=f"{measure.name}: {reason}.")
    indexes, tone, words = _signal(chart)
    summary = chart.summary
    unit = chart.unit
    trend = f"Baseline {summary.centre_word} {_number(summary.baseline_centre, unit)}"
    if summary.has_both:
        if summary.is_better is None:
            moved = "no change"
        else:
            moved = "better" if summary.is_better else "worse"
        trend += f", post-event {_number(summary.post_centre, unit)} ({moved})"
    count = len(chart.points)
    points = f"{count} point{'s' if count != 1 else ''}"
    description = f"{measure.name}, {points}: {trend[0].lower()}{trend[1:]}. {words}."
    return Sparkline(
        measure,
        svg=_svg(chart, indexes, tone, description),
        signal_text=words,
        tone=tone,
        description=description,
        trend=trend,
        table=_table(chart, indexes),
        signal_indexes=indexes,
    )


def sponsor_home(*, user, today: date) -> dict:
    """Everything the sponsor's section of the home page shows."""
    projects = list(
        Project.objects.visible_to(user)
        .filter(sponsor=user, sponsor_accepted_on__isnull=False)
        # The card names the lead and the KPO coach; the sponsor is `user`.
        .select_related("lead__user")
        .with_coach()
        .prefetch_related(
            Prefetch(
                "progress_reports",
                queryset=ProgressReport.objects.visible_to(user)
                .shared()
                .order_by("-submitted_at", "-pk")[:1],
                to_attr="shared_reports",
            ),
            Prefetch("measures", queryset=Measure.objects.all(), to_attr="all_measures"),
        )
        .in_flow_order()
    )
    rules = dict(
        ChartSettings.objects.filter(program__in={p.program_id for p in projects}).values_list(
            "program_id", "rules"
        )
    )
    keys = []
    for project in projects:
        # Charts read the program's rules from here instead of a query per measure.
        project._chart_rules = rules.get(project.program_id, RuleSet.ANHOEJ)
        project.latest_report = project.shared_reports[0] if project.shared_reports else None
        project.key_measure = key_measure(project.all_measures)
        if project.key_measure is not None:
            project.key_measure.project = project
            keys.append(project.key_measure)
    # Only the key measures' points, as plain rows: a sparkline draws no annotations or tests
    # of change, and hundreds of model instances would cost more than the drawing.
    points = ChartPoint.for_measures(keys)
    for project in projects:
        measure = project.key_measure
        project.spark = sparkline(measure, points[measure.pk]) if measure is not None else None
    waiting = (
        SponsorRequest.objects.visible_to(user)
        .filter(sponsor=user, status=SponsorRequestStatus.AWAITING_SPONSOR)
        .count()
    )
    return {"projects": projects, "requests_waiting": waiting}
