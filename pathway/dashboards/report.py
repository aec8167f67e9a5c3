"""The printable program report for one academic year (1 July – 30 June), for the annual
program evaluation: participation, curriculum, capstones, scholarly output, mentoring and
coaching. Read-only; `year` is the calendar year the academic year starts in.

For the year in progress every figure runs to `today`; "at year end" then means today."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from capstone.models import PROGRESS_SCALE, Project, Stage, StageChange
from mentoring.models import (
    CoachingSession,
    PeerMentorship,
    ProgressReport,
    ReportReview,
    ReviewDecision,
)
from pathway.core.academic import academic_year_bounds, academic_year_label
from pathway.core.compiled_lists import aggregate_row, compiled_list
from pathway.dashboards.program import CLASSES, PIPELINE_ORDER, first_results_at, stage_label
from pathway.dashboards.scholarly import KIND_HEADINGS, KINDS, count_by_kind, scholarly_items
from pathway.models import Application, ApplicationStatus, PathwayStatus, ResidentProfile

EVER_JOINED = [PathwayStatus.ACTIVE, PathwayStatus.COMPLETED, PathwayStatus.WITHDRAWN]


@dataclass(frozen=True)
class ReportYear:
    year: int
    first: date
    last: date
    as_of: date
    today: date

    @classmethod
    def of(cls, year: int, today: date) -> ReportYear:
        first, last = academic_year_bounds(year)
        return cls(year=year, first=first, last=last, as_of=min(last, today), today=today)

    @property
    def label(self) -> str:
        return academic_year_label(self.year)

    @property
    def in_progress(self) -> bool:
        return self.as_of < self.last

    def has(self, day: date | None) -> bool:
        return day is not None and self.first <= day <= self.as_of


def _in_pathway_on(resident, on: date) -> bool:
    """Had joined the pathway and not left it by `on`. A missing join date counts as joined
    (records entered before the dates were kept); a withdrawal without a date as long gone."""
    if resident.joined_on and resident.joined_on > on:
        return False
    if resident.pathway_status == PathwayStatus.WITHDRAWN:
        return resident.withdrawn_on is not None and resident.withdrawn_on > on
    return True


# What the participation and curriculum figures read of a resident; the rest stays behind.
RESIDENT_FIELDS = (
    "residency_start",
    "expected_graduation",
    "pgy_override",
    "pathway_status",
    "joined_on",
    "withdrawn_on",
    "completed_on",
    "vmps_for_leaders_completed_on",
    "leading_at_vm_completed_on",
    "sbp_signed_off_on",
)


# The report's reads, their SQL written once (pathway.core.compiled_lists): the ORM took
# longer to build its grouped counts than PostgreSQL to answer most of them (make bench).


@compiled_list(ResidentProfile)
def _residents_of(_, program):
    """Every resident of the program, read once for the participation and the curriculum."""
    return ResidentProfile.objects.filter(user__program=program).only(*RESIDENT_FIELDS)


def _residents(program) -> list[ResidentProfile]:
    return _residents_of(None, program=program.pk)


@compiled_list(Application)
def _application_counts(_, program, first, last):
    span = (first, last)
    # One grouped query for the three counts.
    return aggregate_row(
        Application.objects.filter(resident__user__program=program),
        received=Count("pk", filter=Q(submitted_at__date__range=span)),
        accepted=Count(
            "pk", filter=Q(decided_at__date__range=span, status=ApplicationStatus.ACCEPTED)
        ),
        declined=Count(
            "pk", filter=Q(decided_at__date__range=span, status=ApplicationStatus.DECLINED)
        ),
    )


def participation(*, program, period: ReportYear, residents) -> dict:
    (applications,) = _application_counts(
        None, program=program.pk, first=period.first, last=period.as_of
    )
    residents = [r for r in residents if r.pathway_status in EVER_JOINED]
    by_class = Counter()
    for resident in residents:
        if not _in_pathway_on(resident, period.as_of) or resident.is_alumnus(period.as_of):
            continue
        level = resident.pgy(period.as_of)
        if level in CLASSES:
            by_class[level] += 1
    graduated = [
        r
        for r in residents
        if period.has(r.expected_graduation) and _in_pathway_on(r, r.expected_graduation)
    ]
    return {
        "applications_received": applications["received"],
        "applications_accepted": applications["accepted"],
        "applications_declined": applications["declined"],
        "by_class": [{"label": f"PGY-{level}", "count": by_class[level]} for level in CLASSES],
        "in_pathway": sum(by_class.values()),
        "joined": sum(1 for r in residents if period.has(r.joined_on)),
        "withdrew": sum(
            1
            for r in residents
            if r.pathway_status == PathwayStatus.WITHDRAWN and period.has(r.withdrawn_on)
        ),
        "completed": sum(1 for r in residents if period.has(r.completed_on)),
        "graduated": len(graduated),
    }


def curriculum_in_year(*, period: ReportYear, residents) -> dict:
    """Residents of the program (in the pathway or not) who completed each step in the year."""
    return {
        "vmps": sum(1 for r in residents if period.has(r.vmps_for_leaders_completed_on)),
        "leading": sum(1 for r in residents if period.has(r.leading_at_vm_completed_on)),
        "sbp": sum(1 for r in residents if period.has(r.sbp_signed_off_on)),
    }


def _stage_on(project, history, on: date, current: bool):
    if current:
        return project.stage
    moves = history.get(project.pk)
    if moves:
        return moves[-1]
    # No history up to then: the current stage if it was already set, else the start.
    if timezone.localdate(project.stage_changed_at) <= on:
        return project.stage
    return Stage.SELECTION


@compiled_list(Project)
def _report_projects(_, program, last):
    return (
        Project.objects.filter(program=program, created_at__date__lte=last)
        .only(
            "stage",
            "stage_changed_at",
            "created_at",
            "event_second_day",
            "progress_score",
            "progress_confirmed_at",
        )
        .annotate(results_at=first_results_at())
    )


@compiled_list(StageChange)
def _ended_counts(_, program, first, last):
    # Projects closed and withdrawn during the year, in one grouped query.
    return aggregate_row(
        StageChange.objects.filter(
            project__program=program,
            to_stage__in=(Stage.CLOSED, Stage.WITHDRAWN),
            changed_at__date__range=(first, last),
        ),
        closed=Count("project", distinct=True, filter=Q(to_stage=Stage.CLOSED)),
        withdrawn=Count("project", distinct=True, filter=Q(to_stage=Stage.WITHDRAWN)),
    )


def capstones_in_year(*, program, period: ReportYear) -> dict:
    projects = _report_projects(None, program=program.pk, last=period.as_of)
    # For the year in progress the stage now is the stage at its end so far.
    current = period.as_of >= period.today
    history = {}
    if not current:
        changes = StageChange.objects.filter(
            project__program=program, changed_at__date__lte=period.as_of
        ).order_by("changed_at", "pk")
        for project_id, to_stage in changes.values_list("project_id", "to_stage"):
            history.setdefault(project_id, []).append(to_stage)
    stages = Counter()
    scores = Counter()
    not_scored = 0
    for project in projects:
        stage = _stage_on(project, history, period.as_of, current)
        stages[stage] += 1
        if stage in (Stage.WITHDRAWN, Stage.CLOSED):
            continue
        confirmed = project.progress_confirmed_at
        if (
            project.progress_score is not None
            and confirmed
            and (timezone.localdate(confirmed) <= period.as_of)
        ):
            scores[project.progress_score] += 1
        else:
            not_scored += 1
    (ended,) = _ended_counts(None, program=program.pk, first=period.first, last=period.as_of)
    return {
        "started": sum(1 for p in projects if period.has(timezone.localdate(p.created_at))),
        "events_held": sum(1 for p in projects if period.has(p.event_second_day)),
        "reached_results": sum(
            1 for p in projects if p.results_at and period.has(timezone.localdate(p.results_at))
        ),
        "closed": ended["closed"],
        "withdrawn": ended["withdrawn"],
        "per_stage": [
            {"label": stage_label(stage), "count": stages[stage]} for stage in PIPELINE_ORDER
        ],
        "open_at_end": sum(
            count for stage, count in stages.items() if stage not in (Stage.CLOSED, Stage.WITHDRAWN)
        ),
        "scores": [
            {"score": score, "label": name, "count": scores[score]}
            for score, name in PROGRESS_SCALE.items()
        ],
        "not_scored": not_scored,
    }


@compiled_list(PeerMentorship)
def _mentoring_counts(_, program, first, last):
    span = (first, last)
    # One grouped query: the joined meetings repeat a pairing's row, hence the distinct counts.
    return aggregate_row(
        PeerMentorship.objects.filter(mentee__user__program=program),
        active=Count(
            "pk",
            distinct=True,
            filter=Q(started_on__lte=last) & (Q(ended_on__isnull=True) | Q(ended_on__gte=first)),
        ),
        started=Count("pk", distinct=True, filter=Q(started_on__range=span)),
        ended=Count("pk", distinct=True, filter=Q(ended_on__range=span)),
        meetings=Count("meetings", distinct=True, filter=Q(meetings__met_on__range=span)),
    )


def mentoring_in_year(*, program, period: ReportYear) -> dict:
    return _mentoring_counts(None, program=program.pk, first=period.first, last=period.as_of)[0]


# Reports with their submissions, and the reviews, each in one grouped query; the joined
# submissions repeat a report's row, hence the distinct counts. (Joining the reviews too made
# PostgreSQL read every review of every program: slower than a query of their own.)
@compiled_list(ProgressReport)
def _report_counts(_, program, first, last):
    span = (first, last)
    return aggregate_row(
        ProgressReport.objects.filter(resident__user__program=program),
        reports_submitted=Count(
            "pk", distinct=True, filter=Q(first_submitted_at__date__range=span)
        ),
        submissions=Count(
            "submissions", distinct=True, filter=Q(submissions__submitted_at__date__range=span)
        ),
    )


@compiled_list(ReportReview)
def _review_counts(_, program, first, last):
    return aggregate_row(
        ReportReview.objects.filter(
            report__resident__user__program=program, reviewed_at__date__range=(first, last)
        ),
        reviewed=Count("pk", filter=Q(decision=ReviewDecision.REVIEWED)),
        revisions=Count("pk", filter=Q(decision=ReviewDecision.REVISION_REQUESTED)),
    )


@compiled_list(CoachingSession)
def _session_count(_, program, first, last):
    return aggregate_row(
        CoachingSession.objects.filter(
            resident__user__program=program, held_on__range=(first, last)
        ),
        sessions=Count("pk"),
    )


def coaching_in_year(*, program, period: ReportYear) -> dict:
    values = {"program": program.pk, "first": period.first, "last": period.as_of}
    (reports,) = _report_counts(None, **values)
    (reviews,) = _review_counts(None, **values)
    (sessions,) = _session_count(None, **values)
    return {
        "reports_submitted": reports["reports_submitted"],
        "submissions": reports["submissions"],
        "reviewed": reviews["reviewed"],
        "revisions": reviews["revisions"],
        "sessions": sessions["sessions"],
    }


def program_report(*, program, year: int, today: date) -> dict:
    period = ReportYear.of(year, today)
    # The report does not show the QI-or-research determination: no need to read it.
    items = scholarly_items(
        program=program, first=period.first, last=period.as_of, determinations=False
    )
    counts = count_by_kind(items)
    residents = _residents(program)
    return {
        "period": period,
        "participation": participation(program=program, period=period, residents=residents),
        "curriculum": curriculum_in_year(period=period, residents=residents),
        "capstones": capstones_in_year(program=program, period=period),
        "scholarly": {
            "items": sorted(items, key=lambda item: (item.on, item.kind, item.title)),
            "counts": [
                {"kind": heading, "count": counts[kind]}
                for kind, heading in zip(KINDS, KIND_HEADINGS, strict=True)
            ],
            "total": len(items),
        },
        "mentoring": mentoring_in_year(program=program, period=period),
        "coaching": coaching_in_year(program=program, period=period),
    }
