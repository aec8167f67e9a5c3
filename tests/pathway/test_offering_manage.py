"""The coordinator schedules offerings and their sessions."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pathway.models import ClassSession, Delivery, Enrollment, EnrollmentStatus, Offering
from tests import factories as f
from tests.pathway import curriculum_setup as cs


def _offering_data(world, **overrides):
    today = timezone.localdate()
    data = {
        "title": "Spring cohort",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=60)).isoformat(),
        "delivery": Delivery.REMOTE,
        "meeting_link": "https://meet.example.org/spring",
        "location": "",
        "capacity": 12,
        "instructor": world.coach.pk,
        "notes": "",
    }
    data.update(overrides)
    return data


def test_coordinator_adds_an_offering(world, as_user):
    course = cs.course(world)
    response = as_user(world.coordinator).post(
        reverse("pathway:offering_add", args=[course.pk]), _offering_data(world)
    )
    offering = Offering.objects.get()
    assert response.status_code == 302 and response.url == offering.get_absolute_url()
    assert offering.course == course and offering.instructor == world.coach


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"meeting_link": ""}, "meeting_link", "Remote classes need a meeting link."),
        ({"delivery": Delivery.IN_PERSON, "location": " "}, "location", "need a location"),
        ({"ends_on": "2000-01-01"}, "ends_on", "cannot be before the first"),
        ({"capacity": 0}, "capacity", "at least"),
        ({"meeting_link": "not a link"}, "meeting_link", "Enter a valid URL."),
        ({"title": "Taken"}, "title", "already has an offering with this title"),
    ],
    ids=["remote-no-link", "in-person-no-place", "ends-first", "no-seats", "bad-link", "dup"],
)
def test_invalid_offering_is_refused(world, as_user, overrides, field, message):
    course = cs.course(world)
    cs.offering(world, course=course, title="Taken")
    response = as_user(world.coordinator).post(
        reverse("pathway:offering_add", args=[course.pk]), _offering_data(world, **overrides)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert Offering.objects.count() == 1


def test_instructors_are_staff_of_the_program(world, as_user):
    course = cs.course(world)
    stranger = f.CoachFactory(user__program=world.other_program).user
    form = (
        as_user(world.coordinator)
        .get(reverse("pathway:offering_add", args=[course.pk]))
        .context["form"]
    )
    choices = set(form.fields["instructor"].queryset)
    assert {world.coach, world.director, world.coordinator, world.sponsor} <= choices
    assert world.resident not in choices and stranger not in choices


def test_raising_capacity_gives_the_new_seats_to_the_waitlist(
    world, as_user, django_capture_on_commit_callbacks
):
    offering = cs.offering(world, capacity=1)
    cs.enrollment(world, offering=offering)
    waiting = cs.enrollment(
        world, resident=world.other_resident, offering=offering, status=EnrollmentStatus.WAITLISTED
    )
    data = _offering_data(
        world,
        title=offering.title,
        starts_on=offering.starts_on.isoformat(),
        ends_on=offering.ends_on.isoformat(),
        capacity=2,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(world.coordinator).post(
            reverse("pathway:offering_edit", args=[offering.pk]), data, follow=True
        )
    assert "Freed seats went to the waitlist: Otto Other" in response.content.decode()
    assert Enrollment.objects.get(pk=waiting.pk).status == EnrollmentStatus.ENROLLED
    assert [m.to for m in mail.outbox] == [[world.other_resident.email]]


def test_capacity_cannot_drop_below_the_seats_taken(world, as_user):
    offering = cs.offering(world, capacity=2)
    cs.enrollment(world, offering=offering)
    cs.enrollment(world, resident=world.other_resident, offering=offering)
    data = _offering_data(
        world,
        title=offering.title,
        starts_on=offering.starts_on.isoformat(),
        ends_on=offering.ends_on.isoformat(),
        capacity=1,
    )
    response = as_user(world.coordinator).post(
        reverse("pathway:offering_edit", args=[offering.pk]), data
    )
    assert "cannot be below 2" in " ".join(response.context["form"].errors["capacity"])
    offering.refresh_from_db()
    assert offering.capacity == 2


def _session_data(offering, **overrides):
    return {
        "course_class": overrides.pop("course_class", None)
        or f.CourseClassFactory(course=offering.course).pk,
        "date": offering.starts_on.isoformat(),
        "start": "16:00",
        "end": "18:00",
        **overrides,
    }


def test_coordinator_schedules_a_session_in_local_time(world, as_user):
    offering = cs.offering(world)
    response = as_user(world.coordinator).post(
        reverse("pathway:session_add", args=[offering.pk]), _session_data(offering)
    )
    assert response.status_code == 302
    session = ClassSession.objects.get()
    local = timezone.localtime(session.starts_at)
    assert (local.date(), local.hour) == (offering.starts_on, 16)
    assert session.ends_at - session.starts_at == timedelta(hours=2)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": "2000-01-01"}, "date", "pick a day in that range"),
        ({"end": "15:00"}, "end", "must end after it starts"),
        ({"start": "25:00"}, "start", "Enter a valid time."),
    ],
    ids=["outside-offering", "ends-first", "bad-time"],
)
def test_invalid_session_is_refused(world, as_user, overrides, field, message):
    offering = cs.offering(world)
    response = as_user(world.coordinator).post(
        reverse("pathway:session_add", args=[offering.pk]), _session_data(offering, **overrides)
    )
    assert message in " ".join(response.context["form"].errors[field])
    assert not ClassSession.objects.exists()


def test_a_session_teaches_a_class_of_its_own_course(world, as_user):
    offering = cs.offering(world)
    foreign = cs.course_class(world)
    response = as_user(world.coordinator).post(
        reverse("pathway:session_add", args=[offering.pk]),
        _session_data(offering, course_class=foreign.pk),
    )
    assert "Select a valid choice" in " ".join(response.context["form"].errors["course_class"])


def test_coordinator_moves_a_session(world, as_user):
    session = cs.session(world)
    offering = session.offering
    url = reverse("pathway:session_edit", args=[session.pk])
    client = as_user(world.coordinator)
    assert (
        client.get(url).context["form"].initial["start"]
        == timezone.localtime(session.starts_at).time()
    )
    client.post(
        url,
        _session_data(offering, course_class=session.course_class.pk, start="09:00", end="10:30"),
    )
    session.refresh_from_db()
    assert timezone.localtime(session.starts_at).hour == 9


def test_a_session_with_attendance_cannot_be_removed(world, as_user):
    mark = cs.excused_mark(world)
    response = as_user(world.coordinator).post(
        reverse("pathway:session_delete", args=[mark.session.pk]), follow=True
    )
    assert "cannot be removed" in response.content.decode()
    assert ClassSession.objects.exists()


def test_coordinator_removes_an_empty_session(world, as_user):
    session = cs.session(world)
    client = as_user(world.coordinator)
    assert client.get(reverse("pathway:session_delete", args=[session.pk])).status_code == 405
    client.post(reverse("pathway:session_delete", args=[session.pk]))
    assert not ClassSession.objects.exists()


def test_offering_and_session_forms_refuse_other_methods(world, as_user):
    session = cs.session(world)
    client = as_user(world.coordinator)
    for url in (
        reverse("pathway:offering_add", args=[session.offering.course.pk]),
        reverse("pathway:offering_edit", args=[session.offering.pk]),
        reverse("pathway:session_add", args=[session.offering.pk]),
        reverse("pathway:session_edit", args=[session.pk]),
    ):
        assert client.put(url).status_code == 405


def test_another_programs_offering_is_not_found_for_editing(world, as_user):
    offering = f.OfferingFactory(course=f.CourseFactory(program=world.other_program))
    client = as_user(world.coordinator)
    assert client.get(reverse("pathway:offering_edit", args=[offering.pk])).status_code == 404
    assert client.get(reverse("pathway:session_add", args=[offering.pk])).status_code == 404
