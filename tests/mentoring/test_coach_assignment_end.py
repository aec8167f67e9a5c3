"""Ending a coaching assignment without a replacement, e.g. when a resident leaves the pathway."""

import pytest
from django.urls import reverse

from mentoring.models import CoachAssignment
from tests import factories as f
from tests.mentoring.helpers import messages_of


def url(world):
    return reverse("mentoring:coach_assignment_end", args=[world.resident.resident_profile.pk])


@pytest.fixture
def assignment(world):
    found = CoachAssignment.objects.get(resident__user=world.resident)
    found.started_on = f.days_ago(30)
    found.save()
    return found


@pytest.mark.parametrize("persona", ["director", "coordinator"])
def test_program_staff_end_the_current_assignment(world, as_user, assignment, persona):
    response = as_user(getattr(world, persona)).post(
        url(world), {"ended_on": f.days_ago(1)}, follow=True
    )
    assignment.refresh_from_db()
    assert assignment.ended_on == f.days_ago(1)
    assert messages_of(response, "success") == [
        "Cora Coach no longer coaches Rosa Resident. Assign a new coach when you can."
    ]


def test_an_end_before_the_start_is_refused(world, as_user, assignment):
    response = as_user(world.director).post(url(world), {"ended_on": f.days_ago(31)}, follow=True)
    assignment.refresh_from_db()
    assert assignment.ended_on is None
    assert messages_of(response, "error")[0].startswith("Nothing was changed: The assignment")


@pytest.mark.parametrize("value", ["", "31/02/2026"])
def test_a_missing_or_bad_date_changes_nothing(world, as_user, assignment, value):
    response = as_user(world.director).post(url(world), {"ended_on": value}, follow=True)
    assignment.refresh_from_db()
    assert assignment.ended_on is None
    assert messages_of(response, "error")[0].startswith("Nothing was changed:")


def test_a_resident_without_a_coach_gets_a_clear_message(world, as_user):
    resident = f.ResidentFactory(program=world.program)
    response = as_user(world.director).post(
        reverse("mentoring:coach_assignment_end", args=[resident.pk]),
        {"ended_on": f.days_ago(0)},
        follow=True,
    )
    assert messages_of(response, "error") == [f"{resident} has no current KPO coach."]


def test_staff_of_another_program_get_a_404(world, as_user, assignment):
    response = as_user(world.other_coordinator).post(url(world), {"ended_on": f.days_ago(0)})
    assert response.status_code == 404
    assignment.refresh_from_db()
    assert assignment.ended_on is None


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor"])
def test_other_roles_are_refused(world, as_user, assignment, persona):
    response = as_user(getattr(world, persona)).post(url(world), {"ended_on": f.days_ago(0)})
    assert response.status_code == 403
    assignment.refresh_from_db()
    assert assignment.ended_on is None


def test_get_is_not_allowed(world, as_user):
    assert as_user(world.director).get(url(world)).status_code == 405
