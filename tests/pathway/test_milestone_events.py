"""The completion-event registry: one plain function per event, bulk over a batch of residents."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from capstone.models import Stage, StageChange
from pathway.core.events import (
    ANCHOR_EVENTS,
    COMPLETION_EVENTS,
    anchor_choices,
    completion_choices,
    read_events,
)
from pathway.models import MANUAL, ResidentProfile
from tests import factories as f

pytestmark = pytest.mark.django_db

PROFILE_EVENTS = {
    "applied_to_pathway": ("applied_on", "Applied to the pathway"),
    "joined_pathway": ("joined_on", "Joined the pathway"),
    "vmps_for_leaders_completed": ("vmps_for_leaders_completed_on", "Completed VMPS for Leaders"),
    "leading_at_vm_completed": (
        "leading_at_vm_completed_on",
        "Completed Leading at Virginia Mason",
    ),
    "sbp_signed_off": ("sbp_signed_off_on", "SBP rotation signed off"),
}


@pytest.mark.parametrize("key", sorted(PROFILE_EVENTS))
def test_each_recorded_fact_completes_with_its_date_and_evidence(key):
    field, words = PROFILE_EVENTS[key]
    done = f.ResidentFactory(**{field: date(2026, 3, 4)})
    not_yet = f.ResidentFactory(**{field: None})

    found = COMPLETION_EVENTS[key].read([done, not_yet], {})

    assert found == {done.pk: (date(2026, 3, 4), f"{words} on 4 Mar 2026")}


def test_reading_profile_facts_costs_no_query(django_assert_num_queries):
    residents = list(ResidentProfile.objects.filter(pk__in=[f.ResidentFactory().pk]))
    with django_assert_num_queries(0):
        read_events(PROFILE_EVENTS, residents)


def test_unknown_events_are_ignored():
    assert read_events(["moon_landing"], [f.ResidentFactory()]) == {}


def test_the_form_choices_name_every_event():
    assert completion_choices()[0] == (MANUAL, "Recorded by a program director")
    assert {key for key, _ in completion_choices()} == {MANUAL, *COMPLETION_EVENTS}
    assert {key for key, _ in anchor_choices()} == set(ANCHOR_EVENTS)
    assert ("joined_pathway", "Joining the pathway") in anchor_choices()


# --- Capstone events ---------------------------------------------------------------------------


def read(key, residents):
    return read_events([key], residents)[key]


def test_starting_a_capstone_chooses_the_process():
    project = f.ProjectFactory(title="Discharge before noon")
    StageChange.objects.create(
        project=project,
        kind=StageChange.Kind.START,
        to_stage=Stage.SELECTION,
        changed_at=timezone.make_aware(datetime(2026, 5, 2, 9)),
    )

    found = read("capstone_process_chosen", [project.lead])

    assert found == {
        project.lead_id: (
            date(2026, 5, 2),
            "Started the capstone “Discharge before noon” on 2 May 2026",
        )
    }


def test_a_withdrawn_capstone_does_not_count():
    project = f.ProjectFactory(stage=Stage.WITHDRAWN, sponsor_accepted_on=date(2026, 1, 2))
    assert read("sponsor_accepted", [project.lead]) == {}


def test_sponsor_accepted_reads_the_acceptance_date():
    project = f.ProjectFactory(sponsor_accepted_on=date(2026, 10, 20))
    assert read("sponsor_accepted", [project.lead])[project.lead_id][0] == date(2026, 10, 20)


def test_a_stage_counts_as_reached_from_the_first_move_to_it_or_beyond():
    project = f.ProjectFactory(stage=Stage.IMPLEMENTATION)
    for stage, day in ((Stage.CURRENT_STATE, 1), (Stage.EVENT, 20), (Stage.IMPLEMENTATION, 22)):
        StageChange.objects.create(
            project=project,
            kind=StageChange.Kind.ADVANCE,
            to_stage=stage,
            changed_at=timezone.make_aware(datetime(2026, 3, day, 9)),
        )

    event_prep = read("stage_reached:event_prep", [project.lead])
    results = read("stage_reached:results", [project.lead])

    # Event preparation was skipped in the history: reaching the event later counts.
    assert event_prep[project.lead_id][0] == date(2026, 3, 20)
    assert results == {}


def test_a_stage_reached_before_history_was_kept_counts_from_the_last_move():
    project = f.ProjectFactory(stage=Stage.RESULTS)
    found = read("stage_reached:post_event", [project.lead])
    assert found[project.lead_id][0] == timezone.localdate(project.stage_changed_at)


def test_follow_ups_give_their_date_and_complete_when_held():
    project = f.ProjectFactory(event_first_day=date(2026, 2, 2), event_second_day=date(2026, 2, 3))
    f.FollowUpFactory(project=project, day=30, due_on=date(2026, 3, 10), held_on=date(2026, 3, 9))

    assert read("follow_up:30", [project.lead])[project.lead_id][0] == date(2026, 3, 10)
    # Not scheduled on the capstone yet: the event's last day plus the days.
    assert read("follow_up:60", [project.lead])[project.lead_id][0] == date(2026, 4, 4)
    assert read("follow_up_recorded:30", [project.lead])[project.lead_id][0] == date(2026, 3, 9)
    assert read("follow_up_recorded:60", [project.lead]) == {}


def test_abstracts_presentations_and_event_days():
    project = f.ProjectFactory(event_first_day=date(2026, 2, 2), event_second_day=date(2026, 2, 3))
    f.AbstractSubmissionFactory(project=project, status="draft")
    f.AbstractSubmissionFactory(project=project, status="submitted", submitted_on=date(2026, 9, 1))
    f.PresentationFactory(project=project, presented_on=date(2026, 11, 5))

    lead = project.lead_id
    assert read("abstract_submitted", [project.lead])[lead][0] == date(2026, 9, 1)
    assert read("results_presented", [project.lead])[lead][0] == date(2026, 11, 5)
    assert read("two_day_event_start", [project.lead])[lead][0] == date(2026, 2, 2)
    assert read("two_day_event_end", [project.lead])[lead][0] == date(2026, 2, 3)


@pytest.mark.parametrize("size", [2, 12])
def test_every_capstone_event_together_takes_the_same_number_of_queries(
    size, django_assert_max_num_queries
):
    residents = []
    for _ in range(size):
        project = f.ProjectFactory(sponsor_accepted_on=date(2026, 1, 5))
        f.FollowUpFactory(project=project, day=30, held_on=date(2026, 3, 1))
        f.PresentationFactory(project=project)
        residents.append(project.lead)
    residents = list(ResidentProfile.objects.filter(pk__in=[r.pk for r in residents]))
    keys = [k for k in {**COMPLETION_EVENTS, **ANCHOR_EVENTS} if k not in PROFILE_EVENTS]

    with django_assert_max_num_queries(5):
        found = read_events(keys, residents)

    assert len(found["sponsor_accepted"]) == size
