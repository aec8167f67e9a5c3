"""The A3's boxes, written from the project's story (story.py): the printable page, the PDF
and the poster all render them, so nothing is retyped."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from capstone.diagrams.canvas import Diagram, to_svg
from capstone.diagrams.drivers import build_tree, driver_diagram
from capstone.diagrams.fishbone import effect_of, fishbone_diagram
from capstone.diagrams.process import both_maps, compare_sentence
from capstone.documents.story import (
    SOURCES,
    MeasureFacts,
    Story,
    number,
    project_story,
    signal_words,
)
from capstone.models import Driver, Idea, Measure, Project, TestOfChange

OVERDUE = " — overdue"


@dataclass
class A3Section:
    """One box of the A3: blocks in reading order, each a paragraph, a list or a table."""

    key: str
    heading: str
    empty: str  # shown when the section has nothing yet
    blocks: list = field(default_factory=list)
    sources: tuple = ()  # keys of story.SOURCES: where in the app these facts are recorded

    def paragraph(self, label, text):
        self.blocks.append({"type": "p", "label": label, "text": text})

    def bullets(self, items):
        items = list(items)
        if items:
            self.blocks.append({"type": "ul", "items": items})

    def table(self, headers, rows):
        if rows:
            self.blocks.append({"type": "table", "headers": headers, "rows": rows})

    def diagram(self, diagram: Diagram, ident: str):
        """A QI tool drawn from the record: SVG on the page, vectors in the PDF."""
        self.blocks.append(
            {"type": "diagram", "diagram": diagram, "svg": to_svg(diagram, ident=f"a3-{ident}")}
        )

    def chart(self, facts: MeasureFacts):
        """The key measure's chart, drawn by each renderer from the SPC engine's analysis."""
        self.blocks.append({"type": "chart", "facts": facts})

    @property
    def is_empty(self):
        return not self.blocks

    @property
    def source_words(self):
        return "; ".join(SOURCES[key] for key in self.sources)


@dataclass
class A3Content:
    story: Story
    left: list  # sections in the left column, in reading order
    right: list

    @property
    def project(self):
        return self.story.project

    @property
    def generated_on(self):
        return self.story.generated_on

    @property
    def sections(self):
        return self.left + self.right

    @property
    def by_key(self):
        return {section.key: section for section in self.sections}


def load_for_documents(project_id, queryset=None) -> Project:
    """The project with everything the A3 and the abstract read, in a fixed number of queries."""
    queryset = queryset if queryset is not None else Project.objects.all()
    return (
        queryset.select_related("lead__user", "sponsor", "program", "report_out", "determination")
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
            Prefetch(
                "drivers",
                queryset=Driver.objects.prefetch_related(
                    Prefetch("ideas", queryset=Idea.objects.prefetch_related("tests"))
                ),
            ),
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


def as_story(story_or_project) -> Story:
    if isinstance(story_or_project, Story):
        return story_or_project
    return project_story(story_or_project)


MEASURE_HEADINGS = ["Measure", "Kind", "Baseline", "Post-event", "Change", "Signal"]


def background_box(story):
    box = A3Section(
        "background", "Background", "No problem statement yet.", sources=("problem", "why")
    )
    if story.problem:
        box.paragraph("Problem", story.problem)
    for label, text in story.why:
        box.paragraph(label, text)
    if story.origin:
        box.paragraph("Origin", story.origin)
    return box


def current_box(story):
    box = A3Section(
        "current",
        "Current condition",
        "The current state is not recorded yet.",
        sources=("current_state", "wastes", "whys"),
    )
    if story.process_description:
        box.paragraph("", story.process_description)
    box.table(
        ["#", "Step", "Who", "Minutes"],
        [
            [str(s.position), s.description, s.performed_by or "—", number(s.minutes)]
            for s in story.steps
        ],
    )
    box.bullets(story.time_lines)
    before, _ = process_maps(story)
    if before.ratio is not None:
        box.paragraph("Lead time", before.ratio_sentence())
    if story.wastes:
        box.paragraph("Main wastes", ", ".join(f"{label} ({n})" for label, n in story.wastes))
    if story.takt_line:
        box.paragraph("Takt time", story.takt_line)
    if story.whys:
        box.paragraph("5 Whys", "")
        box.bullets(f"{w.question} Because {w.because.rstrip('.')}." for w in story.whys)
    return box


def goal_box(story):
    box = A3Section("goal", "Goal", "No aim yet.", sources=("aim", "scope", "target_state"))
    if story.aim:
        box.paragraph("Aim", story.aim)
    if story.scope:
        box.paragraph("Scope", story.scope)
    if story.target_state:
        box.paragraph("Target state", story.target_state)
    return box


def process_maps(story):
    """The process maps before and after the event, from the steps and time observations."""
    project = story.project
    return both_maps(project.steps.all(), project.time_observations.all(), project.event_last_day)


def analysis_box(story):
    box = A3Section("analysis", "Analysis", "No causes recorded yet.", sources=("causes",))
    causes = list(story.project.causes.all())
    if causes:
        effect = effect_of(story.problem or "", story.title)
        box.diagram(fishbone_diagram(effect, causes), "fishbone")
    for category, texts in story.causes.items():
        box.paragraph(f"Causes: {category}", "; ".join(texts))
    return box


def countermeasures_box(story):
    box = A3Section(
        "countermeasures", "Countermeasures", "No change adopted yet.", sources=("tests",)
    )
    tree = build_tree(story.aim, story.project.drivers.all())
    if not tree.is_empty:
        box.diagram(driver_diagram(tree), "drivers")
    box.bullets(story.countermeasure_lines())
    return box


def results_box(story):
    box = A3Section(
        "results", "Results", "No measure has data yet.", sources=("measures", "results")
    )
    if story.key_measure:
        box.chart(story.key_measure)
    box.bullets(sentence for sentence in (m.result_sentence() for m in story.measures) if sentence)
    box.table(
        ["Measure", "Baseline", "Post-event", "Signal"],
        [
            [m.name, m.baseline_words(), m.post_words(), signal_words(m.summary)]
            for m in story.measures
            if m.has_data and not m.result_sentence()
        ],
    )
    lead_time = compare_sentence(*process_maps(story))
    if lead_time:
        box.paragraph("Lead time", lead_time)
    if story.what_changed:
        box.paragraph("What changed", story.what_changed)
    if story.balancing:
        box.paragraph("Balancing measures", story.balancing)
    return box


def plan_box(story):
    box = A3Section(
        "plan",
        "Plan and follow-up",
        "No action plan or follow-ups yet.",
        sources=("actions", "follow_ups"),
    )
    today = story.generated_on
    box.table(
        ["Action", "Owner", "Due", "Status"],
        [
            [
                item.what,
                item.owner_display or "—",
                f"{item.due_on:%-d %b %Y}",
                item.get_status_display() + (OVERDUE if item.is_overdue(today) else ""),
            ]
            for item in story.actions
        ],
    )
    box.bullets(story.follow_up_lines())
    return box


def lessons_box(story):
    box = A3Section(
        "lessons", "Lessons and spread", "No lessons or spread plan yet.", sources=("lessons",)
    )
    if story.lessons:
        box.paragraph("Lessons", story.lessons)
    if story.spread:
        box.paragraph("Spread", story.spread)
    return box


def a3_content(story_or_project) -> A3Content:
    """The A3's boxes: the left half tells the problem, the right half what was done about it."""
    story = as_story(story_or_project)
    return A3Content(
        story=story,
        left=[background_box(story), current_box(story), goal_box(story), analysis_box(story)],
        right=[
            countermeasures_box(story),
            results_box(story),
            plan_box(story),
            lessons_box(story),
        ],
    )
