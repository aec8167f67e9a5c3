"""The resident's home: what to do next on milestones, the capstone, progress reports, courses
and the SBP rotation, and who is there to help.

Read-only: every row comes through `visible_to`, and the number of queries does not depend on
how many milestones, reports or courses the resident has."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Subquery

from capstone.models import FLOW, Project, Stage
from mentoring.models import (
    CoachAssignment,
    CoachingSettings,
    PeerMentorship,
    ProgressReport,
    ReportReview,
    ReportStatus,
)
from pathway.core.compiled_lists import compiled_list
from pathway.core.dates import short_date
from pathway.core.links import link, link_maker
from pathway.curriculum.progress import course_progress
from pathway.curriculum.services.sbp import sbp_requirements
from pathway.models import Course, Milestone, MilestoneStatus, Notification, SBPRotation

# How many open milestones and notifications the home lists; the full pages have the rest.
MILESTONES_SHOWN = 5
NOTIFICATIONS_SHOWN = 3
# The "write your next report" button shows this many days before the report is due.
REPORT_DUE_AHEAD_DAYS = 3
# Reports read to find the latest shared one and any draft (newest first).
RECENT_REPORTS = 6
# What the home reads of a person: User.display_name's fields, and the email it links to.
NAME_FIELDS = ("full_name", "preferred_name")
CONTACT_FIELDS = (*NAME_FIELDS, "email")


@dataclass
class NextStep:
    """What the resident must do next on their capstone, in words, with where to do it."""

    text: str
    missing: list = field(default_factory=list)  # (label, url) of unmet requirements
    url: str = ""
    link_text: str = ""


@dataclass
class ReportStatusLine:
    latest: object  # the newest submitted report (never a draft), or None
    latest_review: object  # its latest review, or None
    editable: object  # a draft or a report sent back for revision, or None
    due_on: date
    cadence: int
    today: date

    @property
    def overdue(self) -> bool:
        return self.due_on < self.today

    @property
    def days_until_due(self) -> int:
        return (self.due_on - self.today).days

    @property
    def due_text(self) -> str:
        return short_date(self.due_on)

    @property
    def due_soon(self) -> bool:
        """Due within REPORT_DUE_AHEAD_DAYS or overdue, and no report is being written (the
        cadence runs on while the coach reviews the last one): "Waiting on you" lists it."""
        return self.editable is None and self.days_until_due <= REPORT_DUE_AHEAD_DAYS

    @property
    def write_now(self) -> bool:
        """Whether to offer "Write your next report": due soon, or the first report not
        started yet."""
        return self.due_soon or (self.editable is None and self.latest is None)


@dataclass
class MilestoneLine:
    """An open milestone as the home lists it: read as a row, not a model, since the home
    counts every milestone but shows only a few."""

    pk: int
    template_id: int
    name: str
    due_on: date | None
    home_status: str
    url: str

    @property
    def due_text(self) -> str:
        # short_date writes "j M Y" as the date filter does, at a tenth of its cost.
        return short_date(self.due_on) if self.due_on else ""


# The home's own queries are CompiledLists: their SQL is written once per kind of user (the
# ORM took longer to write each than the database to run it), then run with this resident.
@compiled_list(Milestone)
def _milestone_rows(user, profile):
    return (
        Milestone.objects.visible_to(user)
        .filter(resident=profile)
        .timeline()
        .values_list("pk", "template_id", "template__name", "due_on", "completed_on", "waived_on")
    )


def milestone_rows(user, profile) -> list[tuple]:
    """The resident's milestones in timeline order, as (pk, template_id, name, due_on,
    completed_on, waived_on): the home's milestone card and "Waiting on you" both read them."""
    return _milestone_rows(user, profile=profile.pk)


def _milestones(rows, today):
    statuses = Counter()
    upcoming = []
    for pk, template_id, name, due_on, completed_on, waived_on in rows:
        status = Milestone.status_of(
            due_on=due_on, completed_on=completed_on, waived_on=waived_on, today=today
        )
        statuses[status] += 1
        if Milestone.open_of(completed_on=completed_on, waived_on=waived_on):
            upcoming.append((pk, template_id, name, due_on, status))
    milestone_url = link_maker("pathway:milestone_detail")
    return {
        "next": [
            MilestoneLine(*line, url=milestone_url(line[0])) for line in upcoming[:MILESTONES_SHOWN]
        ],
        "more": max(len(upcoming) - MILESTONES_SHOWN, 0),
        "total": len(rows),
        "done": statuses[MilestoneStatus.DONE] + statuses[MilestoneStatus.WAIVED],
        "overdue": statuses[MilestoneStatus.OVERDUE],
        "due_soon": statuses[MilestoneStatus.DUE_SOON],
        "on_track": statuses[MilestoneStatus.UPCOMING],
    }


def _projects(user, profile):
    # Of the people on the project the home names only the sponsor; the lead is `profile`.
    return Project.objects.visible_to(user).filter(lead=profile).select_related("sponsor")


@compiled_list(Project)
def _active_capstone(user, profile):
    # [:1] is .first(): the model's own order, latest change first.
    return _projects(user, profile).active()[:1]


@compiled_list(Project)
def _closed_capstone(user, profile):
    return _projects(user, profile).filter(stage=Stage.CLOSED)[:1]


def _capstone(user, profile):
    """The active capstone, else the latest closed one; None when there is none."""
    found = _active_capstone(user, profile=profile.pk) or _closed_capstone(user, profile=profile.pk)
    project = found[0] if found else None
    if project is not None:
        project.lead = profile
    return project


def next_step(project) -> NextStep:
    """The capstone's next required step, from the stage rules."""
    detail = link("capstone:project_detail", project.pk)
    if project.is_on_hold:
        return NextStep(
            f"Your project is on hold ({project.stage_reason}). Resume it in "
            f"{project.get_held_from_stage_display()} when you are ready.",
            url=detail,
            link_text="Open your project",
        )
    if project.stage == Stage.CLOSED:
        return NextStep(
            "Your project is closed. Its record and A3 stay available.",
            url=detail,
            link_text="Open your project",
        )
    following = project.next_stage()
    label = Stage(following).label
    missing = [
        (r.label, link(f"capstone:{r.tab}", project.pk)) for r in project.missing_for(following)
    ]
    if not missing:
        return NextStep(
            f"Everything needed for {label} is done: move your project on from its page.",
            url=detail,
            link_text="Open your project",
        )
    count = len(missing)
    return NextStep(
        f"To move on to {label}, {count} thing{'s' if count > 1 else ''} "
        f"{'are' if count > 1 else 'is'} still missing:",
        missing=missing,
        url=missing[0][1],
        link_text="Work on the next step",
    )


@compiled_list(ProgressReport)
def _recent_reports(user, profile):
    program_cadence = CoachingSettings.objects.filter(program=user.program_id).values(
        "report_cadence_days"
    )[:1]
    return (
        ProgressReport.objects.visible_to(user)
        .filter(resident=profile)
        .order_by("-period_to", "-pk")
        # What the status line reads of a report; its long texts stay in the database.
        .only("period_from", "period_to", "status", "submitted_at")
        .annotate(program_cadence=Subquery(program_cadence))[:RECENT_REPORTS]
    )


@compiled_list(ReportReview)
def _latest_review(user, report):
    return (
        ReportReview.objects.filter(report=report)
        .select_related("reviewer")
        .only("feedback", "reviewed_at", *(f"reviewer__{name}" for name in NAME_FIELDS))
        .reverse()[:1]  # .last(): the newest in the model's own order
    )


def report_status(user, profile, today) -> ReportStatusLine:
    """The progress report card's facts: latest shared report, its review, the draft, when the
    next is due. The home's card and its "Waiting on you" both read them."""
    # The program's cadence rides along on each report row: one query fewer when there is one.
    recent = _recent_reports(user, profile=profile.pk)
    shared = [r for r in recent if r.status != ReportStatus.DRAFT]
    latest = shared[0] if shared else None
    # Only the latest shared report's newest review is shown: read that one row.
    review = next(iter(_latest_review(None, report=latest.pk)), None) if latest else None
    editable = next((r for r in recent if r.is_editable), None)
    if not recent:
        cadence = CoachingSettings.for_program(user.program_id).report_cadence_days
    elif recent[0].program_cadence is None:  # no settings saved: for_program's defaults
        cadence = CoachingSettings(program_id=user.program_id).report_cadence_days
    else:
        cadence = recent[0].program_cadence
    due_on = ProgressReport.next_due_for(
        profile.pk, latest.period_to if latest else None, cadence, today
    )
    return ReportStatusLine(
        latest=latest,
        latest_review=review,
        editable=editable,
        due_on=due_on,
        cadence=cadence,
        today=today,
    )


@compiled_list(Course)
def _active_courses(user):
    return Course.objects.visible_to(user).filter(is_active=True)


def _courses(user, profile):
    courses = _active_courses(user)
    if not courses:
        return []
    progress = course_progress(resident=profile, courses=courses)
    return [progress[course.pk] for course in courses]


@compiled_list(SBPRotation)
def _latest_rotation(user, profile):
    return (
        SBPRotation.objects.visible_to(user).filter(resident=profile).prefetch_related("activities")
    )[:1]  # .first(): the model's own order, latest started first


def _sbp(user, profile):
    rotation = next(iter(_latest_rotation(user, profile=profile.pk)), None)
    if rotation is None:
        return None
    return {
        "rotation": rotation,
        "progress": rotation.progress(sbp_requirements(program=profile.user.program_id)),
    }


@compiled_list(CoachAssignment)
def _coach_assignment(user, profile):
    return (
        CoachAssignment.objects.visible_to(user)
        .current()
        .filter(resident=profile)
        .select_related("coach")
        .only(*(f"coach__{name}" for name in CONTACT_FIELDS))
    )[:1]  # .first(): the model's own order, latest started first


@compiled_list(PeerMentorship)
def _peer_mentorship(user, profile):
    return (
        PeerMentorship.objects.visible_to(user)
        .current()
        .filter(mentee=profile)
        .select_related("mentor__user")
        .only(*(f"mentor__user__{name}" for name in CONTACT_FIELDS))
    )[:1]  # .first(): the model's own order, latest started first


def _people(user, profile, project):
    assignment = next(iter(_coach_assignment(user, profile=profile.pk)), None)
    mentorship = next(iter(_peer_mentorship(user, profile=profile.pk)), None)
    return {
        "coach": assignment.coach if assignment else None,
        "sponsor": project.sponsor if project and project.sponsor_id else None,
        "sponsor_accepted": bool(project and project.sponsor_accepted_on),
        "peer_mentor": mentorship.mentor.user if mentorship else None,
    }


def resident_home(*, user, today: date) -> dict:
    """Everything the resident's section of the home page shows; `milestone_rows` are for
    the page's "Waiting on you" panel."""
    profile = user.resident_profile
    milestones = milestone_rows(user, profile)
    project = _capstone(user, profile)
    stage = None
    if project is not None:
        flow_stage = project.flow_stage
        stage = {
            "project": project,
            "steps": project.stepper(),
            "next_stage": Stage(project.next_stage()) if project.next_stage() else None,
            "flow_position": FLOW.index(flow_stage) + 1 if flow_stage in FLOW else None,
            "flow_length": len(FLOW),
            "next_step": next_step(project),
        }
    return {
        "profile": profile,
        "milestones": _milestones(milestones, today),
        "milestone_rows": milestones,
        "capstone": stage,
        "reports": report_status(user, profile, today),
        "courses": _courses(user, profile),
        "sbp": _sbp(user, profile),
        "people": _people(user, profile, project),
        "unread_count": user.unread_notifications,
        "notifications": list(Notification.objects.visible_to(user).unread()[:NOTIFICATIONS_SHOWN])
        if user.unread_notifications
        else [],
    }
