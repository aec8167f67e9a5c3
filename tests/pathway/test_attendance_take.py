"""Attendance per session, recorded by the coordinator or the offering's instructor."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from pathway.models import Attendance, AttendanceStatus
from tests import factories as f
from tests.pathway import curriculum_setup as cs


def _session_with_two(world, **kwargs):
    session = cs.session(world, **kwargs)
    cs.enrollment(world, offering=session.offering)
    cs.enrollment(world, resident=world.other_resident, offering=session.offering)
    return session


def _field(user):
    return f"resident_{user.resident_profile.pk}"


def test_instructor_records_present_absent_and_excused(world, as_user):
    session = _session_with_two(world)
    url = reverse("pathway:attendance_take", args=[session.pk])
    response = as_user(world.coach).post(
        url,
        {_field(world.resident): "present", _field(world.other_resident): "excused"},
        follow=True,
    )
    assert "Attendance saved (2 changed)." in response.content.decode()
    marks = dict(Attendance.objects.values_list("resident__user__full_name", "status"))
    assert marks == {"Rosa Resident": "present", "Otto Other": "excused"}
    assert Attendance.objects.first().recorded_by == world.coach


def test_the_form_shows_what_was_recorded_and_only_enrolled_residents(world, as_user):
    session = _session_with_two(world)
    f.AttendanceFactory(session=session, resident=world.resident.resident_profile)
    outsider = f.ResidentFactory(program=world.program, user__full_name="Never Enrolled")
    response = as_user(world.coordinator).get(reverse("pathway:attendance_take", args=[session.pk]))
    form = response.context["form"]
    assert form[_field(world.resident)].initial == "present"
    assert f"resident_{outsider.pk}" not in form.fields
    assert "Never Enrolled" not in response.content.decode()


def test_an_unknown_mark_is_refused_and_nothing_is_saved(world, as_user):
    session = _session_with_two(world)
    response = as_user(world.coordinator).post(
        reverse("pathway:attendance_take", args=[session.pk]),
        {_field(world.resident): "late", _field(world.other_resident): "present"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_cannot_be_taken_before_the_session(world, as_user):
    session = _session_with_two(world, starts_at=timezone.now() + timedelta(days=2))
    response = as_user(world.coordinator).post(
        reverse("pathway:attendance_take", args=[session.pk]), {_field(world.resident): "present"}
    )
    assert "has not started yet" in response.content.decode()
    assert not Attendance.objects.exists()


def test_directors_and_residents_do_not_take_attendance(world, as_user):
    session = _session_with_two(world)
    url = reverse("pathway:attendance_take", args=[session.pk])
    for user in (world.director, world.resident, world.sponsor):
        assert as_user(user).post(url, {_field(world.resident): "present"}).status_code == 403
    assert not Attendance.objects.exists()


def test_a_coach_who_does_not_teach_the_offering_cannot_take_attendance(world, as_user):
    session = _session_with_two(world, offering=cs.offering(world, instructor=world.director))
    response = as_user(world.coach).get(reverse("pathway:attendance_take", args=[session.pk]))
    assert response.status_code == 403


def test_attendance_page_refuses_other_methods(world, as_user):
    session = _session_with_two(world)
    assert (
        as_user(world.coach).put(reverse("pathway:attendance_take", args=[session.pk])).status_code
        == 405
    )


def test_instructor_records_a_make_up_for_an_excused_class(world, as_user):
    mark = cs.excused_mark(world)
    day = timezone.localdate()
    response = as_user(world.coach).post(
        reverse("pathway:attendance_make_up", args=[mark.pk]),
        {"made_up_on": day.isoformat(), "note": "Joined the spring group"},
        follow=True,
    )
    assert "make-up is recorded." in response.content.decode()
    mark.refresh_from_db()
    assert mark.made_up_on == day and mark.counts


def test_an_invalid_make_up_date_is_refused_with_the_reason(world, as_user):
    mark = cs.excused_mark(world)
    client = as_user(world.coach)
    url = reverse("pathway:attendance_make_up", args=[mark.pk])
    response = client.post(url, {"made_up_on": "soon"}, follow=True)
    assert "The make-up was not recorded: Enter a valid date." in response.content.decode()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(url, {"made_up_on": tomorrow}, follow=True)
    assert "once it has happened" in response.content.decode()
    mark.refresh_from_db()
    assert mark.made_up_on is None


def test_make_ups_need_a_post_by_coordinator_or_instructor(world, as_user):
    mark = cs.excused_mark(world)
    url = reverse("pathway:attendance_make_up", args=[mark.pk])
    assert as_user(world.coach).get(url).status_code == 405
    assert as_user(world.resident).post(url, {"made_up_on": cs.yesterday()}).status_code == 403
    assert (
        as_user(world.other_resident).post(url, {"made_up_on": cs.yesterday()}).status_code == 404
    )


def test_attendance_page_queries_do_not_grow_with_the_roster(
    world, as_user, django_assert_max_num_queries
):
    session = cs.session(world)
    client = as_user(world.coordinator)
    url = reverse("pathway:attendance_take", args=[session.pk])

    def fill(n):
        for _ in range(n):
            resident = f.ResidentFactory(program=world.program)
            cs.enrollment(world, resident=resident.user, offering=session.offering)
            f.AttendanceFactory(session=session, resident=resident, status=AttendanceStatus.EXCUSED)

    fill(2)
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    fill(18)
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


def test_mark_the_rest_present_keeps_the_marks_chosen_and_fills_the_blanks(world, as_user):
    session = _session_with_two(world)
    third = f.ResidentFactory(program=world.program, user__full_name="Tia Third")
    f.EnrollmentFactory(resident=third, offering=session.offering)
    response = as_user(world.coordinator).post(
        reverse("pathway:attendance_take", args=[session.pk]),
        {_field(world.other_resident): "absent", _field(world.resident): "", "rest_present": "1"},
        follow=True,
    )
    assert "Attendance saved (3 changed)." in response.content.decode()
    marks = dict(Attendance.objects.values_list("resident_id", "status"))
    assert marks == {
        world.resident.resident_profile.pk: "present",
        world.other_resident.resident_profile.pk: "absent",
        third.pk: "present",
    }


def test_the_attendance_form_offers_mark_the_rest_present(world, as_user):
    session = _session_with_two(world)
    html = as_user(world.coach).get(reverse("pathway:attendance_take", args=[session.pk]))
    assert 'name="rest_present"' in html.content.decode()
    assert "Mark the rest present and save" in html.content.decode()


def test_saving_without_mark_the_rest_present_leaves_blanks_unrecorded(world, as_user):
    session = _session_with_two(world)
    as_user(world.coordinator).post(
        reverse("pathway:attendance_take", args=[session.pk]), {_field(world.resident): "absent"}
    )
    assert list(Attendance.objects.values_list("status", flat=True)) == ["absent"]
