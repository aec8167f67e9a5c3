"""An offering's page: sessions, roster, waitlist and the attendance grid."""

from django.urls import reverse

from pathway.models import AttendanceStatus, EnrollmentStatus
from tests import factories as f
from tests.pathway import curriculum_setup as cs


def _offering_with_people(world):
    offering = cs.offering(world, capacity=2)
    session = cs.session(world, offering=offering)
    cs.enrollment(world, offering=offering)
    cs.enrollment(world, resident=world.other_resident, offering=offering)
    waiting = f.ResidentFactory(program=world.program, user__full_name="Wanda Waiting")
    cs.enrollment(
        world, resident=waiting.user, offering=offering, status=EnrollmentStatus.WAITLISTED
    )
    f.AttendanceFactory(session=session, resident=world.resident.resident_profile)
    f.AttendanceFactory(
        session=session,
        resident=world.other_resident.resident_profile,
        status=AttendanceStatus.ABSENT,
    )
    return offering


def _body(as_user, user, offering):
    response = as_user(user).get(reverse("pathway:offering_detail", args=[offering.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_coordinator_sees_roster_waitlist_attendance_and_management_links(world, as_user):
    offering = _offering_with_people(world)
    body = _body(as_user, world.coordinator, offering)
    for text in (
        "Rosa Resident",
        "Otto Other",
        "Wanda Waiting",
        "Roster and attendance",
        "Waitlist",
        "Enroll residents",
        "Schedule a session",
        "✓",
        "✗",
    ):
        assert text in body, text


def test_instructor_sees_everyone_and_can_take_attendance(world, as_user):
    offering = _offering_with_people(world)
    body = _body(as_user, world.coach, offering)
    assert "Otto Other" in body and "Wanda Waiting" in body
    assert reverse("pathway:attendance_take", args=[offering.sessions.get().pk]) in body
    assert "Enroll residents" not in body


def test_a_resident_sees_only_their_own_place_not_classmates(world, as_user):
    offering = _offering_with_people(world)
    body = _body(as_user, world.resident, offering)
    assert "Otto Other" not in body and "Wanda Waiting" not in body
    assert "You have a seat." in body and "Give up my seat" in body
    assert offering.meeting_link in body


def test_a_waitlisted_resident_sees_their_place(world, as_user):
    offering = _offering_with_people(world)
    waiting = offering.enrollments.waitlist().get().resident.user
    body = _body(as_user, waiting, offering)
    assert "You are number 1 on the waitlist" in body and "Leave the waitlist" in body
    # The meeting link is for those with a seat.
    assert offering.meeting_link not in body


def test_a_coach_who_does_not_teach_sees_only_their_coachees(world, as_user):
    offering = _offering_with_people(world)
    offering.instructor = world.director
    offering.save()
    body = _body(as_user, world.coach, offering)
    assert "Rosa Resident" in body
    assert "Otto Other" not in body and "Wanda Waiting" not in body


def test_a_sponsor_sees_the_offering_but_nobody_on_it(world, as_user):
    offering = _offering_with_people(world)
    body = _body(as_user, world.sponsor, offering)
    assert offering.title in body
    assert "Rosa Resident" not in body and "Roster and attendance" not in body


def test_the_offering_page_is_read_only(world, as_user):
    offering = cs.offering(world)
    response = as_user(world.coordinator).post(
        reverse("pathway:offering_detail", args=[offering.pk])
    )
    assert response.status_code == 405


def test_offering_page_queries_do_not_grow_with_roster_and_sessions(
    world, as_user, django_assert_max_num_queries
):
    offering = cs.offering(world, capacity=100)
    client = as_user(world.coordinator)
    url = reverse("pathway:offering_detail", args=[offering.pk])

    def fill(n):
        sessions = [cs.session(world, offering=offering) for _ in range(2)]
        for _ in range(n):
            resident = f.ResidentFactory(program=world.program)
            cs.enrollment(world, resident=resident.user, offering=offering)
            for session in sessions:
                f.AttendanceFactory(session=session, resident=resident)

    fill(2)
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200
    fill(18)
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200
