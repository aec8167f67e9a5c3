"""Private coaching notes: only the coach who held the session and the program's directors.
Not the resident, not coordinators, not a peer mentor, not a later coach, not another program."""

import pytest
from django.urls import reverse

from mentoring.models import PrivateCoachingNote
from tests import factories as f
from tests.mentoring.helpers import reassign_to_a_new_coach, text_of

SECRET = "Struggling after the ICU month; consider a lighter project scope."


@pytest.fixture
def session(world):
    found = f.CoachingSessionFactory(
        resident=world.resident.resident_profile, coach=world.coach, notes="Shared notes here."
    )
    f.PrivateCoachingNoteFactory(session=found, text=SECRET)
    return found


@pytest.fixture
def mentor(world):
    pairing = f.PeerMentorshipFactory(
        mentor=f.MentorFactory(program=world.program), mentee=world.resident.resident_profile
    )
    return pairing.mentor.user


def readers(user):
    return list(PrivateCoachingNote.objects.visible_to(user).values_list("text", flat=True))


@pytest.mark.parametrize("persona", ["coach", "director", "superuser"])
def test_the_coach_and_directors_can_read_private_notes(world, session, persona):
    user = getattr(world, persona)
    assert readers(user) == [SECRET]
    assert session.private_note_for(user).text == SECRET


@pytest.mark.parametrize(
    "persona", ["resident", "coordinator", "sponsor", "other_resident", "other_director"]
)
def test_everyone_else_cannot_read_private_notes(world, session, persona):
    user = getattr(world, persona)
    assert readers(user) == []
    assert session.private_note_for(user) is None


def test_a_peer_mentor_cannot_read_the_mentees_private_notes(world, session, mentor):
    assert readers(mentor) == []


def test_a_later_coach_cannot_read_the_earlier_coachs_private_notes(world, session):
    new_coach = reassign_to_a_new_coach(world)
    assert readers(new_coach) == []


def test_a_coordinator_who_is_not_a_director_cannot_read_them_even_with_a_coach_profile(
    world, session
):
    f.CoachFactory(user=world.coordinator)
    world.coordinator.__dict__.pop("roles", None)
    assert readers(world.coordinator) == []


def test_an_associate_director_can_read_them(world, session):
    associate = f.DirectorFactory(user__program=world.program, is_associate=True).user
    assert readers(associate) == [SECRET]


PAGES = [
    lambda world, session: reverse("mentoring:session_detail", args=[session.pk]),
    lambda world, session: reverse(
        "mentoring:resident_coaching", args=[world.resident.resident_profile.pk]
    ),
]


@pytest.mark.parametrize("page", PAGES, ids=["session", "coaching record"])
@pytest.mark.parametrize("persona", ["coach", "director"])
def test_pages_show_private_notes_to_the_coach_and_directors(
    world, as_user, session, page, persona
):
    response = as_user(getattr(world, persona)).get(page(world, session))
    assert SECRET in text_of(response)


@pytest.mark.parametrize("page", PAGES, ids=["session", "coaching record"])
@pytest.mark.parametrize("persona", ["resident", "coordinator"])
def test_pages_hide_private_notes_from_the_resident_and_coordinators(
    world, as_user, session, page, persona
):
    response = as_user(getattr(world, persona)).get(page(world, session))
    assert response.status_code == 200
    text = text_of(response)
    assert "Shared notes here." in text
    assert SECRET not in text
    assert "Private notes" not in text


def test_the_edit_form_is_for_the_coach_only_and_prefilled_with_the_note(world, as_user, session):
    url = reverse("mentoring:session_edit", args=[session.pk])
    assert SECRET in text_of(as_user(world.coach).get(url))
    assert as_user(world.director).get(url).status_code == 403


def test_the_session_has_no_accessor_that_bypasses_the_rule(session):
    assert not hasattr(session, "private_note")
