"""One resident's curriculum at a glance, for them, their coach and program staff."""

from django.urls import reverse
from django.utils import timezone

from mentoring.models import CoachAssignment
from pathway.models import CourseKind, EnrollmentStatus
from tests import factories as f
from tests.pathway import curriculum_setup as cs


def _url(world):
    return reverse("pathway:resident_curriculum", args=[world.resident.pk])


def test_the_page_shows_the_facts_courses_rotation_application_and_meetings(world, as_user):
    profile = world.resident.resident_profile
    profile.vmps_for_leaders_completed_on = timezone.localdate()
    profile.sbp_signed_off_on = timezone.localdate()
    profile.save()
    course = cs.course(world, kind=CourseKind.LEADING_AT_VM, name="Leading at Virginia Mason")
    cs.enrollment(
        world,
        offering=cs.offering(world, course=course, title="Autumn week"),
        status=EnrollmentStatus.WAITLISTED,
    )
    cs.rotation(world)
    cs.own_application(world)
    cs.meeting(world)
    body = as_user(world.director).get(_url(world)).content.decode()
    assert "VMPS for Leaders" in body and "Completed" in body
    assert "Leading at Virginia Mason" in body and "Not completed" in body
    assert "Signed off" in body
    assert "Waitlisted: Autumn week" in body
    assert "Chief Medical Officer" in body


def test_coach_sees_their_coachee_only_while_coaching(world, as_user):
    assert as_user(world.coach).get(_url(world)).status_code == 200
    CoachAssignment.objects.update(ended_on=cs.yesterday())
    assert as_user(world.coach).get(_url(world)).status_code == 404


def test_other_residents_and_programs_get_a_404(world, as_user):
    for user in (world.other_resident, world.other_director):
        assert as_user(user).get(_url(world)).status_code == 404
    assert as_user(world.sponsor).get(_url(world)).status_code == 403


def test_the_page_is_read_only(world, as_user):
    assert as_user(world.director).post(_url(world)).status_code == 405


def test_curriculum_page_queries_do_not_grow(world, as_user, django_assert_max_num_queries):
    client = as_user(world.coordinator)
    cs.rotation(world)

    def fill(n):
        for _ in range(n):
            session = cs.session(world)
            cs.enrollment(world, offering=session.offering)
            f.AttendanceFactory(session=session, resident=world.resident.resident_profile)
            f.HomeworkSubmissionFactory(
                assignment=f.HomeworkAssignmentFactory(course_class=session.course_class),
                resident=world.resident.resident_profile,
                offering=session.offering,
            )
            cs.meeting(world)

    fill(2)
    with django_assert_max_num_queries(17):
        assert client.get(_url(world)).status_code == 200
    fill(18)
    with django_assert_max_num_queries(17):
        assert client.get(_url(world)).status_code == 200


def test_staff_and_coaches_reach_the_page_from_the_profile_and_home_page(world, as_user):
    url = _url(world)
    person = reverse("pathway:person_detail", args=[world.resident.pk])
    assert url in as_user(world.director).get(person).content.decode()
    assert url in as_user(world.coach).get(reverse("home")).content.decode()
