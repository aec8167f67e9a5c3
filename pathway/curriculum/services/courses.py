"""Course enrollment, attendance, homework and completion. Keyword-only, `<entity>_<action>`.

Seats are counted under a row lock on the offering, so two residents asking for the last seat
at once cannot both get it, and a freed seat goes to exactly one waitlisted resident."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pathway.core.dates import short_date
from pathway.core.errors import ServiceError
from pathway.curriculum.progress import course_completion_refresh
from pathway.models import (
    Attendance,
    AttendanceStatus,
    ClassSession,
    CourseClass,
    CourseCompletion,
    CourseKind,
    Enrollment,
    EnrollmentStatus,
    HomeworkAssignment,
    HomeworkReview,
    HomeworkSubmission,
    Offering,
    PathwayStatus,
    ResidentProfile,
    ReviewDecision,
    SubmissionStatus,
)
from pathway.notifications.notify import notify


class CurriculumError(ServiceError):
    """A request the curriculum rules refuse; the message is shown to the user."""


# --- Catalog ------------------------------------------------------------------------------


@transaction.atomic
def course_class_save(*, course_class, homework: dict | None) -> CourseClass:
    """Save a class and the homework it sets (None: it sets none)."""
    course_class.save()
    assignment = HomeworkAssignment.objects.filter(course_class=course_class).first()
    if homework is not None:
        HomeworkAssignment.objects.update_or_create(course_class=course_class, defaults=homework)
    elif assignment is not None:
        if assignment.submissions.exists():
            raise CurriculumError(
                "Residents have submitted this class's homework, so it cannot be removed. "
                "Untick “must be accepted” instead to stop requiring it."
            )
        assignment.delete()
    return course_class


@transaction.atomic
def course_class_delete(*, course_class):
    if course_class.sessions.exists():
        raise CurriculumError(
            f"“{course_class.title}” has sessions scheduled, so it cannot be removed. "
            "Untick “required” instead to stop requiring it."
        )
    assignment = HomeworkAssignment.objects.filter(course_class=course_class).first()
    if assignment is not None and assignment.submissions.exists():
        raise CurriculumError(
            f"Residents have submitted homework for “{course_class.title}”, so it cannot be "
            "removed. Untick “required” instead."
        )
    course_class.delete()


def session_delete(*, session: ClassSession):
    if session.attendance.exists():
        raise CurriculumError(
            "Attendance has been recorded for this session, so it cannot be removed. "
            "Change its date or class instead."
        )
    session.delete()


# --- Enrollment and the waitlist ----------------------------------------------------------


def _locked(offering) -> Offering:
    return Offering.objects.select_for_update().select_related("course").get(pk=offering.pk)


def enrollment_refusal(*, offering, resident, self_service: bool, today=None) -> str | None:
    """Why `resident` may not take a place in `offering`, or None when they may."""
    today = today or timezone.localdate()
    name = "You are" if self_service else f"{resident.user.full_name} is"
    course = offering.course
    if resident.user.program_id != course.program_id:
        return f"{name} not in the program that runs this course."
    if resident.pathway_status != PathwayStatus.ACTIVE:
        return f"{name} not an active member of the pathway."
    current = (
        Enrollment.objects.active()
        .filter(resident=resident, offering__course=course)
        .select_related("offering")
        .first()
    )
    if current is not None:
        where = "this offering" if current.offering_id == offering.pk else current.offering.title
        return f"{name} already {current.get_status_display().lower()} in {where}."
    completion = CourseCompletion.objects.filter(resident=resident, course=course).first()
    if completion is not None:
        done = f"{short_date(completion.completed_on)}"
        return f"{name} already done with {course.name}: completed {done}."
    if self_service:
        if not course.is_active:
            return f"{course.name} is no longer offered."
        if offering.has_ended(today):
            return "This offering has ended."
        if course.kind == CourseKind.LEADING_AT_VM and not resident.vmps_for_leaders_completed_on:
            return (
                "Leading at Virginia Mason is taken after VMPS for Leaders. Complete VMPS for "
                "Leaders first, or ask your coordinator."
            )
    return None


def _place(offering, resident, actor, now) -> Enrollment:
    taken = offering.enrollments.enrolled().count()
    seat = taken < offering.capacity
    return Enrollment.objects.create(
        offering=offering,
        resident=resident,
        status=EnrollmentStatus.ENROLLED if seat else EnrollmentStatus.WAITLISTED,
        requested_at=now,
        enrolled_at=now if seat else None,
        added_by=actor,
    )


@transaction.atomic
def enrollment_request(*, offering, resident, actor) -> Enrollment:
    """A seat if one is free, else the end of the waitlist."""
    offering = _locked(offering)
    refusal = enrollment_refusal(
        offering=offering, resident=resident, self_service=not offering.can_manage(actor)
    )
    if refusal:
        raise CurriculumError(refusal)
    return _place(offering, resident, actor, timezone.now())


@dataclass
class BulkResult:
    enrolled: list = field(default_factory=list)
    waitlisted: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (resident, reason)


@transaction.atomic
def enrollment_bulk(*, offering, residents, actor) -> BulkResult:
    """Enroll residents in the order given; those beyond capacity join the waitlist in order."""
    offering = _locked(offering)
    result = BulkResult()
    now = timezone.now()
    for resident in residents:
        refusal = enrollment_refusal(offering=offering, resident=resident, self_service=False)
        if refusal:
            result.skipped.append((resident, refusal))
            continue
        enrollment = _place(offering, resident, actor, now)
        if enrollment.status == EnrollmentStatus.ENROLLED:
            result.enrolled.append(resident)
        else:
            result.waitlisted.append(resident)
    return result


def _fill_seats(offering) -> list:
    """Give free seats to the waitlist in order. Call with the offering row locked."""
    free = offering.capacity - offering.enrollments.enrolled().count()
    if free <= 0:
        return []
    promoted = list(offering.enrollments.waitlist().select_related("resident__user")[:free])
    now = timezone.now()
    for enrollment in promoted:
        enrollment.status = EnrollmentStatus.ENROLLED
        enrollment.enrolled_at = now
        enrollment.save(update_fields=["status", "enrolled_at"])
        _email_seat(enrollment=enrollment, offering=offering)
    return promoted


def _email_seat(*, enrollment, offering):
    notify(
        recipients=[enrollment.resident.user],
        kind="waitlist_seat",
        text=f"A seat in {offering.course} came free: you are enrolled.",
        link=reverse("pathway:offering_detail", args=[offering.pk]),
        context={
            "resident": enrollment.resident.user,
            "offering": offering,
            "course": offering.course,
        },
    )


@transaction.atomic
def enrollment_withdraw(*, enrollment, actor) -> list:
    """Withdraw from an offering or its waitlist. Returns the waitlisted residents who got the
    freed seat (each is emailed)."""
    offering = _locked(enrollment.offering)
    enrollment.refresh_from_db()
    if not enrollment.can_withdraw(actor):
        raise CurriculumError("This place has already been given up.")
    enrollment.status = EnrollmentStatus.WITHDRAWN
    enrollment.withdrawn_at = timezone.now()
    enrollment.save(update_fields=["status", "withdrawn_at"])
    return _fill_seats(offering)


@transaction.atomic
def offering_save(*, offering, actor) -> list:
    """Save a new or edited offering; a larger capacity gives seats to the waitlist."""
    if offering.pk:
        _locked(offering)
        enrolled = offering.enrollments.enrolled().count()
        if offering.capacity < enrolled:
            raise CurriculumError(
                f"{enrolled} residents hold seats, so the capacity cannot be below {enrolled}. "
                "Withdraw residents first."
            )
    offering.save()
    return _fill_seats(offering)


# --- Attendance ---------------------------------------------------------------------------


@transaction.atomic
def attendance_record(*, session, marks: dict, actor) -> int:
    """Record present / absent / excused for enrolled residents (an empty mark clears one).

    Completion is re-checked for everyone whose mark changed. Returns how many changed."""
    if session.starts_at > timezone.now():
        raise CurriculumError(
            "This session has not started yet; record attendance once it has begun."
        )
    enrolled = set(session.offering.enrollments.enrolled().values_list("resident_id", flat=True))
    existing = {a.resident_id: a for a in session.attendance.all()}
    changed = []
    for resident, status in marks.items():
        if resident.pk not in enrolled:
            raise CurriculumError(f"{resident.user.full_name} is not enrolled in this offering.")
        mark = existing.get(resident.pk)
        if not status:
            if mark is not None:
                mark.delete()
                changed.append(resident)
            continue
        if mark is None:
            Attendance.objects.create(
                session=session, resident=resident, status=status, recorded_by=actor
            )
            changed.append(resident)
        elif mark.status != status:
            mark.status = status
            if status != AttendanceStatus.EXCUSED:
                mark.made_up_on = None
                mark.make_up_note = ""
            mark.recorded_by = actor
            mark.save()
            changed.append(resident)
    for resident in changed:
        course_completion_refresh(resident=resident, course=session.offering.course)
    return len(changed)


@transaction.atomic
def attendance_make_up(*, attendance, made_up_on: date, note: str, actor) -> Attendance:
    """Record that an excused class was made up, which makes it count for completion."""
    if attendance.status != AttendanceStatus.EXCUSED:
        raise CurriculumError("Only an excused class can be made up.")
    if made_up_on < attendance.session.date:
        raise CurriculumError("A class is made up on or after the day it was missed.")
    if made_up_on > timezone.localdate():
        raise CurriculumError("Record a make-up once it has happened, not in advance.")
    attendance.made_up_on = made_up_on
    attendance.make_up_note = note
    attendance.recorded_by = actor
    attendance.save()
    course_completion_refresh(
        resident=attendance.resident, course=attendance.session.offering.course
    )
    return attendance


# --- Homework -----------------------------------------------------------------------------


def homework_offering(*, assignment, resident):
    """The offering of the assignment's course in which the resident holds a seat, if any."""
    enrollment = (
        Enrollment.objects.enrolled()
        .filter(resident=resident, offering__course=assignment.course_class.course_id)
        .select_related("offering")
        .order_by("-offering__starts_on")
        .first()
    )
    return enrollment.offering if enrollment else None


def homework_refusal(*, assignment, resident, latest) -> str | None:
    """Why the resident cannot submit now, given their latest submission (or None)."""
    if latest is not None and latest.status == SubmissionStatus.SUBMITTED:
        return "Your last submission is awaiting review; you can resubmit if a revision is asked."
    if latest is not None and latest.status == SubmissionStatus.ACCEPTED:
        return "This homework has been accepted; nothing more to submit."
    if homework_offering(assignment=assignment, resident=resident) is None:
        course = assignment.course_class.course.name
        return f"Enroll in an offering of {course} to submit its homework."
    return None


@transaction.atomic
def homework_submit(*, assignment, resident, text: str, upload=None) -> HomeworkSubmission:
    # Lock the resident's row so a double click cannot create two submissions.
    ResidentProfile.objects.select_for_update().filter(pk=resident.pk).first()
    latest = HomeworkSubmission.objects.filter(assignment=assignment, resident=resident).first()
    refusal = homework_refusal(assignment=assignment, resident=resident, latest=latest)
    if refusal:
        raise CurriculumError(refusal)
    submission = HomeworkSubmission(
        assignment=assignment,
        resident=resident,
        offering=homework_offering(assignment=assignment, resident=resident),
        text=text,
    )
    if upload is not None:
        submission.file_name = upload.name[-200:]
        submission.file.save(upload.name, upload, save=False)
    submission.save()
    offering = submission.offering
    notify(
        recipients=[offering.instructor if offering else None, resident.current_coach],
        kind="homework_submitted",
        text=f"{resident.user.display_name} submitted homework: {assignment}.",
        link=reverse("pathway:submission_detail", args=[submission.pk]),
        actor=resident.user,
    )
    return submission


@transaction.atomic
def homework_review(*, submission, reviewer, decision: str, comments: str) -> HomeworkReview:
    """Accept a submission or send it back with comments; the resident is emailed."""
    submission = (
        HomeworkSubmission.objects.select_for_update()
        .select_related("resident__user", "offering", "assignment__course_class__course")
        .get(pk=submission.pk)
    )
    if not submission.can_review(reviewer):
        raise CurriculumError("This submission is not awaiting your review.")
    comments = comments.strip()
    if decision == ReviewDecision.REVISION_REQUESTED and not comments:
        raise CurriculumError("Say what to revise, so the resident knows what to change.")
    review = HomeworkReview.objects.create(
        submission=submission, reviewer=reviewer, decision=decision, comments=comments
    )
    submission.status = decision
    submission.save(update_fields=["status"])
    course_completion_refresh(
        resident=submission.resident, course=submission.assignment.course_class.course
    )
    notify(
        recipients=[submission.resident.user],
        kind="homework_reviewed",
        text=f"{reviewer.display_name} "
        + (
            f"accepted your homework: {submission.assignment}."
            if decision == ReviewDecision.ACCEPTED
            else f"asks you to revise your homework: {submission.assignment}."
        ),
        link=reverse("pathway:homework_submit", args=[submission.assignment_id]),
        context={
            "resident": submission.resident.user,
            "review": review,
            "submission": submission,
            "assignment": submission.assignment,
        },
        actor=reviewer,
    )
    return review
