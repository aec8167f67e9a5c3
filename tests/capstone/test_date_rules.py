"""Dates and amounts that cannot be true are refused with a clear message, and nothing is
saved: records of things that have happened are not dated in the future, a follow-up is held
after the event and near its due day, an aim is not due before its charter, and the event's
days do not silently clash with the lead's classes."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from capstone.forms.project import CharterForm
from capstone.models import (
    AbstractSubmission,
    ChartSettings,
    DataPoint,
    FollowUp,
    Presentation,
    TimeObservation,
    WasteObservation,
)
from pathway.models import EnrollmentStatus
from tests import factories as f
from tests.capstone.conftest import make_project


def tomorrow():
    return timezone.localdate() + timedelta(days=1)


def add_url(project, kind):
    return reverse("capstone:part_add", args=[project.pk, kind])


def errors_of(response, field):
    assert response.status_code == 200, "the form should be shown again, with the error"
    return " ".join(response.context["form"].errors[field])


# --- Records of things that happened are not in the future --------------------------------


def test_a_data_point_dated_tomorrow_is_refused(world, as_user, project):
    measure = f.MeasureFactory(project=project)
    response = as_user(world.resident).post(
        add_url(project, "data-point"),
        {"measure": measure.pk, "period": tomorrow().isoformat(), "value": "12"},
    )
    assert errors_of(response, "period") == "A data point's date cannot be in the future."
    assert not DataPoint.objects.exists()


def test_a_data_point_dated_today_is_accepted(world, as_user, project):
    measure = f.MeasureFactory(project=project)
    response = as_user(world.resident).post(
        add_url(project, "data-point"),
        {"measure": measure.pk, "period": timezone.localdate().isoformat(), "value": "12"},
    )
    assert response.status_code == 302
    assert DataPoint.objects.count() == 1


def test_a_pasted_row_dated_in_the_future_is_reported_on_its_line_and_nothing_is_saved(
    world, as_user, project
):
    measure = f.MeasureFactory(project=project)
    text = f"date\tvalue\n2025-01-06\t42\n{tomorrow().isoformat()}\t38\n"
    response = as_user(world.resident).post(
        reverse("capstone:measure_paste", args=[project.pk, measure.pk]),
        {"text": text, "date_format": "iso", "save": "1"},
    )
    assert response.status_code == 200
    assert (3, "A data point's date cannot be in the future.") in response.context["parsed"].errors
    assert not DataPoint.objects.exists()


def test_an_uploaded_csv_row_dated_in_the_future_is_refused(world, as_user, project):
    measure = f.MeasureFactory(project=project)
    csv = f"date,value\n2025-01-06,42\n{tomorrow().isoformat()},38\n".encode()
    response = as_user(world.resident).post(
        reverse("capstone:measure_upload", args=[project.pk, measure.pk]),
        {
            "file": SimpleUploadedFile("data.csv", csv, content_type="text/csv"),
            "date_format": "iso",
        },
    )
    assert response.status_code == 200
    assert (3, "A data point's date cannot be in the future.") in response.context["parsed"].errors
    assert not DataPoint.objects.exists()


@pytest.mark.parametrize(
    "kind, data, model",
    [
        (
            "waste",
            {"waste": "waiting", "where": "Pharmacy", "what": "Queue"},
            WasteObservation,
        ),
        ("timing", {"step": "Discharge order", "times": "12, 15"}, TimeObservation),
    ],
)
def test_an_observation_dated_tomorrow_is_refused(world, as_user, project, kind, data, model):
    data = {**data, "observed_on": tomorrow().isoformat()}
    response = as_user(world.resident).post(add_url(project, kind), data)
    assert errors_of(response, "observed_on") == "The observation date cannot be in the future."
    assert not model.objects.exists()


def test_a_presentation_dated_tomorrow_is_refused(world, as_user, project):
    response = as_user(world.resident).post(
        add_url(project, "presentation"),
        {"venue": "Grand rounds", "presented_on": tomorrow().isoformat(), "format": "oral"},
    )
    assert errors_of(response, "presented_on") == "The presentation date cannot be in the future."
    assert not Presentation.objects.exists()


def test_an_abstract_submitted_tomorrow_is_refused(world, as_user, project):
    response = as_user(world.resident).post(
        add_url(project, "abstract"),
        {
            "title": "Noon discharges",
            "conference": "SGIM",
            "status": "submitted",
            "submitted_on": tomorrow().isoformat(),
        },
    )
    assert errors_of(response, "submitted_on") == "The submission date cannot be in the future."
    assert not AbstractSubmission.objects.exists()


# --- Follow-ups ---------------------------------------------------------------------------


@pytest.fixture
def held_event(project):
    """An event that ended 40 days ago, with its follow-ups scheduled."""
    last = timezone.localdate() - timedelta(days=40)
    project.event_first_day, project.event_second_day = last - timedelta(days=1), last
    project.save()
    return FollowUp.objects.create(project=project, day=30, due_on=last + timedelta(days=30))


def follow_up_post(client, follow_up, held_on):
    return client.post(
        reverse("capstone:part_edit", args=[follow_up.project_id, "follow-up", follow_up.pk]),
        {"due_on": follow_up.due_on.isoformat(), "held_on": held_on.isoformat()},
    )


def test_a_follow_up_held_in_the_future_is_refused(world, as_user, held_event):
    response = follow_up_post(as_user(world.resident), held_event, tomorrow())
    assert errors_of(response, "held_on") == "The follow-up date cannot be in the future."
    held_event.refresh_from_db()
    assert held_event.held_on is None


def test_a_follow_up_held_before_the_events_last_day_is_refused(world, as_user, held_event):
    last = held_event.project.event_second_day
    response = follow_up_post(as_user(world.resident), held_event, last - timedelta(days=1))
    assert errors_of(response, "held_on") == (
        f"A follow-up comes after the event: its last day was {last:%-d %b %Y}."
    )
    held_event.refresh_from_db()
    assert held_event.held_on is None


def test_a_follow_up_held_outside_the_default_window_is_refused(world, as_user, held_event):
    due = held_event.due_on
    response = follow_up_post(as_user(world.resident), held_event, due - timedelta(days=15))
    start, end = due - timedelta(days=14), due + timedelta(days=14)
    assert errors_of(response, "held_on") == (
        f"The 30-day follow-up is due on {due:%-d %b %Y}; the program accepts it within 14 days "
        f"either side ({start:%-d %b} – {end:%-d %b %Y})."
    )
    held_event.refresh_from_db()
    assert held_event.held_on is None


def test_a_follow_up_inside_the_window_is_recorded(world, as_user, held_event):
    held = held_event.due_on - timedelta(days=14)
    response = follow_up_post(as_user(world.resident), held_event, held)
    assert response.status_code == 302
    held_event.refresh_from_db()
    assert held_event.held_on == held


def test_the_programs_narrower_window_is_used(world, as_user, held_event):
    ChartSettings.objects.create(program=world.program, follow_up_window_days=3)
    response = follow_up_post(
        as_user(world.resident), held_event, held_event.due_on - timedelta(days=4)
    )
    assert "within 3 days either side" in errors_of(response, "held_on")


def test_directors_set_the_follow_up_window_with_the_chart_rules(world, as_user):
    response = as_user(world.director).post(
        reverse("capstone:chart_settings"), {"rules": "ihi", "follow_up_window_days": "7"}
    )
    assert response.status_code == 302
    assert ChartSettings.follow_up_window_for(world.program.pk) == 7


@pytest.mark.parametrize("days, message", [("0", "greater than or equal to 1"), ("61", "60")])
def test_a_window_out_of_bounds_is_refused(world, as_user, days, message):
    response = as_user(world.director).post(
        reverse("capstone:chart_settings"), {"rules": "ihi", "follow_up_window_days": days}
    )
    assert message in errors_of(response, "follow_up_window_days")
    assert not ChartSettings.objects.exists()


# --- The aim's target date ----------------------------------------------------------------


def test_an_aim_due_before_the_charter_is_refused(world, as_user):
    project = make_project(world, chartered=True)
    started = timezone.localdate(project.created_at)
    before = started - timedelta(days=1)
    # The charter as it stands, as its form would post it, with only the target date changed.
    data = {
        name: value
        for name in CharterForm.Meta.fields
        if name not in ("aim_by", "co_leads") and (value := getattr(project, name)) is not None
    }
    data["aim_by"] = before.isoformat()
    data["sponsor"] = project.sponsor_id or ""
    response = as_user(world.resident).post(
        reverse("capstone:charter_edit", args=[project.pk]), data
    )
    assert errors_of(response, "aim_by") == (
        f"The aim's target date is before the charter ({started:%-d %b %Y})."
    )
    project.refresh_from_db()
    assert project.aim_by != before


# --- The event and the lead's classes -----------------------------------------------------


def event_data(first, **extra):
    return {
        "event_first_day": first.isoformat(),
        "event_second_day": (first + timedelta(days=1)).isoformat(),
        "event_location": "5 West",
        "event_agenda_day1": "Walk",
        "event_agenda_day2": "Report-out",
        "target_state": "Planned discharges",
        **extra,
    }


@pytest.fixture
def class_on_tuesday(world):
    """world.resident holds a seat in an offering with a class on Tuesday 5 March 2030."""
    offering = f.OfferingFactory(course__program=world.program)
    f.EnrollmentFactory(
        offering=offering,
        resident=world.resident.resident_profile,
        status=EnrollmentStatus.ENROLLED,
    )
    starts = timezone.make_aware(timezone.datetime(2030, 3, 5, 13, 0))
    return f.ClassSessionFactory(
        offering=offering, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )


def test_an_event_on_the_day_of_the_leads_class_asks_for_confirmation(
    world, as_user, project, class_on_tuesday
):
    response = as_user(world.resident).post(
        reverse("capstone:event_edit", args=[project.pk]), event_data(date(2030, 3, 4))
    )
    session = class_on_tuesday
    assert errors_of(response, "confirm_class_clash") == (
        "The event's days overlap a class the lead is enrolled in "
        f"({session.offering.course.name}: {session.course_class.title}, 5 Mar 2030). "
        "Tick the box to confirm, or choose other days."
    )
    project.refresh_from_db()
    assert project.event_first_day is None


def test_a_confirmed_clash_is_saved(world, as_user, project, class_on_tuesday):
    response = as_user(world.resident).post(
        reverse("capstone:event_edit", args=[project.pk]),
        event_data(date(2030, 3, 4), confirm_class_clash="on"),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.event_first_day == date(2030, 3, 4)


def test_an_event_on_other_days_needs_no_confirmation(world, as_user, project, class_on_tuesday):
    response = as_user(world.resident).post(
        reverse("capstone:event_edit", args=[project.pk]), event_data(date(2030, 3, 6))
    )
    assert response.status_code == 302
