"""Item 3 of the security review: a peer mentor may see their mentee, but not the mentee's
milestone timeline and its waiver reasons (the milestone detail already said 404)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def waived_milestone(world):
    """A milestone of world.resident waived today, for a reason private to the resident."""
    today = timezone.localdate()
    return f.MilestoneFactory(
        resident=world.resident.resident_profile,
        due_on=today + timedelta(days=5),
        waived_on=today,
        waived_reason="Medical leave after a family bereavement",
    )


def test_a_peer_mentor_cannot_read_the_mentees_milestone_timeline(world, as_user, waived_milestone):
    pairing = f.PeerMentorshipFactory(
        mentor__program=world.program, mentee=world.resident.resident_profile
    )
    mentor = as_user(pairing.mentor.user)
    url = reverse("pathway:resident_milestones", args=[world.resident.pk])
    response = mentor.get(url)
    assert response.status_code == 404
    assert b"bereavement" not in response.content


def test_the_coach_still_reads_the_timeline_with_the_waiver_reason(
    world, as_user, waived_milestone
):
    response = as_user(world.coach).get(
        reverse("pathway:resident_milestones", args=[world.resident.pk])
    )
    assert response.status_code == 200
    assert b"bereavement" in response.content
