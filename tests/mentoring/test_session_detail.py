"""A coaching session's page: the resident, the coach and program staff read it."""

import pytest
from django.urls import reverse

from tests import factories as f
from tests.mentoring.helpers import text_of


@pytest.fixture
def session(world):
    found = f.CoachingSessionFactory(
        resident=world.resident.resident_profile,
        coach=world.coach,
        vmps_tools=["flow_tour", "takt_time"],
        notes="Walked the clinic flow.",
    )
    f.CoachingActionFactory(session=found, description="Measure room turnover")
    return found


def url(session):
    return reverse("mentoring:session_detail", args=[session.pk])


@pytest.mark.parametrize("persona", ["resident", "coach", "director", "coordinator", "superuser"])
def test_the_session_shows_tools_notes_and_actions(world, as_user, session, persona):
    page = text_of(as_user(getattr(world, persona)).get(url(session)))
    assert "Flow tour" in page and "Takt time" in page
    assert "Walked the clinic flow." in page
    assert "Measure room turnover" in page


def test_only_the_coach_sees_the_edit_button(world, as_user, session):
    edit = reverse("mentoring:session_edit", args=[session.pk])
    assert edit in as_user(world.coach).get(url(session)).content.decode()
    assert edit not in as_user(world.director).get(url(session)).content.decode()


@pytest.mark.parametrize("persona", ["other_resident", "other_director"])
def test_unrelated_people_get_a_404(world, as_user, session, persona):
    assert as_user(getattr(world, persona)).get(url(session)).status_code == 404


def test_an_unrelated_coach_gets_a_404(world, as_user, session):
    assert as_user(f.coach_in(world.program)).get(url(session)).status_code == 404


def test_a_sponsor_is_refused(world, as_user, session):
    assert as_user(world.sponsor).get(url(session)).status_code == 403


def test_post_is_not_allowed(world, as_user, session):
    assert as_user(world.coach).post(url(session)).status_code == 405
