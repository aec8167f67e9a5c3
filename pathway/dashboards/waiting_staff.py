"""The sources of "Waiting on you" for the program director and the coordinator. Each returns
(items, capped) from a fixed number of queries, whatever the size of the program."""

from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from capstone.models import StageRequest
from mentoring.at_risk import NO_COACH, NO_SPONSOR, at_risk_by_resident, can_be_at_risk
from mentoring.models import (
    CoachAssignment,
    ProgressReport,
    SponsorRequest,
    SponsorRequestStatus,
)
from pathway.core.compiled_lists import compiled_list
from pathway.core.dates import short_date
from pathway.core.links import link
from pathway.dashboards.waiting_items import (
    Item,
    collect,
    first,
    local_day,
    program_setting,
    source_rows,
)
from pathway.models import (
    ROLE_PROFILES,
    Application,
    Attendance,
    ClassSession,
    Enrollment,
    Offering,
    ResidentProfile,
    SBPRotation,
    User,
)
from pathway.models.courses import EnrollmentStatus

# Someone invited this long ago who never signed in is followed up by the coordinator; a fresh
# invitation waits on the invitee, not on them.
INVITATION_GRACE_DAYS = 7
# Offerings starting within this many days need their sessions scheduled.
SESSIONS_NEEDED_AHEAD_DAYS = 60

# The items read only these of wide rows (User.display_name reads the two names); loading the
# rest was much of the panel's cost.
NAME = ("full_name", "preferred_name")
NAME_OF_RESIDENT = ("resident__user__full_name", "resident__user__preferred_name")
# What the at-risk verdict (mentoring.at_risk) and its items read of a resident.
AT_RISK_FIELDS = (
    "pathway_status",
    "residency_start",
    "expected_graduation",
    "pgy_override",
    "joined_on",
    "user__is_active",
    "user__program",
    *(f"user__{name}" for name in NAME),
)


# --- Program director -------------------------------------------------------------------------


@source_rows(Application)
def _applications_rows(user):
    return (
        Application.objects.visible_to(user)
        .open()
        .select_related("resident__user")
        .only("is_late", "submitted_at", *NAME_OF_RESIDENT)
        .order_by("submitted_at", "pk")
    )


def _applications(user, today):
    return collect(
        _applications_rows(user),
        today,
        lambda a: (
            "Application to decide",
            f"{a.resident.user.display_name}" + (" (late application)" if a.is_late else ""),
            link("pathway:application_detail", a.pk),
            "Decide",
            local_day(a.submitted_at),
        ),
    )


def _overrides(user, today):
    """Open requests in the program that no-one can approve: the project has no KPO coach, or
    no accepted sponsor, to give an approval the request needs. Only a director's override
    moves them."""
    return collect(_overrides_rows(user), today, _override_item)


@source_rows(StageRequest)
def _overrides_rows(user):
    return (
        StageRequest.objects.visible_to(user)
        .open()
        .filter(project__program=user.program_id)
        .annotate(
            has_coach=Exists(
                CoachAssignment.objects.current().filter(resident=OuterRef("project__lead"))
            )
        )
        .filter(
            Q(needs_coach=True, has_coach=False)
            | Q(needs_sponsor=True, project__sponsor_accepted_on__isnull=True)
        )
        .for_queue()
        # Only what the item shows: whole projects, leads and users were most of its cost.
        .select_related(None)
        .select_related("project")
        .only("project__title", "to_stage", "needs_coach", "requested_at")
    )


def _override_item(r):
    return (
        "Needs your override",
        f"{r.project.title}: {r.get_to_stage_display()}, with no "
        + ("KPO coach" if r.needs_coach and not r.has_coach else "accepted sponsor")
        + " to approve it",
        link("capstone:project_detail", r.project_id),
        "Decide",
        local_day(r.requested_at),
    )


def _at_risk(user, today):
    """The one at-risk verdict (mentoring.at_risk), split the way a director acts on it: a
    resident without a coach or (PGY-2 and later) a sponsor is an item of its own, with the
    link that fixes it; the other reasons make one at-risk item per resident."""
    residents = [r for r in _pathway_residents(user) if can_be_at_risk(r, today)]
    verdicts = at_risk_by_resident(residents, today=today)
    items = []
    for resident in residents:
        name = resident.user.display_name
        others = []
        for reason in verdicts[resident.pk]:
            if reason.kind == NO_COACH:
                items.append(
                    Item("No KPO coach", name, reason.url, "Assign", resident.joined_on, today)
                )
            elif reason.kind == NO_SPONSOR:
                items.append(
                    Item(
                        "No sponsor",
                        f"{name}: {reason.text}",
                        reason.url,
                        "Open",
                        resident.joined_on,
                        today,
                    )
                )
            else:
                others.append(reason)
        if others:
            items.append(
                Item(
                    "At risk",
                    name,
                    others[0].url,
                    "Open",
                    next((r.since for r in others if r.since), None),
                    today,
                    details=tuple((r.text, r.url) for r in others),
                )
            )
    return items, False


@compiled_list(ResidentProfile)  # every one: the at-risk verdicts read them all
def _pathway_residents(user):
    return (
        ResidentProfile.objects.visible_to(user)
        .in_pathway()
        .filter(user__is_active=True)
        .select_related("user")
        .only(*AT_RISK_FIELDS)
        .order_by("pk")
    )


def _late_reviews(user, today):
    """Reports waiting on a KPO coach longer than the program's `review_within_days`."""
    limit = program_setting(user, "review_within_days")
    start_of_today = timezone.make_aware(datetime.combine(today, time()))
    return collect(
        _late_review_rows(user, cutoff=start_of_today - timedelta(days=limit)),
        today,
        lambda r: (
            "Report waiting on a coach",
            f"{r.resident.user.display_name}: {r.period_label}, with "
            + (r.coach_name or "no coach")
            + f" (limit {limit} days)",
            r.get_absolute_url(),
            "Open",
            local_day(r.submitted_at),
        ),
    )


@source_rows(ProgressReport)
def _late_review_rows(user, cutoff):
    coach = CoachAssignment.objects.current().filter(resident=OuterRef("resident"))
    return (
        ProgressReport.objects.visible_to(user)
        .waiting_since_before(cutoff)
        .annotate(coach_name=Subquery(coach.values("coach__full_name")[:1]))
        .select_related("resident__user")
        .only("period_from", "period_to", "submitted_at", *NAME_OF_RESIDENT)
        .order_by("submitted_at", "pk")
    )


@source_rows(SBPRotation)
def _rotation_rows(user, today):
    return (
        SBPRotation.objects.visible_to(user)
        .filter(signed_off_on__isnull=True, ends_on__lt=today)
        .select_related("resident__user")
        .only("ends_on", *NAME_OF_RESIDENT)
        .order_by("ends_on", "pk")
    )


def _rotations(user, today):
    return collect(
        _rotation_rows(user, today=today),
        today,
        lambda r: (
            "Rotation to sign off",
            f"{r.resident.user.display_name}: SBP rotation ended {short_date(r.ends_on)}",
            r.get_absolute_url(),
            "Sign off",
            r.ends_on,
        ),
    )


def director_sources(user, today):
    return [
        _applications(user, today),
        _overrides(user, today),
        _at_risk(user, today),
        _late_reviews(user, today),
        _rotations(user, today),
    ]


# --- Coordinator ------------------------------------------------------------------------------


@source_rows(User)
def _invitation_rows(user, cutoff):
    return (
        User.objects.visible_to(user)
        .filter(
            program=user.program_id,
            is_active=True,
            last_login__isnull=True,
            date_joined__lt=cutoff,
        )
        .only(*NAME, "date_joined")
        .order_by("date_joined", "pk")
    )


def _invitations(user, today):
    cutoff = timezone.make_aware(
        datetime.combine(today - timedelta(days=INVITATION_GRACE_DAYS), time())
    )
    return collect(
        _invitation_rows(user, cutoff=cutoff),
        today,
        lambda u: (
            "Invitation not accepted",
            f"{u.display_name} has not signed in yet",
            u.get_absolute_url(),
            "Open",
            local_day(u.date_joined),
        ),
    )


@source_rows(User)
def _people_without_role(user):
    return (
        User.objects.visible_to(user)
        .filter(program=user.program_id, is_active=True, is_superuser=False)
        .filter(**{f"{profile}__isnull": True for profile in ROLE_PROFILES.values()})
        .exclude(Exists(Offering.objects.filter(instructor=OuterRef("pk"))))
        .only(*NAME, "date_joined")
        .order_by("date_joined", "pk")
    )


@source_rows(SponsorRequest)
def _proposed_sponsors(user):
    return (
        SponsorRequest.objects.visible_to(user)
        .filter(status=SponsorRequestStatus.AWAITING_APPROVAL)
        .select_related("resident__user")
        .only("proposed_name", "proposed_email", "requested_at", *NAME_OF_RESIDENT)
        .order_by("requested_at", "pk")
    )


def _roster_problems(user, today):
    """People the roster cannot place: active accounts with no role (an offering's instructor
    needs none), and sponsors residents proposed who wait for the coordinator to add them."""
    people, people_capped = first(_people_without_role(user))
    proposals, proposals_capped = first(_proposed_sponsors(user))
    items = [
        Item(
            "No role",
            f"{u.display_name} holds no role",
            link("pathway:person_edit", u.pk),
            "Give a role",
            local_day(u.date_joined),
            today,
        )
        for u in people
    ] + [
        Item(
            "Proposed sponsor",
            f"{r.proposed_name or r.proposed_email}, proposed by {r.resident.user.display_name}",
            link("mentoring:sponsor_request_detail", r.pk),
            "Approve or refuse",
            local_day(r.requested_at),
            today,
        )
        for r in proposals
    ]
    return items, people_capped or proposals_capped


@source_rows(Offering)
def _offering_rows(user, today, soon):
    waiting_since = Subquery(
        Enrollment.objects.filter(offering=OuterRef("pk"), status=EnrollmentStatus.WAITLISTED)
        .order_by("requested_at")
        .values("requested_at")[:1]
    )
    return (
        Offering.objects.visible_to(user)
        .upcoming(today)
        .annotate(
            waitlisted_since=waiting_since,
            has_sessions=Exists(ClassSession.objects.filter(offering=OuterRef("pk"))),
        )
        .filter(Q(waitlisted_since__isnull=False) | Q(has_sessions=False, starts_on__lte=soon))
        .select_related("course")
        .order_by("starts_on", "pk")
    )


def _offerings(user, today):
    """Offerings still to run with residents on their waitlist, and those starting soon with
    no session scheduled."""
    rows, capped = first(
        _offering_rows(user, today=today, soon=today + timedelta(days=SESSIONS_NEEDED_AHEAD_DAYS))
    )
    items = []
    for o in rows:
        if o.waitlisted_since is not None:
            items.append(
                Item(
                    "Waitlist",
                    str(o),
                    o.get_absolute_url(),
                    "Offer seats",
                    local_day(o.waitlisted_since),
                    today,
                )
            )
        if not o.has_sessions:
            items.append(
                Item(
                    "No sessions",
                    f"{o} starts {short_date(o.starts_on)}",
                    link("pathway:session_add", o.pk),
                    "Add sessions",
                    None,
                    today,
                )
            )
    return items, capped


def _attendance(user, today):
    """Past sessions of offerings with enrolled residents, and not one attendance mark."""
    start_of_today = timezone.make_aware(datetime.combine(today, time()))
    return collect(
        _unmarked_sessions(user, before=start_of_today),
        today,
        _attendance_item,
    )


def _attendance_item(s):
    return (
        "Attendance not taken",
        f"{s.course_class.title} ({s.offering})",
        link("pathway:attendance_take", s.pk),
        "Take attendance",
        s.date,
    )


@source_rows(ClassSession)
def _unmarked_sessions(user, before):
    return (
        ClassSession.objects.visible_to(user)
        .filter(starts_at__lt=before)
        .filter(
            Exists(
                Enrollment.objects.filter(
                    offering=OuterRef("offering"), status=EnrollmentStatus.ENROLLED
                )
            )
        )
        .exclude(Exists(Attendance.objects.filter(session=OuterRef("pk"))))
        .select_related("offering__course", "course_class")
        .order_by("starts_at", "pk")
    )


def coordinator_sources(user, today):
    return [
        _invitations(user, today),
        _roster_problems(user, today),
        _offerings(user, today),
        _attendance(user, today),
    ]
