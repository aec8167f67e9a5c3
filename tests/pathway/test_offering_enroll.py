"""A resident takes a seat in an offering, or joins its waitlist when it is full."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pathway.models import CourseKind, Enrollment, EnrollmentStatus, PathwayStatus
from tests import factories as f
from tests.pathway import curriculum_setup as cs


def _enroll(as_user, user, offering):
    return as_user(user).post(reverse("pathway:offering_enroll", args=[offering.pk]), follow=True)


def test_resident_takes_a_free_seat(world, as_user):
    offering = cs.offering(world, capacity=2)
    response = _enroll(as_user, world.resident, offering)
    enrollment = Enrollment.objects.get(resident=world.resident.resident_profile)
    assert enrollment.status == EnrollmentStatus.ENROLLED
    assert enrollment.added_by == world.resident
    assert f"You have a seat in {offering}" in response.content.decode()


def test_resident_joins_the_waitlist_of_a_full_offering_and_sees_their_place(world, as_user):
    offering = cs.offering(world, capacity=1)
    first = f.ResidentFactory(program=world.program)
    cs.enrollment(world, resident=first.user, offering=offering)
    cs.enrollment(
        world,
        resident=f.ResidentFactory(program=world.program).user,
        offering=offering,
        status=EnrollmentStatus.WAITLISTED,
    )
    response = _enroll(as_user, world.resident, offering)
    enrollment = Enrollment.objects.get(resident=world.resident.resident_profile)
    assert enrollment.status == EnrollmentStatus.WAITLISTED
    body = response.content.decode()
    assert "you are number 2 on the waitlist" in body
    assert "You are number 2 on the waitlist" in body


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda w, o: _status(w, PathwayStatus.APPLICANT), "not an active member of the pathway"),
        (lambda w, o: cs.enrollment(w, offering=o), "already enrolled in this offering"),
        (
            lambda w, o: f.CourseCompletionFactory(
                resident=w.resident.resident_profile, course=o.course
            ),
            "already done with",
        ),
        (lambda w, o: _ended(o), "This offering has ended."),
        (lambda w, o: _retired(o), "is no longer offered"),
    ],
    ids=["not-in-pathway", "already-enrolled", "completed", "ended", "retired"],
)
def test_enrolment_is_refused_with_a_clear_message(world, as_user, setup, message):
    offering = cs.offering(world)
    setup(world, offering)
    before = Enrollment.objects.count()
    response = _enroll(as_user, world.resident, offering)
    assert message in response.content.decode()
    assert Enrollment.objects.count() == before


def _status(world, status):
    profile = world.resident.resident_profile
    profile.pathway_status = status
    profile.save()


def _ended(offering):
    offering.starts_on = timezone.localdate() - timedelta(days=30)
    offering.ends_on = timezone.localdate() - timedelta(days=1)
    offering.save()


def _retired(offering):
    offering.course.is_active = False
    offering.course.save()


def test_a_seat_in_another_offering_of_the_same_course_is_refused(world, as_user):
    course = cs.course(world)
    first = cs.offering(world, course=course, title="Autumn")
    cs.enrollment(world, offering=first)
    response = _enroll(as_user, world.resident, cs.offering(world, course=course, title="Spring"))
    assert "already enrolled in Autumn" in response.content.decode()
    assert Enrollment.objects.count() == 1


def test_leading_at_virginia_mason_comes_after_vmps_for_leaders(world, as_user):
    course = cs.course(world, kind=CourseKind.LEADING_AT_VM)
    offering = cs.offering(world, course=course)
    response = _enroll(as_user, world.resident, offering)
    assert "Complete VMPS for Leaders first" in response.content.decode()
    assert not Enrollment.objects.exists()

    profile = world.resident.resident_profile
    profile.vmps_for_leaders_completed_on = timezone.localdate()
    profile.save()
    _enroll(as_user, world.resident, offering)
    assert Enrollment.objects.get().status == EnrollmentStatus.ENROLLED


def test_another_programs_offering_is_not_found(world, as_user):
    offering = f.OfferingFactory(course=f.CourseFactory(program=world.other_program))
    response = as_user(world.resident).post(reverse("pathway:offering_enroll", args=[offering.pk]))
    assert response.status_code == 404
    assert not Enrollment.objects.exists()


def test_enrolling_needs_a_post(world, as_user):
    offering = cs.offering(world)
    response = as_user(world.resident).get(reverse("pathway:offering_enroll", args=[offering.pk]))
    assert response.status_code == 405
    assert not Enrollment.objects.exists()


def test_staff_cannot_enrol_themselves(world, as_user):
    offering = cs.offering(world)
    for user in (world.coach, world.coordinator, world.superuser):
        response = as_user(user).post(reverse("pathway:offering_enroll", args=[offering.pk]))
        assert response.status_code == 403
    assert not Enrollment.objects.exists()
