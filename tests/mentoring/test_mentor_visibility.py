"""A peer mentor sees their current mentees (curriculum progress, read-only) and nothing else
of theirs: not the coaching record, not private notes, not introductions."""

import pytest
from django.urls import reverse

from mentoring.models import (
    CoachAssignment,
    CoachingAction,
    CoachingSession,
    MentorIntroduction,
    PrivateCoachingNote,
    TrackedResident,
)
from pathway.models import ResidentProfile
from tests import factories as f
from tests.mentoring.helpers import text_of

SHARED = "Shared coaching notes about the discharge project."
PRIVATE = "Private: family illness, go gently."
ACTION = "Collect baseline discharge times"


@pytest.fixture
def pairing(world):
    return f.PeerMentorshipFactory(
        mentor=f.MentorFactory(program=world.program), mentee=world.resident.resident_profile
    )


@pytest.fixture
def mentor(pairing):
    return pairing.mentor.user


@pytest.fixture
def coaching(world):
    session = f.CoachingSessionFactory(
        resident=world.resident.resident_profile, coach=world.coach, notes=SHARED
    )
    f.PrivateCoachingNoteFactory(session=session, text=PRIVATE)
    f.CoachingActionFactory(session=session, description=ACTION)
    f.MentorIntroductionFactory(resident=world.resident.resident_profile)
    return session


def test_a_mentor_sees_their_current_mentee_as_a_resident(world, mentor, pairing):
    visible = set(ResidentProfile.objects.visible_to(mentor))
    assert visible == {pairing.mentor, world.resident.resident_profile}


def test_a_mentor_does_not_see_other_residents(world, mentor):
    assert world.other_resident.resident_profile not in ResidentProfile.objects.visible_to(mentor)


def test_an_ended_pairing_hides_the_mentee_again(world, mentor, pairing):
    pairing.ended_on = f.days_ago(0)
    pairing.save()
    assert list(ResidentProfile.objects.visible_to(mentor)) == [pairing.mentor]


def test_a_mentee_does_not_see_their_mentor_through_the_resident_rule(world, pairing):
    assert list(ResidentProfile.objects.visible_to(world.resident)) == [
        world.resident.resident_profile
    ]


def test_a_mentor_sees_none_of_the_mentees_coaching_record(world, mentor, coaching):
    assert not CoachingSession.objects.visible_to(mentor).exists()
    assert not PrivateCoachingNote.objects.visible_to(mentor).exists()
    assert not CoachingAction.objects.visible_to(mentor).exists()
    assert not CoachAssignment.objects.visible_to(mentor).exists()
    assert not MentorIntroduction.objects.visible_to(mentor).exists()
    assert list(TrackedResident.objects.visible_to(mentor)) == [
        TrackedResident.objects.get(user=mentor)
    ]


@pytest.mark.parametrize(
    "page",
    [
        lambda w, s: reverse("mentoring:resident_coaching", args=[w.resident.resident_profile.pk]),
        lambda w, s: reverse("mentoring:session_detail", args=[s.pk]),
        lambda w, s: reverse(
            "mentoring:introduction_follow_up",
            args=[MentorIntroduction.objects.get(resident__user=w.resident).pk],
        ),
    ],
    ids=["coaching record", "session", "introduction"],
)
def test_a_mentor_gets_a_404_for_the_mentees_private_pages(world, as_user, mentor, coaching, page):
    assert as_user(mentor).get(page(world, coaching)).status_code == 404


def test_the_pairing_page_shows_progress_but_no_coaching(world, as_user, mentor, pairing, coaching):
    page = text_of(as_user(mentor).get(reverse("mentoring:mentorship_detail", args=[pairing.pk])))
    assert "curriculum progress" in page
    for secret in (SHARED, PRIVATE, ACTION, "Cora Coach"):
        assert secret not in page


def test_a_mentor_cannot_tick_the_mentees_actions(world, as_user, mentor, coaching):
    action = CoachingAction.objects.get()
    response = as_user(mentor).post(
        reverse("mentoring:action_done", args=[action.pk]), {"done": "1"}
    )
    assert response.status_code == 404
    action.refresh_from_db()
    assert action.completed_on is None
