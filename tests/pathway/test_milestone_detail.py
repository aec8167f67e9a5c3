"""One milestone's page: what it is, when it is due, and (for directors) what they can change."""

import pytest

from pathway.models import ReminderKind, ReminderLog
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def milestone(world):
    return f.MilestoneFactory(
        resident=world.resident.resident_profile,
        template__name="Select a sponsor",
        template__description="Pick a sponsor for your capstone.",
    )


def test_a_resident_sees_their_milestone_without_the_directors_forms(world, milestone, as_user):
    html = as_user(world.resident).get(milestone.get_absolute_url()).content.decode()
    assert "Select a sponsor" in html and "Pick a sponsor for your capstone." in html
    assert "Move the due date" not in html and "Waive this milestone" not in html


def test_a_director_sees_the_forms_and_the_reminders_sent(world, milestone, as_user):
    ReminderLog.objects.create(
        key="k",
        recipient=world.resident,
        milestone=milestone,
        kind=ReminderKind.DUE_7,
        text="due",
        claim="00000000-0000-0000-0000-000000000001",
        claimed_at=milestone.created_at,
        status="sent",
    )
    html = as_user(world.director).get(milestone.get_absolute_url()).content.decode()
    assert "Move the due date" in html and "Waive this milestone" in html
    assert "Record as done" in html
    assert f"Due in a week to {world.resident.display_name}" in html


def test_a_coordinator_sees_the_milestone_but_cannot_change_it(world, milestone, as_user):
    html = as_user(world.coordinator).get(milestone.get_absolute_url()).content.decode()
    assert "Select a sponsor" in html and "Waive this milestone" not in html


def test_another_residents_milestone_is_a_404(world, milestone, as_user):
    assert as_user(world.other_resident).get(milestone.get_absolute_url()).status_code == 404


def test_the_detail_only_answers_get(world, milestone, as_user):
    assert as_user(world.resident).post(milestone.get_absolute_url()).status_code == 405
