"""The course catalog and a course's page: everyone in the program reads them."""

from django.urls import reverse

from pathway.models import EnrollmentStatus
from tests import factories as f
from tests.pathway import curriculum_setup as cs


def test_every_role_in_the_program_sees_the_offered_courses_and_coming_offerings(world, as_user):
    offering = cs.offering(world, title="Spring cohort")
    for user in (world.resident, world.coach, world.sponsor, world.director, world.coordinator):
        body = as_user(user).get(reverse("pathway:course_list")).content.decode()
        assert offering.course.name in body
        assert "Spring cohort" in body


def test_retired_courses_are_hidden_except_from_the_coordinator(world, as_user):
    retired = cs.course(world, name="Old course", is_active=False)
    assert (
        retired.name
        not in as_user(world.resident).get(reverse("pathway:course_list")).content.decode()
    )
    body = as_user(world.coordinator).get(reverse("pathway:course_list")).content.decode()
    assert "Old course" in body and "Retired" in body


def test_another_programs_courses_are_not_listed_or_found(world, as_user):
    elsewhere = f.CourseFactory(program=world.other_program, name="Elsewhere course")
    client = as_user(world.director)
    assert "Elsewhere course" not in client.get(reverse("pathway:course_list")).content.decode()
    assert client.get(reverse("pathway:course_detail", args=[elsewhere.pk])).status_code == 404


def test_resident_sees_their_seat_their_waitlist_place_and_an_enrol_button(world, as_user):
    course = cs.course(world)
    seated = cs.offering(world, course=course, title="A")
    full = cs.offering(world, course=cs.course(world), title="B", capacity=1)
    cs.enrollment(world, resident=f.ResidentFactory(program=world.program).user, offering=full)
    cs.enrollment(world, offering=seated)
    cs.enrollment(world, offering=full, status=EnrollmentStatus.WAITLISTED)
    free = cs.offering(world, course=cs.course(world), title="C")
    body = as_user(world.resident).get(reverse("pathway:course_list")).content.decode()
    assert "You are enrolled" in body
    assert "You are number 1 on the waitlist" in body
    assert reverse("pathway:offering_enroll", args=[free.pk]) in body


def test_a_completed_course_shows_its_certificate_link(world, as_user):
    completion = cs.completion(world)
    body = as_user(world.resident).get(reverse("pathway:course_list")).content.decode()
    assert reverse("pathway:certificate", args=[completion.pk]) in body


def test_coordinator_sees_how_to_load_the_standard_curriculum_into_an_empty_catalog(world, as_user):
    body = as_user(world.coordinator).get(reverse("pathway:course_list")).content.decode()
    assert "Load the standard curriculum" in body
    body = as_user(world.resident).get(reverse("pathway:course_list")).content.decode()
    assert "Load the standard curriculum" not in body and "The catalog is empty." in body


def test_course_page_lists_classes_homework_and_every_offering(world, as_user):
    homework = cs.assignment(world)
    course = homework.course_class.course
    cs.offering(world, course=course, title="Past one")
    body = (
        as_user(world.resident)
        .get(reverse("pathway:course_detail", args=[course.pk]))
        .content.decode()
    )
    assert homework.course_class.title in body
    assert f"Homework: {homework.title}" in body
    assert "Past one" in body
    assert reverse("pathway:homework_submit", args=[homework.pk]) in body


def test_catalog_pages_refuse_writes(world, as_user):
    course = cs.course(world)
    client = as_user(world.resident)
    assert client.post(reverse("pathway:course_list")).status_code == 405
    assert client.post(reverse("pathway:course_detail", args=[course.pk])).status_code == 405


def _fill(world, n):
    for _ in range(n):
        course = cs.course(world)
        f.HomeworkAssignmentFactory(course_class=f.CourseClassFactory(course=course))
        offering = cs.offering(world, course=course)
        cs.enrollment(
            world, resident=f.ResidentFactory(program=world.program).user, offering=offering
        )


def test_catalog_queries_do_not_grow_with_courses(world, as_user, django_assert_max_num_queries):
    client = as_user(world.resident)
    _fill(world, 2)
    cs.enrollment(world, offering=cs.offering(world))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("pathway:course_list")).status_code == 200
    _fill(world, 18)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("pathway:course_list")).status_code == 200


def test_course_page_queries_do_not_grow_with_offerings(
    world, as_user, django_assert_max_num_queries
):
    course = cs.course(world)
    client = as_user(world.resident)

    def fill(n):
        for _ in range(n):
            f.HomeworkAssignmentFactory(course_class=f.CourseClassFactory(course=course))
            offering = cs.offering(world, course=course)
            cs.enrollment(
                world, resident=f.ResidentFactory(program=world.program).user, offering=offering
            )

    fill(2)
    url = reverse("pathway:course_detail", args=[course.pk])
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    fill(18)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
