"""The sponsor's home: each sponsored capstone's stage, its latest submitted progress report,
and a sparkline of its key measure (capstone.sparkline) with the chart's signal marked and said
in words.

Read-only; the projects come through `visible_to`, and the number of queries does not depend on
how many projects, measures or data points there are."""

from datetime import date

from django.db.models import Prefetch

from capstone.charts import ChartPoint
from capstone.models import ChartSettings, Measure, Project
from capstone.models.measures import RuleSet
from capstone.sparkline import key_measure, sparkline
from mentoring.models import ProgressReport, SponsorRequest, SponsorRequestStatus


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
