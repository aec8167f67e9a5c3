"""The A3's content, gathered once from the record: the printable page and the PDF both render
it, so nothing is retyped."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from capstone.models import (
    FishboneCategory,
    Idea,
    Measure,
    Project,
    TestOfChange,
    summarize_wastes,
)

OVERDUE = " — overdue"


@dataclass
class A3Section:
    """One box of the A3: blocks in reading order, each a paragraph, a list or a table."""

    key: str
    heading: str
    empty: str  # shown when the section has nothing yet
    blocks: list = field(default_factory=list)

    def paragraph(self, label, text):
        self.blocks.append({"type": "p", "label": label, "text": text})

    def bullets(self, items):
        items = list(items)
        if items:
            self.blocks.append({"type": "ul", "items": items})

    def table(self, headers, rows):
        if rows:
            self.blocks.append({"type": "table", "headers": headers, "rows": rows})

    @property
    def is_empty(self):
        return not self.blocks


@dataclass
class A3Content:
    project: Project
    generated_on: object
    left: list  # sections in the left column, in reading order
    right: list

    @property
    def sections(self):
        return self.left + self.right


def number(value, places=1):
    if value is None:
        return "—"
    text = f"{value:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def with_unit(value, unit):
    if value is None:
        return "—"
    return f"{number(value)}{unit}" if unit.strip() == "%" else f"{number(value)} {unit}".strip()


def load_for_documents(project_id, queryset=None) -> Project:
    """The project with everything the A3 and the abstract read, in a fixed number of queries."""
    queryset = queryset if queryset is not None else Project.objects.all()
    return (
        queryset.select_related("lead__user", "sponsor", "program", "report_out")
        .with_coach()
        .prefetch_related(
            "co_leads",
            "team_members__user",
            "steps",
            "waste_observations",
            "time_observations",
            "why_steps",
            "causes",
            Prefetch("ideas", queryset=Idea.objects.prefetch_related("tests")),
            Prefetch("tests_of_change", queryset=TestOfChange.objects.prefetch_related("ideas")),
            "action_items__owner",
            "follow_ups",
            Prefetch(
                "measures", queryset=Measure.objects.prefetch_related("data_points", "annotations")
            ),
            "presentations",
            "abstracts",
            "publications",
        )
        .get(pk=project_id)
    )


def adopted_ideas(project):
    """Ideas whose tests of change ended in Adopt or Adapt: the countermeasures."""
    return [
        idea
        for idea in project.ideas.all()
        if any(test.act in ("adopt", "adapt") for test in idea.tests.all())
    ]


MEASURE_HEADINGS = ["Measure", "Kind", "Baseline", "Post-event", "Change", "Signal"]


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


def measure_rows(project):
    """Baseline vs post-event per measure, from its chart (capstone.charts): the centres, the
    change in the direction of improvement and whether a signal supports it."""
    rows = []
    for measure in project.measures.all():
        chart = measure.chart()
        summary, unit = chart.summary, chart.unit
        rows.append(
            [
                measure.name,
                measure.get_kind_display(),
                f"{summary.centre_word} {with_unit(summary.baseline_centre, unit)}"
                f" (n={summary.baseline_points})",
                f"{summary.centre_word} {with_unit(summary.post_centre, unit)}"
                f" (n={summary.post_points})",
                change_words(summary, unit),
                signal_words(summary),
            ]
        )
    return rows


def a3_content(project) -> A3Content:
    """The A3's seven boxes, from the record. `project` should come from load_for_documents."""
    background = A3Section("background", "Background", "No problem statement yet.")
    if project.problem_statement:
        background.paragraph("Problem", project.problem_statement)
    for label, text in (
        ("Why it matters to patients", project.why_patients),
        ("To staff", project.why_staff),
        ("For cost", project.why_cost),
    ):
        if text:
            background.paragraph(label, text)
    if project.origin:
        origin = project.get_origin_display()
        if project.origin_detail:
            origin += f" ({project.origin_detail})"
        background.paragraph("Origin", origin)

    current = A3Section("current", "Current condition", "The current state is not recorded yet.")
    if project.process_description:
        current.paragraph("", project.process_description)
    current.table(
        ["#", "Step", "Who", "Minutes"],
        [
            [str(s.position), s.description, s.performed_by or "—", number(s.minutes)]
            for s in project.steps.all()
        ],
    )
    current.bullets(
        f"{t.step}: mean {number(t.mean)} min, median {number(t.median)} min, range "
        f"{number(t.minimum)}–{number(t.maximum)} min ({t.count} observations)"
        for t in project.time_observations.all()
    )
    if project.takt_time_minutes:
        current.paragraph(
            "Takt time",
            f"{number(project.takt_time_minutes)} minutes "
            f"({number(project.takt_available_minutes, 0)} available minutes a day ÷ "
            f"{number(project.takt_demand)} {project.takt_demand_unit or 'units'} a day)",
        )

    goal = A3Section("goal", "Goal", "No aim yet.")
    if project.aim_sentence:
        goal.paragraph("Aim", project.aim_sentence)
    if project.scope_first_step or project.scope_last_step:
        goal.paragraph(
            "Scope",
            f"From “{project.scope_first_step or '?'}” to “{project.scope_last_step or '?'}”",
        )
    if project.target_state:
        goal.paragraph("Target state", project.target_state)

    analysis = A3Section("analysis", "Analysis", "No analysis yet.")
    whys = list(project.why_steps.all())
    if whys:
        analysis.paragraph("5 Whys", "")
        analysis.bullets(f"Why {w.why.rstrip('?')}? Because {w.because}." for w in whys)
    wastes = [(label, n) for label, n in summarize_wastes(project.waste_observations.all()) if n]
    if wastes:
        analysis.paragraph("Waste observed", ", ".join(f"{label} ({n})" for label, n in wastes))
    causes = {}
    for cause in project.causes.all():
        causes.setdefault(FishboneCategory(cause.category).label, []).append(cause.text)
    for category, texts in causes.items():
        analysis.paragraph(f"Causes: {category}", "; ".join(texts))

    countermeasures = A3Section("countermeasures", "Countermeasures", "No change adopted yet.")
    countermeasures.bullets(
        idea.idea
        + (f" (waste addressed: {idea.get_waste_display().lower()})" if idea.waste else "")
        for idea in adopted_ideas(project)
    )

    plan = A3Section("plan", "Plan", "No action plan yet.")
    today = timezone.localdate()
    plan.table(
        ["Action", "Owner", "Due", "Status"],
        [
            [
                item.what,
                item.owner_display or "—",
                f"{item.due_on:%-d %b %Y}",
                item.get_status_display() + (OVERDUE if item.is_overdue(today) else ""),
            ]
            for item in project.action_items.all()
        ],
    )

    follow_up = A3Section("follow_up", "Follow-up", "No follow-ups or measures yet.")
    lines = []
    for item in project.follow_ups.all():
        if item.held_on:
            status = f"held {item.held_on:%-d %b %Y}"
            if item.sustained:
                status += f"; sustained: {item.get_sustained_display().lower()}"
        else:
            status = f"due {item.due_on:%-d %b %Y}"
        lines.append(f"{item.day}-day follow-up: {status}")
    follow_up.bullets(lines)
    follow_up.table(MEASURE_HEADINGS, measure_rows(project))

    return A3Content(
        project=project,
        generated_on=today,
        left=[background, current, goal, analysis],
        right=[countermeasures, plan, follow_up],
    )
