"""The two-day event's details: two consecutive working days, and the 30/60/90-day
follow-ups computed from its last day."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from capstone.models import FollowUp, event_days_problem
from capstone.services import followup_update

TUESDAY = date(2030, 3, 5)


def url(project):
    return reverse("capstone:event_edit", args=[project.pk])


def event(first, second, **extra):
    data = {
        "event_first_day": first.isoformat() if first else "",
        "event_second_day": second.isoformat() if second else "",
        "event_location": "5 West conference room",
        "event_agenda_day1": "Current state walk",
        "event_agenda_day2": "Tests and report-out",
        "target_state": "Discharges planned the day before",
    }
    data.update(extra)
    return data


def test_lead_sets_two_consecutive_working_days(world, as_user, project):
    client = as_user(world.resident)
    assert client.get(url(project)).status_code == 200
    response = client.post(url(project), event(TUESDAY, TUESDAY + timedelta(days=1)))
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.event_first_day, project.event_second_day) == (TUESDAY, date(2030, 3, 6))
    assert project.event_location == "5 West conference room"


def test_follow_ups_are_scheduled_30_60_and_90_days_after_the_last_day(world, as_user, project):
    as_user(world.resident).post(url(project), event(TUESDAY, TUESDAY + timedelta(days=1)))
    due = dict(FollowUp.objects.filter(project=project).values_list("day", "due_on"))
    last_day = date(2030, 3, 6)
    assert due == {
        30: last_day + timedelta(days=30),
        60: last_day + timedelta(days=60),
        90: last_day + timedelta(days=90),
    }


def test_moving_the_event_moves_the_follow_ups_nobody_edited(world, as_user, project):
    client = as_user(world.resident)
    client.post(url(project), event(TUESDAY, TUESDAY + timedelta(days=1)))
    edited = FollowUp.objects.get(project=project, day=60)
    followup_update(follow_up=edited, by=world.resident, fields={"due_on": date(2030, 5, 1)})
    later = TUESDAY + timedelta(days=7)
    client.post(url(project), event(later, later + timedelta(days=1)))
    due = dict(FollowUp.objects.filter(project=project).values_list("day", "due_on"))
    assert due[30] == date(2030, 3, 13) + timedelta(days=30)
    assert due[60] == date(2030, 5, 1)  # kept: someone chose it
    assert due[90] == date(2030, 3, 13) + timedelta(days=90)
    assert FollowUp.objects.filter(project=project).count() == 3


@pytest.mark.parametrize(
    ("first", "second", "words"),
    [
        (date(2030, 3, 9), date(2030, 3, 10), "not a working day"),  # Saturday, Sunday
        (date(2030, 3, 8), date(2030, 3, 11), "cannot start on a Friday"),  # Fri, Mon
        (TUESDAY, TUESDAY + timedelta(days=2), "consecutive working days"),
        (TUESDAY, TUESDAY, "consecutive working days"),
        (TUESDAY, TUESDAY - timedelta(days=1), "consecutive working days"),
        (TUESDAY, None, "The second day is missing"),
        (None, TUESDAY, "The first day is missing"),
    ],
)
def test_days_that_are_not_two_consecutive_working_days_are_refused(
    first, second, words, world, as_user, project
):
    response = as_user(world.resident).post(url(project), event(first, second))
    assert response.status_code == 200
    assert words in str(response.context["form"].errors)
    project.refresh_from_db()
    assert project.event_first_day is None
    assert project.event_location == ""
    assert not FollowUp.objects.filter(project=project).exists()


def test_thursday_and_friday_are_fine():
    assert event_days_problem(date(2030, 3, 7), date(2030, 3, 8)) is None


def test_no_dates_at_all_is_fine_while_planning():
    assert event_days_problem(None, None) is None


def test_a_saturday_second_day_is_named():
    problem = event_days_problem(date(2030, 3, 8), date(2030, 3, 9))
    assert "Saturday 9 March 2030" in problem


@pytest.mark.parametrize("persona", ["coach", "sponsor", "director", "coordinator"])
def test_only_the_leads_edit_the_event(persona, world, as_user, project):
    response = as_user(getattr(world, persona)).post(
        url(project), event(TUESDAY, TUESDAY + timedelta(days=1))
    )
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.event_first_day is None


def test_another_resident_gets_a_404(world, as_user, project):
    assert as_user(world.other_resident).get(url(project)).status_code == 404


def test_event_edit_refuses_other_methods(world, as_user, project):
    assert as_user(world.resident).put(url(project)).status_code == 405


@pytest.mark.parametrize(
    ("first", "second", "unreadable"),
    [
        ("2030-03-12", "2030-02-30", "event_second_day"),
        ("12.03.2030", "2030-03-13", "event_first_day"),
    ],
)
def test_a_day_that_cannot_be_read_is_named_not_called_missing(
    first, second, unreadable, world, as_user, project
):
    data = event(None, None, event_first_day=first, event_second_day=second)
    response = as_user(world.resident).post(url(project), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors[unreadable] == ["Enter a valid date."]
    assert "missing" not in str(errors)
    assert "Give both days" not in response.content.decode()
    project.refresh_from_db()
    assert project.event_first_day is None
