"""The demo data: coach caseloads with sessions, peer-mentor pairs, introductions; idempotent."""

from django.core.management import call_command

from mentoring.models import (
    CoachingAction,
    CoachingSession,
    MentoringMeeting,
    MentorIntroduction,
    PeerMentorship,
    PrivateCoachingNote,
    TrackedResident,
)

MODELS = (
    CoachingSession,
    PrivateCoachingNote,
    CoachingAction,
    PeerMentorship,
    MentoringMeeting,
    MentorIntroduction,
)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_demo_adds_coaching_and_mentoring_and_is_idempotent(db):
    call_command("seed_demo")
    first = counts()
    assert all(first.values()), first
    call_command("seed_demo")
    assert counts() == first


def test_the_demo_has_eligible_mentors_pairs_and_residents_still_to_pair(db):
    call_command("seed_demo")
    mentors = {r.user.full_name for r in TrackedResident.objects.eligible_mentors()}
    assert {"Amara Okafor", "Daniel Whitfield", "Priya Raman"} <= mentors
    assert (
        PeerMentorship.objects.current().filter(mentor__user__full_name="Amara Okafor").count() == 2
    )
    unpaired = {r.user.full_name for r in TrackedResident.objects.without_peer_mentor()}
    assert {"Samuel Osei", "Grace Liang"} <= unpaired
    demo_resident = TrackedResident.objects.get(user__full_name="Lucas Moreau")
    assert PeerMentorship.objects.current().get(mentee=demo_resident).mentor.user.full_name == (
        "Amara Okafor"
    )
    assert CoachingAction.objects.overdue().exists()
