"""The resident or program staff update an introduction's follow-up status."""

import pytest
from django.urls import reverse

from mentoring.models import IntroductionStatus
from tests import factories as f
from tests.mentoring.helpers import text_of


@pytest.fixture
def intro(world):
    return f.MentorIntroductionFactory(
        resident=world.resident.resident_profile, faculty_name="Dr. Ines Ortega"
    )


def url(intro):
    return reverse("mentoring:introduction_follow_up", args=[intro.pk])


@pytest.mark.parametrize("persona", ["resident", "director", "coordinator"])
def test_the_resident_and_staff_update_the_follow_up(world, as_user, intro, persona):
    client = as_user(getattr(world, persona))
    assert "Follow-up with Dr. Ines Ortega" in text_of(client.get(url(intro)))
    response = client.post(url(intro), {"status": "met", "follow_up_notes": "Coffee on Friday."})
    assert response.status_code == 302
    intro.refresh_from_db()
    assert (intro.status, intro.follow_up_notes) == (IntroductionStatus.MET, "Coffee on Friday.")


def test_an_unknown_status_is_refused_and_nothing_changes(world, as_user, intro):
    response = as_user(world.resident).post(url(intro), {"status": "best-friends"})
    assert "Select a valid choice." in text_of(response)
    intro.refresh_from_db()
    assert intro.status == IntroductionStatus.AWAITING


@pytest.mark.parametrize("persona", ["other_resident", "other_director"])
def test_unrelated_people_get_a_404(world, as_user, intro, persona):
    response = as_user(getattr(world, persona)).post(url(intro), {"status": "met"})
    assert response.status_code == 404
    intro.refresh_from_db()
    assert intro.status == IntroductionStatus.AWAITING


@pytest.mark.parametrize("persona", ["coach", "sponsor"])
def test_coaches_and_sponsors_are_refused(world, as_user, intro, persona):
    assert as_user(getattr(world, persona)).post(url(intro), {"status": "met"}).status_code == 403


def test_delete_is_not_allowed(world, as_user, intro):
    assert as_user(world.resident).delete(url(intro)).status_code == 405
