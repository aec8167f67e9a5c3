"""seed_demo gives each resident a curriculum that matches their PGY, and stays idempotent."""

import pytest

from pathway.demo import world as demo
from pathway.models import (
    Application,
    ApplicationStatus,
    Attendance,
    ClassSession,
    Course,
    CourseCompletion,
    Enrollment,
    EnrollmentStatus,
    HomeworkReview,
    HomeworkSubmission,
    LeadershipMeeting,
    Offering,
    PathwayStatus,
    ResidentProfile,
    SBPActivity,
    SBPRequirement,
    SBPRotation,
    SubmissionStatus,
)

MODELS = [
    Course,
    Offering,
    ClassSession,
    Enrollment,
    Attendance,
    HomeworkSubmission,
    HomeworkReview,
    CourseCompletion,
    Application,
    SBPRequirement,
    SBPRotation,
    SBPActivity,
    LeadershipMeeting,
]


@pytest.fixture
def world(db):
    return demo.seed()


def _by_pgy(world, level):
    return [r for r in world["residents"] if r.pgy() == level]


def _fresh(resident):
    resident.refresh_from_db()
    return resident


def test_pgy3s_have_finished_the_curriculum(world):
    for resident in map(_fresh, _by_pgy(world, 3)):
        assert resident.vmps_for_leaders_completed_on is not None
        assert resident.leading_at_vm_completed_on is not None
        assert resident.sbp_signed_off_on is not None
        assert resident.vmps_for_leaders_completed_on < resident.leading_at_vm_completed_on
        assert resident.leadership_meetings.exists()


def test_pgy2s_are_part_way(world):
    pgy2 = list(map(_fresh, _by_pgy(world, 2)))
    assert all(r.vmps_for_leaders_completed_on and r.sbp_signed_off_on for r in pgy2)
    finished = [r for r in pgy2 if r.leading_at_vm_completed_on]
    waiting = [r for r in pgy2 if not r.leading_at_vm_completed_on]
    assert finished and waiting
    # Those still to take Leading at Virginia Mason hold a seat or a waitlist place.
    statuses = {
        e.status
        for r in waiting
        for e in r.enrollments.active().filter(offering__course__kind="leading_at_vm")
    }
    assert statuses == {EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED}


def test_pgy1s_are_starting(world):
    active = [r for r in map(_fresh, _by_pgy(world, 1)) if r.pathway_status == PathwayStatus.ACTIVE]
    assert active
    for resident in active:
        assert resident.vmps_for_leaders_completed_on is None
        assert resident.sbp_signed_off_on is None
        assert (
            resident.enrollments.enrolled()
            .filter(offering__course__kind="vmps_for_leaders")
            .exists()
        )
        assert resident.attendance.exists()
        rotation = resident.sbp_rotation
        assert rotation.activities.count() > 0
        assert not rotation.is_signed_off
    # Something is waiting in the demo coach's review queue.
    coach = world["coaches"][0]
    assert HomeworkSubmission.objects.reviewable_by(coach).awaiting_review().exists()
    assert HomeworkSubmission.objects.filter(status=SubmissionStatus.REVISION_REQUESTED).exists()


def test_the_applicant_has_an_open_application(world):
    applicant = next(r for r in world["residents"] if r.pathway_status == PathwayStatus.APPLICANT)
    assert applicant.applications.get().status == ApplicationStatus.SUBMITTED
    # Everyone in the pathway, in both programs, got there through an accepted application.
    accepted = Application.objects.filter(status=ApplicationStatus.ACCEPTED).count()
    assert accepted == ResidentProfile.objects.filter(pathway_status=PathwayStatus.ACTIVE).count()


def test_each_program_has_its_own_catalog(world):
    for program in (world["program"], world["other_program"]):
        assert Course.objects.filter(program=program).count() == 3
        assert SBPRequirement.objects.filter(program=program).count() == 6


def test_seeding_twice_creates_no_duplicates(world):
    before = {model: model.objects.count() for model in MODELS}
    demo.seed()
    after = {model: model.objects.count() for model in MODELS}
    assert after == before
