"""The sources of "Waiting on you" for residents, KPO coaches and sponsors, and the approvals
coaches, sponsors and directors share. Each returns (items, capped) from one query."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Subquery
from django.utils.text import Truncator

from capstone.models import StageRequest
from mentoring.models import (
    CoachAssignment,
    ProgressReport,
    ReportStatus,
    SponsorRequest,
    SponsorRequestStatus,
    TrackedResident,
)
from pathway.core.dates import short_date
from pathway.core.links import link, link_maker
from pathway.dashboards.resident import milestone_rows, report_status
from pathway.dashboards.waiting_items import (
    SOURCE_LIMIT,
    Item,
    collect,
    first,
    local_day,
    program_setting,
    source_rows,
)
from pathway.models import HomeworkSubmission, Milestone
from pathway.models.courses import SubmissionStatus

# The resident's milestones due this far ahead are listed with the overdue ones.
MILESTONE_AHEAD_DAYS = 30
MILESTONES_LISTED = 3
# A stage request's note is quoted up to this many characters, as the approval queue quotes it.
NOTE_SHOWN = 160


def _name(user) -> str:
    return user.display_name if user is not None else "Someone"


# --- Shared by coach, sponsor and director -----------------------------------------------------


@source_rows(StageRequest)
def _approval_rows(user):
    return (
        StageRequest.objects.awaiting(user)
        .for_queue()
        # Only what the item shows: whole projects, leads and users were most of its cost.
        .select_related(None)
        .select_related("project", "requested_by")
        .only(
            "project__title",
            "to_stage",
            "requested_at",
            "note",
            "requested_by__full_name",
            "requested_by__preferred_name",
        )
    )


def approvals(user, today):
    """Stage requests waiting for this person's approval (the approval queue's selector), with
    the note to the approvers cut to NOTE_SHOWN characters: the project page shows it whole."""
    rows, capped = first(_approval_rows(user))
    return [
        Item(
            "Stage request to approve",
            f"{r.project.title}: {r.get_to_stage_display()}, asked by {_name(r.requested_by)}",
            link("capstone:project_detail", r.project_id),
            "Review",
            local_day(r.requested_at),
            today,
            note=Truncator(r.note).chars(NOTE_SHOWN),
        )
        for r in rows
    ], capped


# --- Resident ---------------------------------------------------------------------------------


@source_rows(ProgressReport)
def _report_revisions_rows(user, profile):
    return (
        ProgressReport.objects.visible_to(user)
        .filter(resident=profile, status=ReportStatus.REVISION_REQUESTED)
        .order_by("reviewed_at", "pk")
    )


def _report_revisions(user, profile, today):
    return collect(
        _report_revisions_rows(user, profile=profile.pk),
        today,
        lambda r: (
            "Revision requested",
            f"Your progress report for {r.period_label}",
            link("mentoring:report_edit", r.pk),
            "Revise",
            local_day(r.reviewed_at),
        ),
    )


@source_rows(HomeworkSubmission)
def _homework_revisions_rows(user, profile):
    # A resubmission is a new row: a request answered by a later submission waits no more.
    later = HomeworkSubmission.objects.filter(
        assignment=OuterRef("assignment"),
        resident=OuterRef("resident"),
        submitted_at__gt=OuterRef("submitted_at"),
    )
    return (
        HomeworkSubmission.objects.visible_to(user)
        .filter(resident=profile, status=SubmissionStatus.REVISION_REQUESTED)
        .exclude(Exists(later))
        .select_related("assignment", "review")
        .order_by("submitted_at", "pk")
    )


def _homework_revisions(user, profile, today):
    return collect(
        _homework_revisions_rows(user, profile=profile.pk),
        today,
        lambda s: (
            "Revision requested",
            f"Your homework: {s.assignment}",
            link("pathway:homework_submit", s.assignment_id),
            "Revise",
            local_day(s.review.reviewed_at if hasattr(s, "review") else s.submitted_at),
        ),
    )


@source_rows(StageRequest)
def _returned_requests_rows(user, profile):
    # Only the project's latest request: a returned one asked again waits on the approvers.
    later = StageRequest.objects.filter(
        project=OuterRef("project"), requested_at__gt=OuterRef("requested_at")
    )
    return (
        StageRequest.objects.visible_to(user)
        .filter(project__lead=profile, status=StageRequest.Status.RETURNED)
        .exclude(Exists(later))
        .select_related("project")
        .order_by("closed_at", "pk")
    )


def _returned_requests(user, profile, today):
    return collect(
        _returned_requests_rows(user, profile=profile.pk),
        today,
        lambda r: (
            "Stage request returned",
            f"{r.project.title}: {r.get_to_stage_display()}",
            link("capstone:project_detail", r.project_id),
            "See why",
            local_day(r.closed_at),
        ),
    )


def _next_milestones(user, profile, today, rows):
    """The open milestones due within MILESTONE_AHEAD_DAYS, from the rows the home's milestone
    card reads too (pathway.dashboards.resident.milestone_rows), so the two agree."""
    rows = milestone_rows(user, profile) if rows is None else rows
    until = today + timedelta(days=MILESTONE_AHEAD_DAYS)
    url = link_maker("pathway:milestone_detail")
    due = [
        (pk, name, due_on)
        for pk, _, name, due_on, completed_on, waived_on in rows
        if Milestone.open_of(completed_on=completed_on, waived_on=waived_on)
        and due_on is not None
        and due_on <= until
    ]
    items = [
        Item("Milestone due", name, url(pk), "Open", due_on, today, ahead=True)
        for pk, name, due_on in due[:MILESTONES_LISTED]
    ]
    return items, False


def _report_due(status, today):
    """The next progress report once it is due soon or overdue, on the date the home's report
    card and the reminder emails give (ProgressReport.next_due_on)."""
    if not status.due_soon:
        return [], False
    text = "Your next progress report" if status.latest else "Your first progress report"
    url = link("mentoring:report_add")
    return [
        Item("Progress report due", text, url, "Write", status.due_on, today, ahead=True)
    ], False


def resident_sources(user, today, milestones=None, reports=None):
    """The resident's sources; `milestones` (milestone_rows) and `reports` (report_status)
    when the home has read them."""
    profile = user.resident_profile
    reports = report_status(user, profile, today) if reports is None else reports
    return [
        _report_revisions(user, profile, today),
        _homework_revisions(user, profile, today),
        _returned_requests(user, profile, today),
        _report_due(reports, today),
        _next_milestones(user, profile, today, milestones),
    ]


# --- KPO coach --------------------------------------------------------------------------------


@source_rows(ProgressReport)
def _reports_to_review_rows(user):
    return (
        ProgressReport.objects.visible_to(user)
        .for_coach(user)
        .awaiting_review()
        .select_related("resident__user", "project")
        # Only what the home and the panel show: a report's text and a project's are wide.
        .only(
            "status",
            "period_from",
            "period_to",
            "submitted_at",
            "resident__user__full_name",
            "resident__user__preferred_name",
            "project__title",
        )
        .order_by("submitted_at", "pk")
    )


def reports_to_review(user):
    """The coach's reports waiting for review, oldest first: at most SOURCE_LIMIT and whether
    there were more, in one query. The coach's home lists the first of the same rows."""
    return first(_reports_to_review_rows(user))


def _reports_to_review(reports, today):
    rows, capped = reports
    return [
        Item(
            "Report to review",
            f"{r.resident.user.display_name}: {r.period_label}",
            link("mentoring:report_review", r.pk),
            "Review",
            local_day(r.submitted_at),
            today,
        )
        for r in rows
    ], capped


@source_rows(HomeworkSubmission)
def _homework_to_review_rows(user):
    return (
        HomeworkSubmission.objects.visible_to(user)
        .reviewable_by(user)
        .awaiting_review()
        .select_related("resident__user", "assignment")
        .only(
            "submitted_at",
            "resident__user__full_name",
            "resident__user__preferred_name",
            "assignment__title",
        )
        .order_by("submitted_at", "pk")
    )


def _homework_to_review(user, today):
    return collect(
        _homework_to_review_rows(user),
        today,
        lambda s: (
            "Homework to review",
            f"{s.resident.user.display_name}: {s.assignment}",
            link("pathway:submission_review", s.pk),
            "Review",
            local_day(s.submitted_at),
        ),
    )


def coachees(user):
    """The residents `user` coaches now, each with `last_contact_on` and `coached_since` (when
    this coach's current assignment started), their user loaded. The coach's caseload adds its
    own columns to the same query (pathway.dashboards.coach)."""
    return (
        TrackedResident.objects.visible_to(user)
        .coached_by(user)
        .with_last_contact()
        .annotate(
            coached_since=Subquery(
                CoachAssignment.objects.current()
                .filter(resident=OuterRef("pk"), coach=user)
                .values("started_on")[:1]
            )
        )
        .select_related("user")
    )


def _out_of_touch(user, today, residents):
    """Coachees with no contact (session, report, review, peer meeting) for longer than the
    program's `contact_within_days`; counted from the assignment for someone never met. Read
    from `residents` (coachees() above), longest out of touch first, never met last."""
    cutoff = today - timedelta(days=program_setting(user, "contact_within_days"))
    late = [
        r
        for r in residents
        if r.user.is_active
        and (
            r.last_contact_on < cutoff
            if r.last_contact_on is not None
            else r.coached_since is not None and r.coached_since < cutoff
        )
    ]
    late.sort(key=lambda r: (r.last_contact_on is None, r.last_contact_on or date.max, r.pk))
    return [
        Item(
            "No contact",
            f"{r.user.display_name}: no session, report or review"
            + (f" since {short_date(r.last_contact_on)}" if r.last_contact_on else " yet"),
            link("mentoring:resident_coaching", r.pk),
            "Get in touch",
            r.last_contact_on or r.coached_since,
            today,
        )
        for r in late[:SOURCE_LIMIT]
    ], len(late) > SOURCE_LIMIT


def coach_sources(user, today, *, reports=None, residents=None):
    """The coach's sources. The coach's home passes the `reports` (reports_to_review()) and the
    `residents` (its caseload, built on coachees()) it read already, so they are read once."""
    return [
        _reports_to_review(reports_to_review(user) if reports is None else reports, today),
        _homework_to_review(user, today),
        _out_of_touch(user, today, coachees(user) if residents is None else residents),
    ]


# --- Sponsor ----------------------------------------------------------------------------------


@source_rows(SponsorRequest)
def _sponsor_requests(user):
    return (
        SponsorRequest.objects.visible_to(user)
        .filter(sponsor=user, status=SponsorRequestStatus.AWAITING_SPONSOR)
        .select_related("resident__user", "project")
        .only(
            "requested_at",
            "resident__user__full_name",
            "resident__user__preferred_name",
            "project__title",
        )
        .order_by("requested_at", "pk")
    )


def sponsor_sources(user, today):
    return [
        collect(
            _sponsor_requests(user),
            today,
            lambda r: (
                "Sponsor request",
                f"{r.resident.user.display_name} asks you to sponsor {r.project.title}",
                link("mentoring:sponsor_request_detail", r.pk),
                "Answer",
                local_day(r.requested_at),
            ),
        )
    ]
