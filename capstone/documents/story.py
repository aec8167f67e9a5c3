"""One story of the project, gathered once from the record: the A3, the abstract, the report-out
deck and the poster are all written from it, so they never disagree.

Every fact says where it comes from (`SOURCES`: the tab and field a resident edits), so a
document that is wrong points at the one place to fix it."""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from capstone.charts import MeasureChart
from capstone.diagrams.process import observation_state
from capstone.models import (
    ChartSettings,
    FishboneCategory,
    MapState,
    MeasureKind,
    summarize_wastes,
)

WAIT_WORDS = {"cycle": "", "wait": " (waiting before it)"}

# Fact → where a resident records it: each A3 box names its sources (A3Section.sources), so a
# fact that reads wrong, or is cut "(continued in the app)", is fixed in that one place.
SOURCES = {
    "problem": "Charter: problem statement",
    "why": "Charter: why it matters",
    "aim": "Charter: aim (what, baseline, target, by when)",
    "scope": "Charter: scope",
    "team": "Charter: team",
    "current_state": "Current state: process, steps, time observations, takt time",
    "wastes": "Current state: waste observations",
    "whys": "Current state: 5 Whys",
    "causes": "Current state: causes (fishbone)",
    "event": "Event: dates and location",
    "target_state": "Event: target state",
    "tests": "Event: tests of change (PDSA) and their Act decision",
    "report_out": "Event: report-out",
    "actions": "Implementation: action plan",
    "follow_ups": "Implementation: 30/60/90-day follow-ups",
    "measures": "Results: measures and their data (charted by the SPC engine)",
    "results": "Results: what changed, balancing effects",
    "lessons": "Results: lessons learned and spread plan",
}

SUSTAINED_WORDS = {"yes": "sustained", "partly": "partly sustained", "no": "not sustained"}
ACT_WORDS = {"adopt": "adopted", "adapt": "adapted", "abandon": "abandoned", "": "not decided"}


# Numbers and dates, written once for every document ------------------------------------


def number(value, places=1):
    if value is None:
        return "—"
    text = f"{value:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def with_unit(value, unit):
    if value is None:
        return "—"
    return f"{number(value)}{unit}" if unit.strip() == "%" else f"{number(value)} {unit}".strip()


def day_words(day) -> str:
    return f"{day:%-d %B %Y}"


def span_words(first, second) -> str:
    """ "30 November and 1 December 2026": each day says as much of its month and year as it
    needs, so nothing is dropped across a month or a year boundary."""
    if first is None:
        return ""
    if second is None or second == first:
        return day_words(first)
    if first.year != second.year:
        return f"{day_words(first)} and {day_words(second)}"
    if first.month != second.month:
        return f"{first:%-d %B} and {day_words(second)}"
    return f"{first:%-d} and {day_words(second)}"


def series_words(items) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def change_words(summary, unit):
    """ "+16% (+114.3%), better": the change and the percent change, and which way it went."""
    if summary.change is None:
        return "—"
    sign = "+" if summary.change > 0 else ""
    if unit.strip() == "%":
        text = f"{sign}{number(summary.change)} percentage points"
    else:
        text = f"{sign}{with_unit(summary.change, unit)}"
    if summary.percent_change is not None:
        text += f" ({'+' if summary.percent_change > 0 else ''}{summary.percent_change:.1f}%)"
    if summary.is_better is not None:
        text += ", better" if summary.is_better else ", worse"
    return text


def signal_words(summary):
    if summary.signal:
        return "Yes: a signal supports the change"
    if summary.has_both:
        return "No signal yet"
    return "—"


# The story --------------------------------------------------------------------------------


@dataclass
class MeasureFacts:
    """A measure as the SPC engine reads it (capstone.charts.MeasureChart)."""

    measure: object
    chart: MeasureChart

    @property
    def name(self):
        return self.measure.name

    @property
    def kind(self):
        return self.measure.get_kind_display()

    @property
    def summary(self):
        return self.chart.summary

    @property
    def unit(self):
        return self.chart.unit

    @property
    def has_data(self):
        return self.chart.analysis is not None

    def baseline_words(self):
        s = self.summary
        return f"{s.centre_word} {with_unit(s.baseline_centre, self.unit)} (n={s.baseline_points})"

    def post_words(self):
        s = self.summary
        if not s.post_points:
            return "no data yet"
        return f"{s.centre_word} {with_unit(s.post_centre, self.unit)} (n={s.post_points})"

    def result_sentence(self) -> str:
        """Baseline vs post-event in words, from the engine's summary; "" until both exist."""
        s = self.summary
        if not s.has_both:
            return ""
        signal = (
            "a signal on the chart supports the change"
            if s.signal
            else "no signal on the chart supports it yet"
        )
        return (
            f"{self.name}: {s.centre_word} {with_unit(s.baseline_centre, self.unit)} at baseline "
            f"(n={s.baseline_points}) and {with_unit(s.post_centre, self.unit)} after the event "
            f"(n={s.post_points}), a change of {change_words(s, self.unit)}; {signal}."
        )

    def row(self):
        return [
            self.name,
            self.kind,
            self.baseline_words(),
            self.post_words(),
            change_words(self.summary, self.unit),
            signal_words(self.summary),
        ]


@dataclass
class Story:
    project: object
    generated_on: object
    title: str
    lead: str
    team: list  # (name, role)
    coach: str
    sponsor: str
    department: str
    problem: str
    why: list  # (label, text)
    origin: str
    process_description: str
    steps: list  # ProcessStep
    time_lines: list
    takt_line: str
    wastes: list  # (label, count)
    whys: list  # WhyStep
    causes: dict  # category label → [text]
    aim: str
    scope: str
    target_state: str
    event_dates: str
    event_location: str
    ideas: list
    tests: list  # TestOfChange, in order
    countermeasures: list  # (test, ideas) whose Act is Adopt or Adapt
    measures: list  # MeasureFacts
    key_measure: MeasureFacts | None
    actions: list  # ActionItem
    follow_ups_held: list  # FollowUp
    follow_ups_due: list  # FollowUp
    what_changed: str
    balancing: str
    lessons: str
    spread: str
    report_out: object
    # The QI-versus-research determination line (e.g. "This project was reviewed by … and
    # determined to be quality improvement, not human-subjects research."). The one place to
    # add it is `determination_words` below, once the project records the determination;
    # every document prints it only when it is not empty.
    determination: str = ""

    def countermeasure_lines(self):
        """ "Night-before discharge list (adopted; idea: Identify tomorrow's discharges)"."""
        lines = []
        for test, ideas in self.countermeasures:
            text = f"{test.title} ({ACT_WORDS[test.act]}"
            if ideas:
                text += "; idea: " + "; ".join(idea.idea for idea in ideas)
            lines.append(text + ")")
        return lines

    def follow_up_lines(self, today=None):
        today = today or self.generated_on
        lines = []
        for item in self.follow_ups_held:
            line = f"{item.day}-day follow-up held {item.held_on:%-d %b %Y}"
            if item.sustained:
                line += f": {SUSTAINED_WORDS[item.sustained]}"
            lines.append(line)
        for item in self.follow_ups_due:
            overdue = " (overdue)" if item.due_on < today else ""
            lines.append(f"{item.day}-day follow-up due {item.due_on:%-d %b %Y}{overdue}")
        return lines

    def follow_ups_held_sentence(self) -> str:
        """Only the follow-ups actually held, and what each found."""
        held = self.follow_ups_held
        if not held:
            return ""
        found = {item.sustained for item in held}
        if len(held) > 1 and len(found) == 1:
            # One finding for all: say it once.
            (sustained,) = found
            days = series_words(str(item.day) for item in held)
            on = series_words(day_words(item.held_on) for item in held)
            finding = (
                f" found the change {SUSTAINED_WORDS[sustained]}" if sustained else " were held"
            )
            return f"Follow-ups at {days} days ({on}){finding}."
        parts = []
        for item in held:
            found = f", the change was {SUSTAINED_WORDS[item.sustained]}" if item.sustained else ""
            parts.append(f"{item.day} days ({day_words(item.held_on)}{found})")
        noun = "A follow-up was" if len(held) == 1 else "Follow-ups were"
        return f"{noun} held at {series_words(parts)}."


def determination_words(project) -> str:
    """The QI-versus-research determination as one sentence for the documents, in the words the
    scholarly export uses (Determination.summary); "" until the project records one."""
    try:
        determination = project.determination
    except ObjectDoesNotExist:
        return ""
    return f"Determination: {determination.summary}."


def key_measure(measures):
    """The measure the documents chart: the first outcome measure with data, else the first
    process measure with data, else the first with data."""
    with_data = [m for m in measures if m.has_data]
    for kind in (MeasureKind.OUTCOME, MeasureKind.PROCESS):
        for facts in with_data:
            if facts.measure.kind == kind:
                return facts
    return with_data[0] if with_data else None


def _display(user):
    return user.display_name if user is not None else ""


def project_story(project) -> Story:
    """The story of `project`, which should come from documents.load_for_documents."""
    today = timezone.localdate()
    # The program's chart rules, read once for every measure (see capstone.charts).
    project._chart_rules = ChartSettings.rules_for(project.program_id)
    measures = []
    for measure in project.measures.all():
        measure.project = project
        measures.append(MeasureFacts(measure, MeasureChart(measure)))

    why = [
        (label, text)
        for label, text in (
            ("Why it matters to patients", project.why_patients),
            ("To staff", project.why_staff),
            ("For cost", project.why_cost),
        )
        if text
    ]
    origin = ""
    if project.origin:
        origin = project.get_origin_display()
        if project.origin_detail:
            origin += f" ({project.origin_detail})"

    takt = ""
    if project.takt_time_minutes:
        takt = (
            f"{number(project.takt_time_minutes)} minutes "
            f"({number(project.takt_available_minutes, 0)} available minutes a day ÷ "
            f"{number(project.takt_demand)} {project.takt_demand_unit or 'units'} a day)"
        )
    scope = ""
    if project.scope_first_step or project.scope_last_step:
        scope = f"From “{project.scope_first_step or '?'}” to “{project.scope_last_step or '?'}”"

    causes = {}
    for cause in project.causes.all():
        causes.setdefault(FishboneCategory(cause.category).label, []).append(cause.text)

    tests = list(project.tests_of_change.all())
    follow_ups = list(project.follow_ups.all())
    team = [(project.lead.user.display_name, "Lead")]
    team += [(m.display_name, m.role) for m in project.team_members.all()]

    return Story(
        project=project,
        generated_on=today,
        title=project.title,
        lead=project.lead.user.display_name,
        team=team,
        coach=_display(project.coach),
        sponsor=_display(project.sponsor),
        department=project.department,
        problem=project.problem_statement,
        why=why,
        origin=origin,
        process_description=project.process_description,
        steps=[s for s in project.steps.all() if s.state == MapState.CURRENT],
        time_lines=[
            f"{t.step}{WAIT_WORDS[t.kind]}: mean {number(t.mean)} min, median "
            f"{number(t.median)} min, range {number(t.minimum)}–{number(t.maximum)} min "
            f"({t.count} observations)"
            for t in project.time_observations.all()
            # The current condition is before the event; later timings are the new process's.
            if observation_state(t, project.event_last_day) == MapState.CURRENT
        ],
        takt_line=takt,
        wastes=[(label, n) for label, n in summarize_wastes(project.waste_observations.all()) if n],
        whys=list(project.why_steps.all()),
        causes=causes,
        aim=project.aim_sentence,
        scope=scope,
        target_state=project.target_state,
        event_dates=span_words(project.event_first_day, project.event_second_day),
        event_location=project.event_location,
        ideas=list(project.ideas.all()),
        tests=tests,
        # Every test whose Act is Adopt or Adapt, whether or not it is linked to an idea.
        countermeasures=[
            (test, list(test.ideas.all())) for test in tests if test.act in ("adopt", "adapt")
        ],
        measures=measures,
        key_measure=key_measure(measures),
        actions=list(project.action_items.all()),
        follow_ups_held=[f for f in follow_ups if f.held_on],
        follow_ups_due=[f for f in follow_ups if not f.held_on],
        what_changed=project.results_what_changed,
        balancing=project.results_balancing,
        lessons=project.results_lessons,
        spread=project.results_spread,
        report_out=project.report_out_or_none(),
        determination=determination_words(project),
    )
