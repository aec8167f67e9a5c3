"""The stalled signals that dashboards and reminders read, as QuerySet methods on
TrackedResident (a proxy of ResidentProfile)."""

import pytest

from mentoring.models import TrackedResident
from pathway.models import PathwayStatus
from tests import factories as f


def names(queryset):
    return sorted(r.user.full_name for r in queryset)


def test_without_coach_lists_pathway_residents_with_no_current_coach(world):
    f.ResidentFactory(
        program=world.program,
        pathway_status=PathwayStatus.NOT_ENROLLED,
        user__full_name="Not Enrolled",
    )
    ended = f.ResidentFactory(program=world.program, user__full_name="Ended Coaching")
    f.CoachAssignmentFactory(resident=ended, coach=world.coach, ended_on=f.days_ago(1))
    gone = f.ResidentFactory(program=world.program, user__full_name="Gone Away")
    gone.user.is_active = False
    gone.user.save()

    assert names(TrackedResident.objects.without_coach()) == ["Ended Coaching", "Otto Other"]


def test_without_coach_respects_who_is_looking(world):
    f.ResidentFactory(program=world.other_program, user__full_name="Far Away")
    assert names(TrackedResident.objects.visible_to(world.director).without_coach()) == [
        "Otto Other"
    ]
    assert names(TrackedResident.objects.visible_to(world.other_director).without_coach()) == [
        "Far Away"
    ]


def test_without_peer_mentor_lists_pgy1_and_pgy2_pathway_residents_with_no_current_mentor(world):
    f.ResidentFactory(program=world.program, pgy=3, user__full_name="Senior Three")
    mentored = f.ResidentFactory(program=world.program, pgy=1, user__full_name="Has Mentor")
    f.PeerMentorshipFactory(mentee=mentored, mentor=f.MentorFactory(program=world.program))
    formerly = f.ResidentFactory(program=world.program, pgy=2, user__full_name="Had Mentor")
    f.PeerMentorshipFactory(
        mentee=formerly, mentor=f.MentorFactory(program=world.program), ended_on=f.days_ago(2)
    )
    assert names(TrackedResident.objects.without_peer_mentor()) == [
        "Had Mentor",
        "Otto Other",
        "Rosa Resident",
    ]


def test_eligible_mentors_are_pgy3_pathway_residents_who_completed_vmps_for_leaders(world):
    f.MentorFactory(program=world.program, user__full_name="Eligible One")
    f.ResidentFactory(program=world.program, pgy=3, user__full_name="No Class Yet")
    f.MentorFactory(program=world.program, pgy=2, user__full_name="Only PGY-2")
    f.MentorFactory(
        program=world.program, pathway_status=PathwayStatus.APPLICANT, user__full_name="Applicant"
    )
    assert names(TrackedResident.objects.eligible_mentors()) == ["Eligible One"]


def test_a_pgy_override_counts_for_eligibility(world):
    extended = f.MentorFactory(
        program=world.program, pgy=4, pgy_override=3, user__full_name="Extended"
    )
    assert list(TrackedResident.objects.eligible_mentors()) == [extended]


def test_last_contact_is_the_latest_session_or_meeting_on_either_side(world):
    rosa = world.resident.resident_profile
    f.CoachingSessionFactory(resident=rosa, coach=world.coach, held_on=f.days_ago(10))
    mentor = f.MentorFactory(program=world.program, user__full_name="Maya Mentor")
    pairing = f.PeerMentorshipFactory(mentor=mentor, mentee=rosa, started_on=f.days_ago(60))
    f.MentoringMeetingFactory(mentorship=pairing, met_on=f.days_ago(5))
    f.MentoringMeetingFactory(mentorship=pairing, met_on=f.days_ago(40))
    lone = f.ResidentFactory(program=world.program, user__full_name="Lone Wolf")
    f.CoachingSessionFactory(resident=lone, held_on=f.days_ago(30))

    found = {
        r.user.full_name: r.last_contact_on for r in TrackedResident.objects.with_last_contact()
    }

    assert found == {
        "Rosa Resident": f.days_ago(5),
        "Maya Mentor": f.days_ago(5),
        "Lone Wolf": f.days_ago(30),
        "Otto Other": None,
    }


def test_last_contact_can_filter_and_order(world):
    f.CoachingSessionFactory(
        resident=world.resident.resident_profile, coach=world.coach, held_on=f.days_ago(40)
    )
    quiet = TrackedResident.objects.with_last_contact().filter(last_contact_on__lt=f.days_ago(21))
    assert names(quiet) == ["Rosa Resident"]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_annotations_take_one_query_whatever_the_rows(
    world, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        resident = f.ResidentFactory(program=world.program)
        f.CoachingSessionFactory(resident=resident)
        f.CoachingActionFactory(session__resident=resident)
    with django_assert_max_num_queries(1):
        found = list(TrackedResident.objects.all().with_last_contact().with_coaching_facts())
    assert len(found) == rows + 2
    assert len([r for r in found if r.last_contact_on and r.open_actions == 1]) == rows
