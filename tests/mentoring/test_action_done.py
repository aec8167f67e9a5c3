"""The resident or their coach ticks off an agreed action (or reopens it)."""

import pytest
from django.urls import reverse

from tests import factories as f
from tests.mentoring.helpers import messages_of


@pytest.fixture
def action(world):
    session = f.CoachingSessionFactory(resident=world.resident.resident_profile, coach=world.coach)
    return f.CoachingActionFactory(session=session, description="Draft the charter")


def url(action):
    return reverse("mentoring:action_done", args=[action.pk])


@pytest.mark.parametrize("persona", ["resident", "coach"])
def test_the_resident_or_coach_marks_an_action_done_and_reopens_it(world, as_user, action, persona):
    client = as_user(getattr(world, persona))
    response = client.post(url(action), {"done": "1"}, follow=True)
    action.refresh_from_db()
    assert action.completed_on == f.days_ago(0)
    assert messages_of(response, "success") == ["“Draft the charter” is done."]
    assert response.redirect_chain[-1][0] == reverse(
        "mentoring:resident_coaching", args=[world.resident.resident_profile.pk]
    )

    client.post(url(action), {"done": "0", "next": "session"})
    action.refresh_from_db()
    assert action.completed_on is None


def test_it_returns_to_the_session_when_asked(world, as_user, action):
    response = as_user(world.coach).post(url(action), {"done": "1", "next": "session"})
    assert response.url == action.session.get_absolute_url()


def test_a_bad_value_changes_nothing(world, as_user, action):
    response = as_user(world.resident).post(url(action), {"done": "maybe"}, follow=True)
    action.refresh_from_db()
    assert action.completed_on is None
    assert messages_of(response, "error") == [
        "Nothing was changed: say whether the action is done."
    ]


@pytest.mark.parametrize("persona", ["director", "coordinator", "sponsor", "superuser"])
def test_others_cannot_tick_actions(world, as_user, action, persona):
    assert as_user(getattr(world, persona)).post(url(action), {"done": "1"}).status_code == 403
    action.refresh_from_db()
    assert action.completed_on is None


def test_another_resident_gets_a_404(world, as_user, action):
    assert as_user(world.other_resident).post(url(action), {"done": "1"}).status_code == 404


def test_get_is_not_allowed(world, as_user, action):
    assert as_user(world.resident).get(url(action)).status_code == 405
