"""The KPO coach's home: reports waiting for review, the caseload with who is at risk and why,
and what is coming up for the coach's residents (two-day events, follow-ups, agreed actions).

Read-only; every row comes through `visible_to`, and the number of queries does not depend on
the size of the caseload."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import OuterRef
from django.utils import timezone

from capstone.models import FollowUp, Project
from mentoring.at_risk import at_risk_by_resident, day_text
from mentoring.models import REVIEW_OVERDUE_DAYS, CoachingAction
from mentoring.models.residents import NEVER, SubqueryCount, TrackedResident
from pathway.core.compiled_lists import CompiledList, compiled_list
from pathway.core.links import link, link_maker
from pathway.dashboards.waiting_roles import coachees, reports_to_review
from pathway.models import Milestone, ResidentProfile

# Two-day events this far ahead are listed; follow-ups and agreed actions due within
# COMING_UP_DAYS (or already late) too.
EVENT_HORIZON_DAYS = 60
COMING_UP_DAYS = 14
REVIEW_QUEUE_SHOWN = 10


@dataclass
class CaseloadRow:
    resident: object
    project: object  # the active capstone, or None
    # The one at-risk verdict (mentoring.at_risk): empty when the resident is on track.
    reasons: list
    # The row's links and dates, made here: a {% url %} or |date per cell cost the home more
    # than its queries (make bench).
    coaching_url: str = ""
    curriculum_url: str = ""
    project_url: str = ""
    last_report: str = "—"
    last_contact: str = "—"

    @property
    def at_risk(self) -> bool:
        return bool(self.reasons)

    @property
    def overdue_milestones(self) -> int:
        return self.resident.overdue_milestones


@dataclass
class ComingUp:
    """One thing coming up for a coachee: a follow-up or an agreed action."""

    on: date
    kind: str
    text: str
    resident: object
    url: str
    late: bool


def _review_queue(reports, today):
    """The first of the reports_to_review() rows that "Waiting on you" lists too."""
    rows, _ = reports
    shown = rows[:REVIEW_QUEUE_SHOWN]
    for report in shown:
        report.waiting = report.days_waiting(today)
        report.waiting_long = report.waiting is not None and report.waiting > REVIEW_OVERDUE_DAYS
    return {"reports": shown, "more": len(rows) > REVIEW_QUEUE_SHOWN}


def _caseload_rows(user, today):
    overdue = Milestone.objects.filter(resident=OuterRef("pk")).overdue(today)
    return (
        coachees(user)
        .with_last_report()
        .annotate(
            overdue_milestones=SubqueryCount(overdue.order_by().values("pk")),
        )
        .order_by("user__full_name", "pk")
    )


# A dozen subqueries: the ORM took ten times as long to write its SQL as PostgreSQL to run it.
_caseload_residents = CompiledList(TrackedResident, _caseload_rows, fixed_dates=[NEVER])


def _caseload(user, today, projects):
    residents = _caseload_residents(user, today=today)
    verdicts = at_risk_by_resident(residents, today=today)
    by_lead = {}
    for project in projects:
        by_lead.setdefault(project.lead_id, project)
    coaching_url = link_maker("mentoring:resident_coaching")
    curriculum_url = link_maker("pathway:resident_curriculum")
    project_url = link_maker("capstone:project_detail")
    rows = []
    for resident in residents:
        project = by_lead.get(resident.pk)
        last_report = resident.last_report_at
        rows.append(
            CaseloadRow(
                resident=resident,
                project=project,
                reasons=verdicts[resident.pk],
                coaching_url=coaching_url(resident.pk),
                curriculum_url=curriculum_url(resident.user_id),
                project_url=project_url(project.pk) if project else "",
                last_report=day_text(timezone.localdate(last_report)) if last_report else "—",
                last_contact=day_text(resident.last_contact_on)
                if resident.last_contact_on
                else "—",
            )
        )
    return rows


@compiled_list(Project)
def _project_rows(user):
    """The active capstones of the coach's residents."""
    return (
        Project.objects.visible_to(user)
        .active()
        .filter(lead__in=ResidentProfile.objects.coached_by(user))
        # The home names only each project's lead, and shows only these of a wide row.
        .select_related("lead__user")
        .only(
            "title",
            "stage",
            "event_first_day",
            "event_second_day",
            "lead__user__full_name",
            "lead__user__preferred_name",
        )
        .order_by("lead__user__full_name", "pk")
    )


_open_follow_ups = CompiledList(
    FollowUp,
    lambda user, projects: FollowUp.objects.filter(
        project_id__in=projects, held_on__isnull=True
    ).order_by("due_on"),
)


def _projects(user):
    """The active capstones of the coach's residents, each with its `open_follow_ups`."""
    projects = _project_rows(user)
    follow_ups = defaultdict(list)
    for follow_up in _open_follow_ups(None, projects=[p.pk for p in projects]):
        follow_ups[follow_up.project_id].append(follow_up)
    for project in projects:
        project.open_follow_ups = follow_ups[project.pk]
    return projects


def _events(projects, today):
    horizon = today + timedelta(days=EVENT_HORIZON_DAYS)
    coming = [
        p
        for p in projects
        if p.event_first_day is not None
        and p.event_second_day is not None
        and today <= p.event_second_day
        and p.event_first_day <= horizon
    ]
    return sorted(coming, key=lambda p: p.event_first_day)


@compiled_list(CoachingAction)
def _open_actions(user, until):
    return (
        CoachingAction.objects.visible_to(user)
        .open()
        .filter(
            due_on__lte=until,
            session__resident__in=ResidentProfile.objects.coached_by(user),
        )
        .select_related("session__resident__user")
        .only(
            "description",
            "due_on",
            "session__resident__user__full_name",
            "session__resident__user__preferred_name",
        )
    )


def _coming_up(user, projects, today):
    until = today + timedelta(days=COMING_UP_DAYS)
    items = []
    for project in projects:
        for follow_up in project.open_follow_ups:
            if follow_up.due_on <= until:
                items.append(
                    ComingUp(
                        on=follow_up.due_on,
                        kind=f"{follow_up.day}-day follow-up",
                        text=project.title,
                        resident=project.lead.user,
                        url=link("capstone:project_implementation", project.pk),
                        late=follow_up.due_on < today,
                    )
                )
    actions = _open_actions(user, until=until)
    for action in actions:
        items.append(
            ComingUp(
                on=action.due_on,
                kind="Agreed action",
                text=action.description,
                resident=action.session.resident.user,
                url=link("mentoring:session_detail", action.session_id),
                late=action.due_on < today,
            )
        )
    return sorted(items, key=lambda item: (item.on, item.resident.full_name))


def coach_home(*, user, today: date) -> dict:
    """Everything the KPO coach's section of the home page shows. "reports" and "residents"
    are for the coach's "Waiting on you" (waiting_on), which lists from the same rows."""
    reports = reports_to_review(user)
    projects = _projects(user)
    caseload = _caseload(user, today, projects)
    return {
        "queue": _review_queue(reports, today),
        "caseload": caseload,
        "at_risk_count": sum(1 for row in caseload if row.at_risk),
        "capacity": user.coach_profile.caseload_capacity,
        "events": _events(projects, today),
        "coming_up": _coming_up(user, projects, today),
        "event_horizon_days": EVENT_HORIZON_DAYS,
        "coming_up_days": COMING_UP_DAYS,
        "reports": reports,
        "residents": [row.resident for row in caseload],
    }
