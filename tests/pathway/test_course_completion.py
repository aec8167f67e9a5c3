"""The curriculum facts other features are gated on: the completion dates of VMPS for Leaders
and Leading at Virginia Mason are recorded on the resident when the course completes, and
cleared when a completion is undone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pathway.curriculum.progress import course_completion_refresh
from pathway.curriculum.services.courses import (
    CurriculumError,
    attendance_make_up,
    attendance_record,
    homework_review,
)
from pathway.models import AttendanceStatus, CourseCompletion, CourseKind, ReviewDecision
from tests import factories as f
from tests.pathway import curriculum_setup as cs

A, P, E = AttendanceStatus.ABSENT, AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED


@pytest.fixture
def vmps(world):
    """VMPS for Leaders with two required classes (the second sets required homework), an
    optional class, and an offering with world.resident enrolled and all sessions held."""
    course = cs.course(world, kind=CourseKind.VMPS_FOR_LEADERS, name="VMPS for Leaders")
    offering = cs.offering(world, course=course)
    cs.enrollment(world, offering=offering)
    now = timezone.now()
    sessions = []
    for n, required in enumerate((True, True, False)):
        course_class = f.CourseClassFactory(course=course, position=n, is_required=required)
        sessions.append(
            f.ClassSessionFactory(
                offering=offering,
                course_class=course_class,
                starts_at=now - timedelta(days=10 - n),
            )
        )
    homework = f.HomeworkAssignmentFactory(course_class=sessions[1].course_class)
    return course, offering, sessions, homework


def _mark(world, session, status):
    attendance_record(
        session=session, marks={world.resident.resident_profile: status}, actor=world.coordinator
    )


def _submit_and_review(world, offering, homework, decision, comments="Add the data."):
    submission = f.HomeworkSubmissionFactory(
        assignment=homework, resident=world.resident.resident_profile, offering=offering
    )
    return homework_review(
        submission=submission, reviewer=world.coach, decision=decision, comments=comments
    )


def _profile(world):
    world.resident.resident_profile.refresh_from_db()
    return world.resident.resident_profile


def test_attending_every_required_class_and_acceptance_of_homework_completes_vmps(world, vmps):
    course, offering, sessions, homework = vmps
    _mark(world, sessions[0], P)
    _mark(world, sessions[1], P)
    assert _profile(world).vmps_for_leaders_completed_on is None
    review = _submit_and_review(world, offering, homework, ReviewDecision.ACCEPTED, "")
    completion = CourseCompletion.objects.get(resident=world.resident.resident_profile)
    assert completion.course == course
    # The completion date is the day the last requirement was met: the acceptance.
    assert completion.completed_on == timezone.localdate(review.reviewed_at)
    assert _profile(world).vmps_for_leaders_completed_on == completion.completed_on
    assert _profile(world).leading_at_vm_completed_on is None


def test_the_optional_class_is_not_needed(world, vmps):
    course, offering, sessions, homework = vmps
    _mark(world, sessions[0], P)
    _mark(world, sessions[1], P)
    _mark(world, sessions[2], A)
    _submit_and_review(world, offering, homework, ReviewDecision.ACCEPTED, "")
    assert _profile(world).vmps_for_leaders_completed_on is not None


def test_an_excused_class_counts_only_once_made_up(world, vmps):
    course, offering, sessions, homework = vmps
    _mark(world, sessions[0], E)
    _mark(world, sessions[1], P)
    _submit_and_review(world, offering, homework, ReviewDecision.ACCEPTED, "")
    assert _profile(world).vmps_for_leaders_completed_on is None
    assert not CourseCompletion.objects.exists()

    mark = sessions[0].attendance.get()
    made_up = timezone.localdate()
    attendance_make_up(
        attendance=mark, made_up_on=made_up, note="Joined the March group", actor=world.coach
    )
    assert _profile(world).vmps_for_leaders_completed_on == made_up


def test_homework_sent_back_for_revision_does_not_complete_the_course(world, vmps):
    course, offering, sessions, homework = vmps
    _mark(world, sessions[0], P)
    _mark(world, sessions[1], P)
    _submit_and_review(world, offering, homework, ReviewDecision.REVISION_REQUESTED)
    assert _profile(world).vmps_for_leaders_completed_on is None


def test_every_required_homework_must_be_accepted(world, vmps):
    course, offering, sessions, homework = vmps
    second = f.HomeworkAssignmentFactory(course_class=sessions[0].course_class)
    _mark(world, sessions[0], P)
    _mark(world, sessions[1], P)
    _submit_and_review(world, offering, homework, ReviewDecision.ACCEPTED, "")
    assert _profile(world).vmps_for_leaders_completed_on is None
    _submit_and_review(world, offering, second, ReviewDecision.ACCEPTED, "")
    assert _profile(world).vmps_for_leaders_completed_on is not None


def test_optional_homework_is_not_needed(world, vmps):
    course, offering, sessions, homework = vmps
    homework.is_required = False
    homework.save()
    _mark(world, sessions[0], P)
    _mark(world, sessions[1], P)
    assert _profile(world).vmps_for_leaders_completed_on == sessions[1].date


def test_correcting_attendance_to_absent_undoes_the_completion_and_clears_the_fact(world, vmps):
    course, offering, sessions, homework = vmps
    _mark(world, sessions[0], P)
    _mark(world, sessions[1], P)
    _submit_and_review(world, offering, homework, ReviewDecision.ACCEPTED, "")
    assert _profile(world).vmps_for_leaders_completed_on is not None
    _mark(world, sessions[0], A)
    assert _profile(world).vmps_for_leaders_completed_on is None
    assert not CourseCompletion.objects.exists()


def test_clearing_a_mark_also_undoes_the_completion(world, vmps):
    course, offering, sessions, homework = vmps
    homework.is_required = False
    homework.save()
    _mark(world, sessions[0], P)
    _mark(world, sessions[1], P)
    assert _profile(world).vmps_for_leaders_completed_on is not None
    _mark(world, sessions[1], "")
    assert _profile(world).vmps_for_leaders_completed_on is None


def test_leading_at_virginia_mason_records_its_own_fact(world):
    course = cs.course(world, kind=CourseKind.LEADING_AT_VM, name="Leading at Virginia Mason")
    offering = cs.offering(world, course=course)
    cs.enrollment(world, offering=offering)
    start = timezone.now() - timedelta(days=8)
    sessions = [
        f.ClassSessionFactory(
            offering=offering,
            course_class=f.CourseClassFactory(course=course, title=f"Day {n + 1}"),
            starts_at=start + timedelta(days=n),
        )
        for n in range(5)
    ]
    for session in sessions:
        _mark(world, session, P)
    profile = _profile(world)
    assert profile.leading_at_vm_completed_on == sessions[-1].date
    assert profile.vmps_for_leaders_completed_on is None


def test_other_leadership_courses_complete_without_touching_the_facts(world):
    course = cs.course(world, kind=CourseKind.OTHER)
    session = cs.session(world, offering=cs.offering(world, course=course))
    cs.enrollment(world, offering=session.offering)
    _mark(world, session, P)
    assert CourseCompletion.objects.get().course == course
    profile = _profile(world)
    assert profile.vmps_for_leaders_completed_on is None
    assert profile.leading_at_vm_completed_on is None


def test_a_course_with_no_requirements_never_completes(world):
    course = cs.course(world, kind=CourseKind.VMPS_FOR_LEADERS)
    assert (
        course_completion_refresh(resident=world.resident.resident_profile, course=course) is None
    )
    assert _profile(world).vmps_for_leaders_completed_on is None


def test_make_up_is_only_for_excused_classes_and_not_before_the_class(world, vmps):
    course, offering, sessions, homework = vmps
    _mark(world, sessions[0], P)
    mark = sessions[0].attendance.get()
    with pytest.raises(CurriculumError, match="Only an excused class"):
        attendance_make_up(
            attendance=mark, made_up_on=timezone.localdate(), note="", actor=world.coach
        )
    _mark(world, sessions[0], E)
    mark.refresh_from_db()
    with pytest.raises(CurriculumError, match="on or after the day it was missed"):
        attendance_make_up(
            attendance=mark,
            made_up_on=sessions[0].date - timedelta(days=1),
            note="",
            actor=world.coach,
        )
    with pytest.raises(CurriculumError, match="once it has happened"):
        attendance_make_up(
            attendance=mark,
            made_up_on=timezone.localdate() + timedelta(days=1),
            note="",
            actor=world.coach,
        )


def test_changing_an_excused_mark_to_present_drops_the_make_up(world, vmps):
    course, offering, sessions, homework = vmps
    _mark(world, sessions[0], E)
    mark = sessions[0].attendance.get()
    attendance_make_up(attendance=mark, made_up_on=timezone.localdate(), note="", actor=world.coach)
    _mark(world, sessions[0], A)
    mark.refresh_from_db()
    assert mark.made_up_on is None and mark.status == A
