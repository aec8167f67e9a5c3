"""The coordinator edits the catalog: courses, classes (topics) and the homework they set."""

import pytest
from django.urls import reverse

from pathway.models import Course, CourseClass, CourseKind, HomeworkAssignment
from tests import factories as f
from tests.pathway import curriculum_setup as cs

COURSE = {
    "name": "Leading change",
    "kind": CourseKind.OTHER,
    "summary": "",
    "position": 3,
    "is_active": "on",
}


def test_coordinator_adds_a_course_to_their_program(world, as_user):
    response = as_user(world.coordinator).post(reverse("pathway:course_add"), COURSE)
    course = Course.objects.get()
    assert response.status_code == 302 and response.url == course.get_absolute_url()
    assert course.program == world.program and course.name == "Leading change"


def test_site_administrator_chooses_the_program(world, as_user):
    client = as_user(world.superuser)
    response = client.post(reverse("pathway:course_add"), COURSE)
    assert "This field is required." in response.content.decode()
    assert not Course.objects.exists()
    client.post(reverse("pathway:course_add"), {**COURSE, "program": world.other_program.pk})
    assert Course.objects.get().program == world.other_program


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "vmps  for leaders"}, "name", "already has a course with this name"),
        ({"kind": CourseKind.VMPS_FOR_LEADERS}, "kind", "already has its VMPS for Leaders course"),
        ({"kind": "nonsense"}, "kind", "Select a valid choice"),
    ],
    ids=["no-name", "duplicate-name", "second-vmps", "bad-kind"],
)
def test_invalid_course_is_refused_with_a_clear_message(world, as_user, data, field, message):
    cs.course(world, name="VMPS for Leaders", kind=CourseKind.VMPS_FOR_LEADERS)
    response = as_user(world.coordinator).post(reverse("pathway:course_add"), {**COURSE, **data})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "Nothing was saved" in response.content.decode()
    assert Course.objects.count() == 1


def test_the_same_name_in_another_program_is_fine(world, as_user):
    f.CourseFactory(program=world.other_program, name="Leading change")
    as_user(world.coordinator).post(reverse("pathway:course_add"), COURSE)
    assert Course.objects.filter(program=world.program, name="Leading change").exists()


def test_coordinator_edits_a_course(world, as_user):
    course = cs.course(world)
    response = as_user(world.coordinator).post(
        reverse("pathway:course_edit", args=[course.pk]), {**COURSE, "name": "Renamed"}
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.name == "Renamed"


def test_a_completed_courses_kind_cannot_change(world, as_user):
    course = cs.course(world, kind=CourseKind.VMPS_FOR_LEADERS)
    f.CourseCompletionFactory(course=course, resident=world.resident.resident_profile)
    response = as_user(world.coordinator).post(
        reverse("pathway:course_edit", args=[course.pk]), {**COURSE, "name": course.name}
    )
    assert "cannot change" in " ".join(response.context["form"].errors["kind"])
    course.refresh_from_db()
    assert course.kind == CourseKind.VMPS_FOR_LEADERS


def test_another_programs_coordinator_cannot_edit(world, as_user):
    course = cs.course(world)
    response = as_user(world.other_coordinator).post(
        reverse("pathway:course_edit", args=[course.pk]), {**COURSE, "name": "Hijack"}
    )
    assert response.status_code == 404
    course.refresh_from_db()
    assert course.name != "Hijack"


CLASS = {"title": "Takt time", "description": "", "position": 2, "is_required": "on"}
HOMEWORK = {
    "has_homework": "on",
    "homework_title": "Measure takt",
    "homework_instructions": "Work out the takt time of a clinic session.",
    "homework_required": "on",
}


def test_coordinator_adds_a_class_with_homework(world, as_user):
    course = cs.course(world)
    response = as_user(world.coordinator).post(
        reverse("pathway:class_add", args=[course.pk]), {**CLASS, **HOMEWORK}
    )
    assert response.status_code == 302
    homework = HomeworkAssignment.objects.get()
    assert homework.course_class.course == course
    assert homework.title == "Measure takt" and homework.is_required


def test_homework_needs_a_title_and_instructions(world, as_user):
    course = cs.course(world)
    response = as_user(world.coordinator).post(
        reverse("pathway:class_add", args=[course.pk]),
        {**CLASS, "has_homework": "on", "homework_title": "", "homework_instructions": ""},
    )
    errors = response.context["form"].errors
    assert "Required when the class sets homework." in errors["homework_title"]
    assert "Required when the class sets homework." in errors["homework_instructions"]
    assert not CourseClass.objects.exists()


def test_a_duplicate_class_title_is_refused(world, as_user):
    existing = cs.course_class(world, title="Takt time")
    response = as_user(world.coordinator).post(
        reverse("pathway:class_add", args=[existing.course.pk]), CLASS
    )
    assert "already has a class with this title" in " ".join(
        response.context["form"].errors["title"]
    )
    assert CourseClass.objects.count() == 1


def test_editing_a_class_updates_and_removes_its_homework(world, as_user):
    homework = cs.assignment(world)
    url = reverse("pathway:class_edit", args=[homework.course_class.pk])
    client = as_user(world.coordinator)
    assert client.get(url).context["form"].initial["homework_title"] == homework.title
    client.post(url, {**CLASS, **HOMEWORK, "homework_title": "New title"})
    assert HomeworkAssignment.objects.get().title == "New title"
    client.post(url, CLASS)
    assert not HomeworkAssignment.objects.exists()


def test_homework_with_submissions_cannot_be_removed(world, as_user):
    submission = cs.submission(world)
    course_class = submission.assignment.course_class
    response = as_user(world.coordinator).post(
        reverse("pathway:class_edit", args=[course_class.pk]),
        {**CLASS, "title": course_class.title},
    )
    assert response.status_code == 200
    assert "cannot be removed" in response.content.decode()
    assert HomeworkAssignment.objects.filter(pk=submission.assignment.pk).exists()


def test_coordinator_removes_an_unused_class(world, as_user):
    course_class = cs.course_class(world)
    response = as_user(world.coordinator).post(
        reverse("pathway:class_delete", args=[course_class.pk]), follow=True
    )
    assert "Removed the class" in response.content.decode()
    assert not CourseClass.objects.exists()


def test_a_class_with_sessions_cannot_be_removed(world, as_user):
    session = cs.session(world)
    response = as_user(world.coordinator).post(
        reverse("pathway:class_delete", args=[session.course_class.pk]), follow=True
    )
    assert "has sessions scheduled, so it cannot be removed" in response.content.decode()
    assert CourseClass.objects.filter(pk=session.course_class.pk).exists()


def test_removing_a_class_needs_a_post(world, as_user):
    course_class = cs.course_class(world)
    response = as_user(world.coordinator).get(
        reverse("pathway:class_delete", args=[course_class.pk])
    )
    assert response.status_code == 405
    assert CourseClass.objects.exists()


def test_catalog_forms_refuse_other_methods(world, as_user):
    course = cs.course(world)
    client = as_user(world.coordinator)
    for url in (
        reverse("pathway:course_add"),
        reverse("pathway:course_edit", args=[course.pk]),
        reverse("pathway:class_add", args=[course.pk]),
        reverse("pathway:class_edit", args=[cs.course_class(world).pk]),
    ):
        assert client.put(url).status_code == 405
        assert client.delete(url).status_code == 405


def test_residents_and_directors_cannot_edit_the_catalog(world, as_user):
    course = cs.course(world)
    for user in (world.resident, world.director, world.coach):
        response = as_user(user).post(reverse("pathway:course_edit", args=[course.pk]), COURSE)
        assert response.status_code == 403
