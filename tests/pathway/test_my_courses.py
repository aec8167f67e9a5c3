"""A resident's own courses: place, next session, progress "x of y", homework status."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from pathway.models import EnrollmentStatus, PathwayStatus
from tests import factories as f
from tests.pathway import curriculum_setup as cs


def test_resident_sees_progress_next_session_and_homework_status(world, as_user):
    course = cs.course(world, name="VMPS for Leaders")
    offering = cs.offering(world, course=course)
    cs.enrollment(world, offering=offering)
    held = cs.session(world, offering=offering)
    coming = f.ClassSessionFactory(
        offering=offering,
        course_class=f.CourseClassFactory(course=course, title="The 8 wastes"),
        starts_at=timezone.now() + timedelta(days=3),
    )
    f.AttendanceFactory(session=held, resident=world.resident.resident_profile)
    homework = f.HomeworkAssignmentFactory(course_class=held.course_class, title="Waste walk")
    cs.revision_requested(world, homework, offering)
    body = as_user(world.resident).get(reverse("pathway:my_courses")).content.decode()
    assert "VMPS for Leaders" in body
    assert "1 of 3" in body  # attended one class; the second class and the homework remain
    assert "Next: <strong>The 8 wastes</strong>" in body
    assert "Waste walk" in body and "Revision requested" in body
    assert reverse("pathway:homework_submit", args=[homework.pk]) in body
    assert coming.course_class.title in body


def test_waitlist_place_and_completion_certificate_are_shown(world, as_user):
    full = cs.offering(world, capacity=1)
    cs.enrollment(world, resident=world.other_resident, offering=full)
    cs.enrollment(world, offering=full, status=EnrollmentStatus.WAITLISTED)
    completion = cs.completion(world)
    body = as_user(world.resident).get(reverse("pathway:my_courses")).content.decode()
    assert "Waitlisted: number 1" in body
    assert reverse("pathway:certificate", args=[completion.pk]) in body


def test_a_resident_outside_the_pathway_is_pointed_to_the_application(world, as_user):
    profile = world.other_resident.resident_profile
    profile.pathway_status = PathwayStatus.NOT_ENROLLED
    profile.save()
    body = as_user(world.other_resident).get(reverse("pathway:my_courses")).content.decode()
    assert "Apply to the pathway" in body


def test_my_courses_is_for_residents_and_read_only(world, as_user):
    assert as_user(world.coach).get(reverse("pathway:my_courses")).status_code == 403
    assert as_user(world.resident).post(reverse("pathway:my_courses")).status_code == 405


def test_my_courses_queries_do_not_grow_with_courses(world, as_user, django_assert_max_num_queries):
    client = as_user(world.resident)

    def fill(n):
        for _ in range(n):
            session = cs.session(world)
            cs.enrollment(world, offering=session.offering)
            f.AttendanceFactory(session=session, resident=world.resident.resident_profile)
            homework = f.HomeworkAssignmentFactory(course_class=session.course_class)
            f.HomeworkSubmissionFactory(
                assignment=homework,
                resident=world.resident.resident_profile,
                offering=session.offering,
            )

    fill(2)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("pathway:my_courses")).status_code == 200
    fill(18)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("pathway:my_courses")).status_code == 200
