"""A director ends a peer-mentoring pairing; the record stays."""

import pytest
from django.urls import reverse

from mentoring.models import PeerMentorship
from tests import factories as f
from tests.mentoring.helpers import messages_of


@pytest.fixture
def pairing(world):
    return f.PeerMentorshipFactory(
        mentor=f.MentorFactory(program=world.program), mentee=world.resident.resident_profile
    )


def url(pairing):
    return reverse("mentoring:mentorship_end", args=[pairing.pk])


def test_a_director_ends_a_pairing_and_it_is_kept(world, as_user, pairing):
    response = as_user(world.director).post(url(pairing), {"ended_on": f.days_ago(0)}, follow=True)
    pairing.refresh_from_db()
    assert pairing.ended_on == f.days_ago(0)
    assert PeerMentorship.objects.filter(pk=pairing.pk).exists()
    assert messages_of(response, "success") == [f"The pairing of {pairing} has ended."]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Nothing was changed: This field is required."),
        ("2000-01-01", "Nothing was changed: The pairing started on"),
        (f.days_ago(-2).isoformat(), "Nothing was changed: The end date cannot be in the future."),
    ],
)
def test_a_bad_end_date_changes_nothing(world, as_user, pairing, value, message):
    response = as_user(world.director).post(url(pairing), {"ended_on": value}, follow=True)
    pairing.refresh_from_db()
    assert pairing.ended_on is None
    assert messages_of(response, "error")[0].startswith(message)


def test_ending_twice_is_refused(world, as_user, pairing):
    pairing.ended_on = f.days_ago(2)
    pairing.save()
    response = as_user(world.director).post(url(pairing), {"ended_on": f.days_ago(0)}, follow=True)
    pairing.refresh_from_db()
    assert pairing.ended_on == f.days_ago(2)
    assert messages_of(response, "error") == [
        "Nothing was changed: This pairing has already ended."
    ]


def test_a_director_of_another_program_gets_a_404(world, as_user, pairing):
    response = as_user(world.other_director).post(url(pairing), {"ended_on": f.days_ago(0)})
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor", "coordinator"])
def test_only_directors_end_pairings(world, as_user, pairing, persona):
    response = as_user(getattr(world, persona)).post(url(pairing), {"ended_on": f.days_ago(0)})
    assert response.status_code == 403
    pairing.refresh_from_db()
    assert pairing.ended_on is None


def test_get_is_not_allowed(world, as_user, pairing):
    assert as_user(world.director).get(url(pairing)).status_code == 405
