"""visible_to on every curriculum model: residents their own records, coaches their current
coachees', instructors the offerings they teach, program staff their program, nobody another
program's; the catalog is shared within a program."""

import pytest
from django.contrib.auth.models import AnonymousUser

from mentoring.models import CoachAssignment
from pathway.models import (
    Application,
    Attendance,
    ClassSession,
    Course,
    CourseClass,
    CourseCompletion,
    Enrollment,
    HomeworkAssignment,
    HomeworkReview,
    HomeworkSubmission,
    LateApplicationAllowance,
    LeadershipMeeting,
    Offering,
    SBPActivity,
    SBPRequirement,
    SBPRotation,
)
from tests import factories as f
from tests.pathway import curriculum_setup as cs


def _records(world):
    """One record of world.resident per resident-record model."""
    submission = cs.submission(world)
    excused = cs.excused_mark(world)
    return {
        Enrollment: Enrollment.objects.filter(resident=world.resident.resident_profile).first(),
        Attendance: excused,
        HomeworkSubmission: submission,
        HomeworkReview: f.HomeworkReviewFactory(submission=submission, reviewer=world.coach),
        CourseCompletion: cs.completion(world),
        Application: cs.own_application(world),
        LateApplicationAllowance: LateApplicationAllowance.objects.create(
            resident=world.resident.resident_profile, granted_by=world.director, reason="Leave"
        ),
        SBPRotation: cs.rotation(world),
        SBPActivity: f.SBPActivityFactory(
            rotation=SBPRotation.objects.get(resident=world.resident.resident_profile),
            requirement=cs.requirement(world),
        ),
        LeadershipMeeting: cs.meeting(world),
    }


RESIDENT_RECORD_MODELS = [
    Enrollment,
    Attendance,
    HomeworkSubmission,
    HomeworkReview,
    CourseCompletion,
    Application,
    LateApplicationAllowance,
    SBPRotation,
    SBPActivity,
    LeadershipMeeting,
]


@pytest.mark.parametrize("model", RESIDENT_RECORD_MODELS, ids=lambda m: m.__name__)
def test_resident_records_are_seen_by_the_resident_their_coach_and_program_staff(world, model):
    record = _records(world)[model]
    for viewer in (world.resident, world.coach, world.director, world.coordinator, world.superuser):
        assert model.objects.visible_to(viewer).filter(pk=record.pk).exists(), viewer


@pytest.mark.parametrize("model", RESIDENT_RECORD_MODELS, ids=lambda m: m.__name__)
def test_resident_records_are_hidden_from_other_residents_sponsors_and_other_programs(world, model):
    record = _records(world)[model]
    for viewer in (
        world.other_resident,
        world.sponsor,
        world.other_director,
        world.other_coordinator,
        AnonymousUser(),
    ):
        assert not model.objects.visible_to(viewer).filter(pk=record.pk).exists(), viewer


@pytest.mark.parametrize("model", RESIDENT_RECORD_MODELS, ids=lambda m: m.__name__)
def test_coach_loses_sight_of_records_when_the_coaching_ends(world, model):
    record = _records(world)[model]
    CoachAssignment.objects.filter(coach=world.coach).update(ended_on=cs.yesterday())
    # world.coach also teaches the offerings, so teaching records stay visible.
    taught = model in (Enrollment, Attendance, HomeworkSubmission, HomeworkReview)
    assert model.objects.visible_to(world.coach).filter(pk=record.pk).exists() is taught


def test_instructor_sees_enrollment_attendance_and_homework_of_offerings_they_teach(world):
    teacher = f.CoachFactory(user__program=world.program).user
    taught = cs.offering(world, instructor=teacher)
    enrollment = cs.enrollment(world, resident=world.other_resident, offering=taught)
    session = cs.session(world, offering=taught)
    mark = f.AttendanceFactory(session=session, resident=enrollment.resident)
    homework = cs.assignment(world, course_class=session.course_class)
    submission = f.HomeworkSubmissionFactory(
        assignment=homework, resident=enrollment.resident, offering=taught
    )
    assert Enrollment.objects.visible_to(teacher).get() == enrollment
    assert Attendance.objects.visible_to(teacher).get() == mark
    assert HomeworkSubmission.objects.visible_to(teacher).get() == submission
    # Teaching is not coaching: the resident's other records stay private.
    cs.meeting(world, resident=world.other_resident)
    assert not LeadershipMeeting.objects.visible_to(teacher).exists()


CATALOG = {
    Course: lambda w: cs.course(w),
    CourseClass: lambda w: cs.course_class(w),
    HomeworkAssignment: lambda w: cs.assignment(w),
    Offering: lambda w: cs.offering(w),
    ClassSession: lambda w: cs.session(w),
    SBPRequirement: lambda w: cs.requirement(w),
}


@pytest.mark.parametrize("model", CATALOG, ids=lambda m: m.__name__)
def test_the_catalog_is_shared_within_a_program_and_hidden_from_others(world, model):
    item = CATALOG[model](world)
    for viewer in (
        world.resident,
        world.other_resident,
        world.coach,
        world.sponsor,
        world.director,
        world.coordinator,
        world.superuser,
    ):
        assert model.objects.visible_to(viewer).filter(pk=item.pk).exists(), viewer
    for viewer in (world.other_director, world.other_coordinator, AnonymousUser()):
        assert not model.objects.visible_to(viewer).filter(pk=item.pk).exists(), viewer
