"""The completion-event registry: one plain function per event, bulk over a batch of residents."""

from datetime import date

import pytest

from pathway.milestone_events import (
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

    found = COMPLETION_EVENTS[key].read([done, not_yet])

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
