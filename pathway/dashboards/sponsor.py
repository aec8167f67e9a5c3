"""The sponsor's home: each sponsored capstone's stage, its latest submitted progress report,
and a sparkline of its key measure (capstone.sparkline) with the chart's signal marked and said
in words.

Read-only; the projects come through `visible_to`, and the number of queries does not depend on
how many projects, measures or data points there are."""

from collections import defaultdict
from datetime import date

from django.db.models import OuterRef, Subquery

from capstone.charts import ChartPoint
from capstone.models import FLOW, ChartSettings, Measure, Project, Stage
from capstone.models.measures import RuleSet
from capstone.models.project import attach_current_coaches
from capstone.sparkline import key_measure, sparkline
from mentoring.models import ProgressReport, SponsorRequest, SponsorRequestStatus
from pathway.core.compiled_lists import CompiledList, compiled_list, count_column
from pathway.core.links import link_maker
from pathway.models import User

# ProjectQuerySet.in_flow_order's order, applied here in Python: its CASE over every stage
# costs more to compile than sorting a sponsor's few cards.
FLOW_POSITION = {
    stage: index for index, stage in enumerate([*FLOW, Stage.ON_HOLD, Stage.WITHDRAWN])
}
# What a card shows of the latest report (the rest of a report is long text it never reads).
REPORT_FIELDS = ("period_from", "period_to", "status", "work_done", "help_from_sponsor")


def _latest_reports(user, projects) -> dict:
    """{report pk: report} of the reports the projects' `latest_report_id` name."""
    ids = [p.latest_report_id for p in projects if p.latest_report_id is not None]
    # The ids come from a `visible_to` subquery (see sponsor_home): reading them by key keeps
    # the rule without compiling it a second time.
    return {r.pk: r for r in _reports_by_id(None, ids=ids)}


# The cards' reports, the leads' coaches and the projects' measures, read by key with
# compiled lists: as prefetches, the ORM wrote their SQL again on every request.
_reports_by_id = CompiledList(
    ProgressReport,
    lambda user, ids: ProgressReport.objects.filter(pk__in=ids).only(*REPORT_FIELDS),
)
_project_measures = CompiledList(
    Measure, lambda user, projects: Measure.objects.filter(project_id__in=projects)
)


def _with_coaches_and_measures(projects):
    """What with_coach() and a prefetch of the measures into `all_measures` would give."""
    attach_current_coaches(projects)
    measures = defaultdict(list)
    for measure in _project_measures(None, projects=[p.pk for p in projects]):
        measures[measure.project_id].append(measure)
    for project in projects:
        project.all_measures = measures[project.pk]


# Its SQL is written once per kind of user (CompiledList), then run for this sponsor.
@compiled_list(Project)
def _sponsored_projects(user):
    # Each project's latest shared report, as a key read with the projects: cheaper than a
    # prefetch with a window function per project.
    latest = (
        ProgressReport.objects.visible_to(user)
        .shared()
        .filter(project=OuterRef("pk"))
        .order_by("-submitted_at", "-pk")
        .values("pk")[:1]
    )
    return (
        Project.objects.visible_to(user)
        .filter(sponsor=user, sponsor_accepted_on__isnull=False)
        # The card names the lead and the KPO coach; the sponsor is `user`.
        .select_related("lead__user")
        .annotate(
            latest_report_id=Subquery(latest),
            # The program's chart rules (ChartSettings, one row per program, else Anhøj).
            chart_rules=Subquery(
                ChartSettings.objects.filter(program=OuterRef("program_id")).values("rules")[:1]
            ),
        )
        .order_by("lead__user__full_name", "pk")
    )


def sponsor_home(*, user, today: date) -> dict:
    """Everything the sponsor's section of the home page shows."""
    projects = _sponsored_projects(user)
    _with_coaches_and_measures(projects)
    # A stable sort keeps the name order inside each stage, as in_flow_order does.
    projects.sort(key=lambda p: FLOW_POSITION.get(p.stage, len(FLOW_POSITION)))
    reports = _latest_reports(user, projects)
    project_url = link_maker("capstone:project_detail")
    report_url = link_maker("mentoring:report_detail")
    keys = []
    for project in projects:
        # Charts read the program's rules from here instead of a query per measure.
        project._chart_rules = project.chart_rules or RuleSet.ANHOEJ
        # The card's links, made here rather than by a reverse per card.
        project.url = project_url(project.pk)
        project.latest_report = reports.get(project.latest_report_id)
        if project.latest_report is not None:
            project.latest_report.url = report_url(project.latest_report.pk)
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
    waiting = _requests_waiting(user)[0]["n"]
    return {"projects": projects, "requests_waiting": waiting}


@compiled_list(User)
def _requests_waiting(user):
    waiting = SponsorRequest.objects.visible_to(user).filter(
        sponsor=user, status=SponsorRequestStatus.AWAITING_SPONSOR
    )
    return User.objects.filter(pk=user.pk).values(n=count_column(waiting))
