"""Directors move a milestone's due date with a reason, or go back to the rule's date."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pathway.milestones.services import milestones_sync
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def milestone(world):
    return f.MilestoneFactory(resident=world.resident.resident_profile, template__name="Sponsor")


def url(milestone):
    return reverse("pathway:milestone_reschedule", args=[milestone.pk])


def test_a_director_moves_the_due_date_with_a_reason(world, milestone, as_user):
    new = timezone.localdate() + timedelta(days=90)

    response = as_user(world.director).post(
        url(milestone), {"move-due_on": new.isoformat(), "move-reason": "Course moved to spring"}
    )

    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.due_on, milestone.due_override) == (new, new)
    assert milestone.due_override_reason == "Course moved to spring"
    assert milestone.due_override_by == world.director
    assert world.resident.notifications.get().text.endswith(": Course moved to spring")


def test_the_moved_date_survives_regeneration(world, milestone, as_user):
    new = timezone.localdate() + timedelta(days=90)
    as_user(world.director).post(
        url(milestone), {"move-due_on": new.isoformat(), "move-reason": "Leave"}
    )

    milestones_sync(residents=[world.resident.resident_profile])

    milestone.refresh_from_db()
    assert milestone.due_on == new


def test_going_back_to_the_rules_date(world, milestone, as_user):
    rule = milestone.rule_due_on
    client = as_user(world.director)
    client.post(
        url(milestone), {"move-due_on": (rule + timedelta(days=5)).isoformat(), "move-reason": "x"}
    )

    client.post(url(milestone), {"move-use_rule": "on"})

    milestone.refresh_from_db()
    assert (milestone.due_on, milestone.due_override, milestone.due_override_reason) == (
        rule,
        None,
        "",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"move-due_on": "", "move-reason": "x"}, "Choose the new due date."),
        ({"move-due_on": "2026-02-31", "move-reason": "x"}, "Enter a valid date."),
        (
            {"move-due_on": "2030-01-01", "move-reason": ""},
            "Give a reason for moving the due date.",
        ),
    ],
    ids=["no date", "impossible date", "no reason"],
)
def test_bad_input_is_explained_and_nothing_changes(data, message, world, milestone, as_user):
    before = milestone.due_on
    response = as_user(world.director).post(url(milestone), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    milestone.refresh_from_db()
    assert (milestone.due_on, milestone.due_override) == (before, None)


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor", "coordinator"])
def test_only_directors_may_move_due_dates(persona, world, milestone, as_user):
    response = as_user(getattr(world, persona)).post(
        url(milestone), {"move-due_on": "2030-01-01", "move-reason": "x"}
    )
    assert response.status_code == 403


def test_another_programs_director_gets_a_404(world, milestone, as_user):
    response = as_user(world.other_director).post(
        url(milestone), {"move-due_on": "2030-01-01", "move-reason": "x"}
    )
    assert response.status_code == 404


def test_moving_needs_a_post(world, milestone, as_user):
    assert as_user(world.director).get(url(milestone)).status_code == 405
