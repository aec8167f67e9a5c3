"""The demo data: coach caseloads with sessions, peer-mentor pairs, introductions; idempotent."""

from django.core.management import call_command

from mentoring.models import (
    CoachingAction,
    CoachingSession,
    MentoringMeeting,
    MentorIntroduction,
    PeerMentorship,
    PrivateCoachingNote,
    ProgressReport,
    ReportReview,
    ReportSubmission,
    SponsorRequest,
    TrackedResident,
)

MODELS = (
    CoachingSession,
    PrivateCoachingNote,
    CoachingAction,
    PeerMentorship,
    MentoringMeeting,
    MentorIntroduction,
    ProgressReport,
    ReportSubmission,
    ReportReview,
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


def test_the_demo_has_a_history_of_reports_and_a_pending_sponsor_request(db):
    call_command("seed_demo")
    assert ProgressReport.objects.filter(status="reviewed").count() >= 3
    waiting = [r.days_waiting() for r in ProgressReport.objects.awaiting_review()]
    assert 10 in waiting
    assert ProgressReport.objects.waiting_longer_than(7).count() == 1
    revision = ProgressReport.objects.get(status="revision")
    assert revision.reviews.get().decision == "revision"
    assert TrackedResident.objects.with_last_contact().filter(last_contact_on__isnull=False)


def test_the_demo_sponsor_request_goes_to_a_pgy2_capstone_without_a_sponsor(world):
    # Every PGY-2 of the capstone demo has an accepted sponsor, so the request is seeded only
    # where one is missing; this world has one (Rosa, PGY-2, capstone without a sponsor).
    from pathway.demo.mentoring import _seed_sponsor_request
    from tests import factories as f

    f.ProjectFactory(lead=f.ResidentFactory(program=world.program, pgy=1))
    project = f.ProjectFactory(lead=world.resident.resident_profile)
    demo_world = {
        "program": world.program,
        "residents": list(world.program.members.filter(resident_profile__isnull=False)),
        "sponsors": [world.sponsor],
    }
    demo_world["residents"] = [u.resident_profile for u in demo_world["residents"]]
    _seed_sponsor_request(demo_world, f.days_ago(0))
    _seed_sponsor_request(demo_world, f.days_ago(0))

    pending = SponsorRequest.objects.get()
    assert (pending.project, pending.sponsor, pending.status) == (project, world.sponsor, "pending")
    assert pending.resident.leading_at_vm_completed_on is not None
