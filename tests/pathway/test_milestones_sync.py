"""Generating residents' milestones from the templates, and regenerating them when dates change
without losing what was recorded."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from pathway.milestones.services import milestone_templates_seed, milestones_sync
from pathway.milestones.standard import STANDARD_MILESTONES
from pathway.models import (
    Audience,
    DueRule,
    Milestone,
    MilestoneTemplate,
    PathwayStatus,
    Track,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


def pgy_template(program, **extra):
    values = {
        "due_rule": DueRule.PGY_DATE,
        "due_pgy": 1,
        "due_month": 5,
        "due_day": 31,
        "due_date": None,
    }
    return f.MilestoneTemplateFactory(program=program, **(values | extra))


def after_joining_template(program):
    """A template due 30 days after the resident joins the pathway."""
    return f.MilestoneTemplateFactory(
        program=program,
        due_rule=DueRule.AFTER_EVENT,
        anchor_event="joined_pathway",
        offset_days=30,
        due_date=None,
    )


def one_synced_milestone():
    """A resident who started on 1 July 2025, with the one milestone of a PGY template."""
    program = f.ProgramFactory()
    resident = f.ResidentFactory(program=program, residency_start=date(2025, 7, 1))
    pgy_template(program)
    milestones_sync(program=program)
    return resident, resident.milestones.get()


def two_residents_with_a_milestone():
    """A program whose two residents each have the milestone of its one PGY template."""
    program = f.ProgramFactory()
    first = f.ResidentFactory(program=program)
    second = f.ResidentFactory(program=program)
    template = pgy_template(program)
    milestones_sync(program=program)
    return program, template, first, second


def start_a_year_earlier(resident):
    resident.residency_start = date(2024, 7, 1)
    resident.save()
    milestones_sync(residents=[resident])


def test_each_applicable_resident_gets_a_milestone_due_by_the_rule():
    program = f.ProgramFactory()
    resident = f.ResidentFactory(program=program, residency_start=date(2025, 7, 1))
    template = pgy_template(program, name="Choose a capstone process")

    result = milestones_sync(program=program)

    milestone = Milestone.objects.get(resident=resident, template=template)
    assert milestone.due_on == milestone.rule_due_on == date(2026, 5, 31)
    assert result.created == 1


def test_a_date_in_the_first_half_of_the_academic_year_falls_in_its_first_calendar_year():
    program = f.ProgramFactory()
    resident = f.ResidentFactory(program=program, residency_start=date(2025, 7, 1))
    pgy_template(program, due_pgy=2, due_month=9, due_day=30)

    milestones_sync(program=program)

    assert resident.milestones.get().due_on == date(2026, 9, 30)


def test_29_february_falls_back_to_the_28th_in_a_common_year():
    program = f.ProgramFactory()
    resident = f.ResidentFactory(program=program, residency_start=date(2024, 7, 1))
    pgy_template(program, due_month=2, due_day=29)

    milestones_sync(program=program)

    assert resident.milestones.get().due_on == date(2025, 2, 28)


def test_after_event_rules_wait_for_the_event_then_count_from_it():
    program = f.ProgramFactory()
    resident = f.ResidentFactory(program=program, joined_on=None)
    after_joining_template(program)
    milestones_sync(program=program)
    milestone = resident.milestones.get()
    assert milestone.due_on is None

    resident.joined_on = date(2026, 1, 10)
    resident.save()
    milestones_sync(residents=[resident])

    milestone.refresh_from_db()
    assert milestone.due_on == date(2026, 2, 9)


def test_a_changed_residency_start_moves_the_due_date_but_keeps_the_completion():
    resident, milestone = one_synced_milestone()
    milestone.completed_on, milestone.completed_evidence = date(2026, 5, 1), "Charter approved"
    milestone.save()

    start_a_year_earlier(resident)

    milestone.refresh_from_db()
    assert milestone.due_on == date(2025, 5, 31)
    assert (milestone.completed_on, milestone.completed_evidence) == (
        date(2026, 5, 1),
        "Charter approved",
    )


def test_a_directors_due_date_stays_in_force_while_the_rule_date_follows_the_dates():
    resident, milestone = one_synced_milestone()
    milestone.due_override = milestone.due_on = date(2026, 6, 20)
    milestone.save()

    start_a_year_earlier(resident)

    milestone.refresh_from_db()
    assert milestone.rule_due_on == date(2025, 5, 31)
    assert milestone.due_on == date(2026, 6, 20)


def test_events_complete_milestones_with_their_date_and_evidence():
    program = f.ProgramFactory()
    resident = f.ResidentFactory(program=program, vmps_for_leaders_completed_on=date(2026, 4, 2))
    template = pgy_template(program, completion_event="vmps_for_leaders_completed")

    milestones_sync(program=program)

    milestone = Milestone.objects.get(resident=resident, template=template)
    assert milestone.completed_on == date(2026, 4, 2)
    assert milestone.completed_evidence == "Completed VMPS for Leaders on 2 Apr 2026"
    assert milestone.completed_by is None


def test_a_milestone_that_no_longer_applies_goes_unless_something_was_recorded():
    program, template, untouched, waived = two_residents_with_a_milestone()
    Milestone.objects.filter(resident=waived).update(
        waived_on=timezone.localdate(), waived_reason="Transferred in"
    )

    template.track = Track.PRIMARY_CARE
    template.save()
    result = milestones_sync(program=program)

    assert not untouched.milestones.exists()
    assert waived.milestones.get().waived_reason == "Transferred in"
    assert result.removed == 1


def test_a_retired_template_keeps_done_milestones_only():
    program, template, still_open, done_one = two_residents_with_a_milestone()
    Milestone.objects.filter(resident=done_one).update(
        completed_on=timezone.localdate(), completed_evidence="Recorded"
    )

    template.is_active = False
    template.save()
    milestones_sync(program=program)

    assert list(Milestone.objects.values_list("resident_id", flat=True)) == [done_one.pk]
    assert not still_open.milestones.exists()


def test_audience_track_and_pgy_decide_who_gets_a_milestone():
    program = f.ProgramFactory()
    pgy1_outside = f.ResidentFactory(
        program=program, pgy=1, pathway_status=PathwayStatus.NOT_ENROLLED
    )
    pgy2_outside = f.ResidentFactory(
        program=program, pgy=2, pathway_status=PathwayStatus.NOT_ENROLLED
    )
    pgy1_primary = f.ResidentFactory(program=program, pgy=1, track=Track.PRIMARY_CARE)
    withdrawn = f.ResidentFactory(program=program, pgy=1, pathway_status=PathwayStatus.WITHDRAWN)
    apply = pgy_template(program, name="Apply", audience=Audience.ALL, only_pgy=1)
    pathway = pgy_template(program, name="Pathway only")
    primary = pgy_template(program, name="Primary care", track=Track.PRIMARY_CARE)

    milestones_sync(program=program)

    def names(resident):
        return set(resident.milestones.values_list("template__name", flat=True))

    assert names(pgy1_outside) == {apply.name}
    assert names(pgy2_outside) == set()
    assert names(pgy1_primary) == {apply.name, pathway.name, primary.name}
    assert names(withdrawn) == set()


def test_syncing_again_changes_nothing():
    program = f.ProgramFactory()
    f.ResidentFactory.create_batch(3, program=program)
    pgy_template(program)
    milestones_sync(program=program)

    again = milestones_sync(program=program)

    assert (again.created, again.updated, again.removed) == (0, 0, 0)


def test_other_programs_templates_do_not_apply():
    program, other = f.ProgramFactory(), f.ProgramFactory()
    resident = f.ResidentFactory(program=program)
    pgy_template(other)

    milestones_sync()

    assert not resident.milestones.exists()


@pytest.mark.parametrize("size", [2, 10])
def test_sync_makes_the_same_number_of_queries_for_few_or_many_residents(
    size, django_assert_max_num_queries
):
    program = f.ProgramFactory()
    for n in range(size):
        f.ResidentFactory(program=program, vmps_for_leaders_completed_on=date(2026, 1, n + 1))
    pgy_template(program, completion_event="vmps_for_leaders_completed")
    after_joining_template(program)
    with django_assert_max_num_queries(8):
        milestones_sync(program=program)
    MilestoneTemplate.objects.filter(program=program).update(due_day=30)
    # Two more when dates move: the moved rows are read back for their audit history, which is
    # written in one insert.
    with django_assert_max_num_queries(10):
        milestones_sync(program=program)
    assert Milestone.objects.count() == size * 2


def test_the_standard_set_is_seeded_once_and_a_programs_edits_are_kept():
    program = f.ProgramFactory()
    milestone_templates_seed(program=program)
    sponsor = MilestoneTemplate.objects.get(program=program, key="sponsor")
    sponsor.due_day = 15
    sponsor.save()

    milestone_templates_seed(program=program)

    assert MilestoneTemplate.objects.filter(program=program).count() == len(STANDARD_MILESTONES)
    sponsor.refresh_from_db()
    assert sponsor.due_day == 15


def test_the_standard_set_gives_a_pathway_resident_a_dated_timeline():
    program = f.ProgramFactory()
    resident = f.ResidentFactory(program=program, pgy=1)
    milestone_templates_seed(program=program)

    milestones_sync(program=program)

    start = resident.residency_start.year
    due = dict(resident.milestones.values_list("template__key", "due_on"))
    assert due["apply"] == date(start + 1, 3, 1)
    assert due["capstone-process"] == date(start + 1, 5, 31)
    assert due["leading-at-vm"] == date(start + 1, 9, 30)
    assert due["results-presented"] == date(start + 3, 5, 31)
    assert due["follow-up-30"] is None  # counts from the two-day event, not yet held
    assert timedelta(0) < due["sponsor"] - due["leading-at-vm"]
