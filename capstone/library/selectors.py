"""What the library lists, to whom, how it is searched and filtered, and what each entry says.

Only these fields are ever read for the list, the entry or the search: title, department,
problem, aim, the adopted countermeasures, lessons, wastes, measures and the people to ask.
Coaching notes, progress reports and notes, abstract drafts and comments are never read here."""

from dataclasses import dataclass

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    TextField,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from capstone.charts import MeasureChart
from capstone.documents.story import MeasureFacts, key_measure
from capstone.models import (
    ChartSettings,
    LibraryOffer,
    Measure,
    Project,
    RuleSet,
    Stage,
    StageChange,
    StageRequest,
    TestOfChange,
    WasteObservation,
    summarize_wastes,
)
from pathway.models import Program, Role

RESULTS_OR_LATER = (Stage.RESULTS, Stage.DISSEMINATION, Stage.CLOSED)
# A project moved back before Results no longer presents the results that were approved.
BEFORE_RESULTS = frozenset(Stage.values) - set(RESULTS_OR_LATER) - {Stage.ON_HOLD, Stage.WITHDRAWN}
ADOPTED = (TestOfChange.Act.ADOPT, TestOfChange.Act.ADAPT)
SEARCH_CONFIG = "english"


class Outcome:
    """Improved / no change / worse, read from the key measure's baseline vs post-event summary
    (capstone.charts.MeasureSummary, from the SPC engine)."""

    IMPROVED = "improved"
    NO_CHANGE = "no_change"
    WORSE = "worse"
    choices = [
        (IMPROVED, "Improved"),
        (NO_CHANGE, "No change"),
        (WORSE, "Worse"),
    ]
    labels = dict(choices)


# --- Who sees which library ------------------------------------------------------------------


def library_programs(user):
    """The programs whose library `user` may browse: their own, and every program whose
    director shares its library. Someone outside every program sees none."""
    if not user.is_authenticated:
        return Program.objects.none()
    if user.is_superuser:
        return Program.objects.all()
    if user.program_id is None:
        return Program.objects.none()
    return Program.objects.filter(Q(pk=user.program_id) | Q(library_share__isnull=False))


def listed() -> Q:
    """In the library: it reached Results (now or at some point), or its lead offered it early
    and a program director approved."""
    entered_results = StageChange.objects.filter(project=OuterRef("pk"), to_stage=Stage.RESULTS)
    return (
        Q(stage__in=RESULTS_OR_LATER)
        | Q(Exists(entered_results))
        | Q(library_offer__approved_at__isnull=False)
    )


def results_approved():
    """The move into Results was approved (or overridden by a director) through the stage
    requests: only then are the project's results presented as results."""
    return Exists(
        StageRequest.objects.filter(
            project=OuterRef("pk"),
            to_stage=Stage.RESULTS,
            status__in=[StageRequest.Status.APPROVED, StageRequest.Status.OVERRIDDEN],
        )
    )


def library_entries(user):
    """Every library entry `user` may see, with `results_approved`, `reached_results` and
    `library_offer_or_none` (the early offer's pk, or None) annotated."""
    entered_results = StageChange.objects.filter(project=OuterRef("pk"), to_stage=Stage.RESULTS)
    return (
        Project.objects.filter(listed(), program__in=library_programs(user).values("pk"))
        .annotate(
            results_approved=results_approved(),
            reached_results=Q(stage__in=RESULTS_OR_LATER) | Q(Exists(entered_results)),
            library_offer_or_none=F("library_offer"),
        )
        .select_related("program", "lead__user", "sponsor")
    )


def shows_results(project) -> bool:
    return bool(getattr(project, "results_approved", False)) and (
        project.stage not in BEFORE_RESULTS
    )


# --- Search --------------------------------------------------------------------------------


def _countermeasures_text():
    return Subquery(
        TestOfChange.objects.filter(project=OuterRef("pk"), act__in=ADOPTED)
        .order_by()
        .values("project")
        .annotate(text=StringAgg("title", delimiter=" "))
        .values("text")[:1]
    )


def search_vector():
    """Title first, then the aim, the problem and the countermeasures, then the lessons."""
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("aim_what", weight="B", config=SEARCH_CONFIG)
        + SearchVector("problem_statement", weight="B", config=SEARCH_CONFIG)
        + SearchVector(
            Coalesce(_countermeasures_text(), Value(""), output_field=TextField()),
            weight="B",
            config=SEARCH_CONFIG,
        )
        + SearchVector("results_lessons", weight="C", config=SEARCH_CONFIG)
    )


def _postgres_search(projects, text):
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    vector = search_vector()
    return (
        projects.annotate(document=vector, rank=SearchRank(vector, query))
        .filter(document=query)
        .order_by("-rank", "-updated_at", "-pk")
    )


def _word_anywhere(word) -> Q:
    countermeasure = TestOfChange.objects.filter(
        project=OuterRef("pk"), act__in=ADOPTED, title__icontains=word
    )
    return (
        Q(title__icontains=word)
        | Q(aim_what__icontains=word)
        | Q(problem_statement__icontains=word)
        | Q(results_lessons__icontains=word)
        | Q(Exists(countermeasure))
    )


def _word_weight(word):
    """3 for a word in the title, 2 in the aim or the problem, 1 elsewhere (as PostgreSQL's
    A, B and C weights)."""
    return Case(
        When(title__icontains=word, then=Value(3)),
        When(Q(aim_what__icontains=word) | Q(problem_statement__icontains=word), then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )


def _simple_search(projects, text):
    """SQLite: every word somewhere in the searched fields; title matches first."""
    words = text.split()
    for word in words:
        projects = projects.filter(_word_anywhere(word))
    rank = sum((_word_weight(word) for word in words[1:]), _word_weight(words[0]))
    return projects.annotate(rank=rank).order_by("-rank", "-updated_at", "-pk")


def library_search(projects, text):
    """Full-text search with ranking on PostgreSQL, a word-by-word search on SQLite; the
    newest first when there is nothing to search for."""
    text = (text or "").strip()
    if not text:
        return projects.order_by("-updated_at", "-pk")
    if connection.vendor == "postgresql":
        return _postgres_search(projects, text)
    return _simple_search(projects, text)


# --- Filters -------------------------------------------------------------------------------


def addressing_waste(projects, waste):
    return projects.filter(
        Exists(WasteObservation.objects.filter(project=OuterRef("pk"), waste=waste))
    )


def with_measure_kind(projects, kind):
    return projects.filter(Exists(Measure.objects.filter(project=OuterRef("pk"), kind=kind)))


# --- What an entry says ---------------------------------------------------------------------


@dataclass
class EntryResult:
    """The key measure (as the documents choose it) and what it shows, when results are
    approved; otherwise nothing is presented as a result."""

    facts: MeasureFacts | None
    outcome: str  # an Outcome value, or "" when there is no approved result to judge
    approved: bool = False  # the move into Results was approved

    @property
    def outcome_label(self):
        return Outcome.labels.get(self.outcome, "")

    @property
    def effect(self) -> str:
        return self.facts.result_sentence() if self.facts is not None else ""


def outcome_of(facts) -> str:
    """Improved when the post-event centre moved towards the aim and a signal supports it;
    worse when it moved away from the aim; otherwise no change. "" without both periods."""
    if facts is None or not facts.summary.has_both:
        return ""
    summary = facts.summary
    if summary.is_better and summary.signal:
        return Outcome.IMPROVED
    if summary.is_better is False:
        return Outcome.WORSE
    return Outcome.NO_CHANGE


def with_measures(projects):
    """Everything the outcome reads, in a fixed number of queries."""
    return projects.prefetch_related(
        Prefetch("measures", queryset=Measure.objects.prefetch_related("data_points"))
    )


def attach_results(projects) -> list:
    """Set `project.library_result` on each project (prefetched by with_measures). The
    programs' chart rules are read in one query."""
    projects = list(projects)
    rules = dict(
        ChartSettings.objects.filter(program__in={p.program_id for p in projects}).values_list(
            "program_id", "rules"
        )
    )
    for project in projects:
        project.library_result = EntryResult(None, "")
        if not shows_results(project):
            continue
        project._chart_rules = rules.get(project.program_id) or RuleSet.ANHOEJ
        facts = []
        for measure in project.measures.all():
            measure.project = project
            facts.append(MeasureFacts(measure, MeasureChart(measure)))
        key = key_measure(facts)
        project.library_result = EntryResult(key, outcome_of(key), approved=True)
    return projects


def entry_details(project) -> dict:
    """What an entry page shows beyond the list: the countermeasures adopted, the wastes
    addressed, the key chart (approved results only) and who to ask."""
    tests = TestOfChange.objects.filter(project=project, act__in=ADOPTED).prefetch_related("ideas")
    wastes = summarize_wastes(WasteObservation.objects.filter(project=project))
    facts = project.library_result.facts
    chart = None
    if facts is not None:
        prefetch_related_objects([project], "tests_of_change")
        prefetch_related_objects([facts.measure], "annotations")
        chart = facts.chart
    coach = Project.objects.with_coach().get(pk=project.pk).coach
    return {
        "countermeasures": [(test, list(test.ideas.all())) for test in tests],
        "wastes": [(label, count) for label, count in wastes if count],
        "measure_kinds": sorted({m.get_kind_display() for m in project.measures.all()}),
        "chart": chart,
        "chart_svg": chart.svg() if chart else "",
        "chart_svg_small": chart.svg(width=520, height=340) if chart else "",
        "coach": coach,
        "shows_results": shows_results(project),
    }


def my_offerable_project(user):
    """The resident's own project that is not in the library by reaching Results, with its
    offer (or None): what the library page offers them to do."""
    if not user.is_authenticated or not user.has_role(Role.RESIDENT):
        return None
    return (
        Project.objects.filter(lead__user=user)
        .active()
        .exclude(stage__in=RESULTS_OR_LATER)
        .select_related("library_offer")
        .order_by("-created_at", "-pk")
        .first()
    )


def offers_awaiting(user):
    """Projects of the director's program offered to the library and not yet approved."""
    if user.program_id is None:
        return []
    return list(
        LibraryOffer.objects.filter(project__program=user.program_id, approved_at__isnull=True)
        .select_related("project__lead__user")
        .order_by("offered_at", "pk")
    )
