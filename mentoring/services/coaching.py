"""Coach assignment, coaching sessions, peer mentoring, introductions and settings.

A refusal raises MentoringError with a message written for the person who asked."""

from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mentoring.models import (
    CoachAssignment,
    CoachingAction,
    CoachingSession,
    CoachingSettings,
    MentoringMeeting,
    MentorIntroduction,
    PeerMentorship,
    PrivateCoachingNote,
    TrackedResident,
)
from pathway.core.dates import short_date
from pathway.core.errors import ServiceError
from pathway.models import ResidentProfile, Role
from pathway.notifications.notify import notify


class MentoringError(ServiceError):
    """A change the rules refuse; the message is shown to the user as it is."""


# --- Coach assignment --------------------------------------------------------------------------


@dataclass
class AssignmentResult:
    assignment: CoachAssignment
    previous: CoachAssignment | None
    caseload: int
    capacity: int

    @property
    def over_capacity(self) -> bool:
        return self.caseload > self.capacity

    @property
    def warning(self) -> str:
        if not self.over_capacity:
            return ""
        coach = self.assignment.coach.display_name
        return (
            f"{coach} now coaches {self.caseload} residents, more than their caseload capacity "
            f"of {self.capacity}. Consider another coach or raise the capacity."
        )


def _check_coach(coach, resident):
    if coach.pk == resident.user_id:
        # A resident who also coaches would review their own reports.
        raise MentoringError(f"{coach.display_name} cannot be their own KPO coach.")
    if not coach.has_role(Role.COACH):
        raise MentoringError(f"{coach.display_name} is not a KPO coach.")
    if not coach.is_active:
        raise MentoringError(f"{coach.display_name}'s account is deactivated.")
    if coach.program_id != resident.user.program_id:
        raise MentoringError(f"{coach.display_name} coaches in another program.")


@transaction.atomic
def coach_assign(*, resident, coach, started_on: date, assigned_by) -> AssignmentResult:
    """Make `coach` the resident's current KPO coach from `started_on`, ending the current
    assignment that day. Over capacity is allowed (programs are short of coaches) but reported."""
    # Lock the resident so that two people reassigning at once cannot both end the old row.
    resident = (
        ResidentProfile.objects.select_for_update().select_related("user").get(pk=resident.pk)
    )
    _check_coach(coach, resident)
    previous = resident.coach_assignments.current().select_related("coach").first()
    if previous is not None:
        if previous.coach_id == coach.pk:
            raise MentoringError(f"{coach.display_name} is already {resident}'s KPO coach.")
        if started_on < previous.started_on:
            raise MentoringError(
                f"The new coach cannot start before {previous.coach.display_name} did "
                f"({short_date(previous.started_on)}); "
                f"pick {short_date(previous.started_on)} or later."
            )
        previous.ended_on = started_on
        previous.save(update_fields=["ended_on"])
    assignment = CoachAssignment.objects.create(
        resident=resident, coach=coach, started_on=started_on, assigned_by=assigned_by
    )
    _tell_coach_assigned(resident, coach, previous, started_on, assigned_by)
    return AssignmentResult(
        assignment=assignment,
        previous=previous,
        caseload=CoachAssignment.objects.current().filter(coach=coach).count(),
        capacity=coach.coach_profile.caseload_capacity,
    )


def _tell_coach_assigned(resident, coach, previous, started_on, assigned_by):
    when = short_date(started_on)
    link = reverse("mentoring:resident_coaching", args=[resident.pk])
    notify(
        recipients=[resident.user],
        kind="coach_assigned",
        text=f"{coach.display_name} is your KPO coach from {when}.",
        link=link,
        actor=assigned_by,
    )
    notify(
        recipients=[coach],
        kind="coach_assigned",
        text=f"You coach {resident.user.display_name} from {when}.",
        link=link,
        actor=assigned_by,
    )
    if previous is not None:
        notify(
            recipients=[previous.coach],
            kind="coach_assigned",
            text=f"{coach.display_name} coaches {resident.user.display_name} from {when} "
            "instead of you.",
            link=reverse("mentoring:caseload"),
            actor=assigned_by,
        )


def coach_assignment_end(*, assignment: CoachAssignment, ended_on: date) -> CoachAssignment:
    if not assignment.is_current:
        raise MentoringError("This coaching assignment has already ended.")
    if ended_on < assignment.started_on:
        raise MentoringError(
            f"The assignment started on {short_date(assignment.started_on)}; it cannot end earlier."
        )
    assignment.ended_on = ended_on
    assignment.save(update_fields=["ended_on"])
    return assignment


# --- Coaching sessions -------------------------------------------------------------------------


@dataclass
class ActionData:
    description: str
    due_on: date
    id: int | None = None
    delete: bool = False


@dataclass
class SessionData:
    held_on: date
    duration_minutes: int
    mode: str
    vmps_tools: list = field(default_factory=list)
    notes: str = ""
    private_notes: str = ""
    actions: list = field(default_factory=list)


def _write_session(session: CoachingSession, data: SessionData):
    session.held_on = data.held_on
    session.duration_minutes = data.duration_minutes
    session.mode = data.mode
    session.vmps_tools = list(data.vmps_tools)
    session.notes = data.notes
    session.save()
    if data.private_notes.strip():
        PrivateCoachingNote.objects.update_or_create(
            session=session, defaults={"text": data.private_notes}
        )
    else:
        PrivateCoachingNote.objects.filter(session=session).delete()
    existing = {action.pk: action for action in session.actions.all()}
    for item in data.actions:
        if item.id is not None:
            action = existing.get(item.id)
            if action is None:
                raise MentoringError("An agreed action belongs to another session.")
            if item.delete:
                action.delete()
                continue
            action.description = item.description
            action.due_on = item.due_on
            action.save(update_fields=["description", "due_on"])
        elif not item.delete:
            CoachingAction.objects.create(
                session=session, description=item.description, due_on=item.due_on
            )


@transaction.atomic
def session_log(*, resident, coach, data: SessionData) -> CoachingSession:
    """Record a coaching session held by the resident's current coach."""
    if not TrackedResident.objects.filter(pk=resident.pk).coached_by(coach).exists():
        raise MentoringError(
            f"Only {resident}'s current KPO coach can log a coaching session with them."
        )
    session = CoachingSession(resident=resident, coach=coach)
    _write_session(session, data)
    return session


@transaction.atomic
def session_update(*, session: CoachingSession, data: SessionData) -> CoachingSession:
    _write_session(session, data)
    return session


def action_set_done(*, action: CoachingAction, done: bool, on: date | None = None):
    action.completed_on = (on or timezone.localdate()) if done else None
    action.save(update_fields=["completed_on"])
    return action


# --- Peer mentoring ----------------------------------------------------------------------------


@transaction.atomic
def mentorship_pair(*, mentor, mentees, started_on: date, paired_by) -> list[PeerMentorship]:
    """Pair a PGY-3 peer mentor with one or more PGY-1/2 mentees."""
    if not mentees:
        raise MentoringError("Choose at least one mentee.")
    program_id = mentor.user.program_id
    if not TrackedResident.objects.filter(pk=mentor.pk).eligible_mentors(on=started_on).exists():
        raise MentoringError(
            f"{mentor} cannot be a peer mentor: peer mentors are PGY-3 pathway residents who "
            "completed VMPS for Leaders."
        )
    ids = [mentee.pk for mentee in mentees]
    candidates = set(
        TrackedResident.objects.filter(pk__in=ids, user__program=program_id)
        .mentee_candidates(on=started_on)
        .values_list("pk", flat=True)
    )
    wrong = [str(m) for m in mentees if m.pk not in candidates]
    if wrong:
        raise MentoringError(
            f"Only PGY-1 and PGY-2 pathway residents of the same program can be mentees: "
            f"{', '.join(wrong)}."
        )
    taken = (
        PeerMentorship.objects.current()
        .filter(mentee__in=ids)
        .select_related("mentee__user", "mentor__user")
    )
    if taken:
        raise MentoringError(
            "A mentee has at most one current peer mentor: "
            + "; ".join(f"{p.mentee} is mentored by {p.mentor}" for p in taken)
            + ". End that pairing first."
        )
    try:
        with transaction.atomic():
            pairs = [
                PeerMentorship.objects.create(
                    mentor=mentor, mentee=mentee, started_on=started_on, paired_by=paired_by
                )
                for mentee in mentees
            ]
    except IntegrityError:
        # Someone else paired one of these mentees between our check and the insert.
        raise MentoringError(
            "One of these residents was just given a peer mentor by someone else. "
            "Reload the page and try again."
        )
    link = reverse("mentoring:my_peer_mentoring")
    for pair in pairs:
        notify(
            recipients=[pair.mentee.user],
            kind="mentor_paired",
            text=f"{mentor.user.display_name} is your peer mentor from {short_date(started_on)}.",
            link=link,
            actor=paired_by,
        )
    notify(
        recipients=[mentor.user],
        kind="mentor_paired",
        text=f"You are the peer mentor of {', '.join(p.mentee.user.display_name for p in pairs)}"
        f" from {short_date(started_on)}.",
        link=link,
        actor=paired_by,
    )
    return pairs


def mentorship_end(*, mentorship: PeerMentorship, ended_on: date) -> PeerMentorship:
    if not mentorship.is_current:
        raise MentoringError("This pairing has already ended.")
    if ended_on < mentorship.started_on:
        raise MentoringError(
            f"The pairing started on {short_date(mentorship.started_on)}; it cannot end earlier."
        )
    mentorship.ended_on = ended_on
    mentorship.save(update_fields=["ended_on"])
    return mentorship


def meeting_log(*, mentorship, met_on: date, topics: str, notes: str, logged_by):
    if not mentorship.is_current:
        raise MentoringError("This pairing has ended; meetings can no longer be logged.")
    if not mentorship.involves(logged_by):
        raise MentoringError("Only the peer mentor and the mentee log their meetings.")
    return MentoringMeeting.objects.create(
        mentorship=mentorship, met_on=met_on, topics=topics, notes=notes, logged_by=logged_by
    )


# --- Mentor introductions ----------------------------------------------------------------------


def introduction_record(
    *,
    resident,
    faculty_name: str,
    faculty_email: str,
    faculty_role: str,
    area,
    introduced_on: date,
    introduced_by,
) -> MentorIntroduction:
    return MentorIntroduction.objects.create(
        resident=resident,
        faculty_name=faculty_name,
        faculty_email=faculty_email,
        faculty_role=faculty_role,
        area=area,
        introduced_on=introduced_on,
        introduced_by=introduced_by,
    )


def introduction_follow_up(*, introduction: MentorIntroduction, status: str, notes: str):
    introduction.status = status
    introduction.follow_up_notes = notes
    introduction.save(update_fields=["status", "follow_up_notes", "updated_at"])
    return introduction


# --- Settings ----------------------------------------------------------------------------------


def coaching_settings_update(
    *,
    program,
    report_cadence_days: int,
    stalled_after_days: int,
    review_within_days: int = CoachingSettings.DEFAULT_REVIEW_WITHIN_DAYS,
    contact_within_days: int = CoachingSettings.DEFAULT_CONTACT_WITHIN_DAYS,
    updated_by,
) -> CoachingSettings:
    found, _ = CoachingSettings.objects.update_or_create(
        program=program,
        defaults={
            "report_cadence_days": report_cadence_days,
            "stalled_after_days": stalled_after_days,
            "review_within_days": review_within_days,
            "contact_within_days": contact_within_days,
            "updated_by": updated_by,
        },
    )
    return found
