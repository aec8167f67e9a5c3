"""Directors waive a milestone with a reason; the resident is told."""

import pytest
from django.urls import reverse

from pathway.models import MilestoneStatus, Notification
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def milestone(world):
    return f.MilestoneFactory(resident=world.resident.resident_profile, template__name="SBP")


def url(milestone):
    return reverse("pathway:milestone_waive", args=[milestone.pk])


def test_a_director_waives_a_milestone_with_a_reason(world, milestone, as_user):
    response = as_user(world.director).post(
        url(milestone), {"waive-reason": "Done at her old program"}
    )

    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.WAIVED
    assert (milestone.waived_reason, milestone.waived_by) == (
        "Done at her old program",
        world.director,
    )
    notice = Notification.objects.get(user=world.resident)
    assert "waived “SBP”: Done at her old program" in notice.text
    world.resident.refresh_from_db()
    assert world.resident.unread_notifications == 1


def test_a_reason_is_required_and_nothing_is_saved_without_one(world, milestone, as_user):
    response = as_user(world.director).post(url(milestone), {"waive-reason": "  "})

    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.waived_on is None
    assert not Notification.objects.exists()


def test_a_waived_milestone_cannot_be_waived_again(world, milestone, as_user):
    client = as_user(world.director)
    client.post(url(milestone), {"waive-reason": "First"})
    response = client.post(url(milestone), {"waive-reason": "Second"})
    assert "already waived" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.waived_reason == "First"


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor", "coordinator"])
def test_only_directors_may_waive(persona, world, milestone, as_user):
    response = as_user(getattr(world, persona)).post(url(milestone), {"waive-reason": "x"})
    assert response.status_code == 403
    milestone.refresh_from_db()
    assert milestone.waived_on is None


def test_another_programs_director_gets_a_404(world, milestone, as_user):
    response = as_user(world.other_director).post(url(milestone), {"waive-reason": "x"})
    assert response.status_code == 404


def test_waiving_needs_a_post(world, milestone, as_user):
    assert as_user(world.director).get(url(milestone)).status_code == 405
