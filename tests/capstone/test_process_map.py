"""The process map's arithmetic: lead time, value-added time and the value-stream ratio, from
the steps and the time observations, before and after the event."""

from datetime import date
from decimal import Decimal

import pytest

from capstone.diagrams.process import both_maps, compare_sentence, percent
from capstone.models import MapState, ProcessStep, TimeObservation

LAST_DAY = date(2025, 1, 15)


def step(description, minutes, value_added, state=MapState.CURRENT):
    return ProcessStep(
        description=description,
        minutes=None if minutes is None else Decimal(minutes),
        value_added=value_added,
        state=state,
    )


def timing(name, times, kind="cycle", on=None):
    return TimeObservation(step=name, cycle_times=times, kind=kind, observed_on=on)


def test_lead_time_is_every_minute_and_the_ratio_only_the_value_added_work():
    steps = [step("Order written", "10", True), step("Paperwork checked again", "20", False)]
    observations = [timing("order written", ["30", "50"], kind="wait")]
    before, after = both_maps(steps, observations, LAST_DAY)
    assert before.lead_time == Decimal(70)  # 40 waiting + 10 + 20
    assert before.value_added_time == Decimal(10)
    assert before.wait_time == Decimal(40)
    assert before.ratio == Decimal(10) / Decimal(70)
    assert percent(before.ratio) == "14%"
    assert before.ratio_sentence() == (
        "Lead time 70 minutes, of which 10 add value (value-stream ratio 14%): about 1 minute "
        "in 7 is value-added; 40 minutes are waiting."
    )
    assert after.steps == [] and after.ratio_sentence() == "No steps recorded for this map yet."


def test_observed_times_replace_the_typed_minutes_and_after_the_event_they_belong_to_the_new_map():
    steps = [
        step("Medicines reconciled", "15", True),
        step("Medicines reconciled", "15", True, state=MapState.AFTER),
    ]
    observations = [
        timing("Medicines  Reconciled", ["8", "12", "30"], on=date(2025, 1, 10)),
        timing("Medicines reconciled", ["5", "7"], on=date(2025, 2, 1)),
        timing("Medicines reconciled", ["60", "40"], kind="wait", on=date(2025, 2, 1)),
    ]
    before, after = both_maps(steps, observations, LAST_DAY)
    assert (before.steps[0].work, before.steps[0].work_observed) == (Decimal(12), True)
    assert before.steps[0].wait is None
    assert (after.steps[0].work, after.steps[0].wait) == (Decimal(6), Decimal(50))
    assert after.lead_time == Decimal(56)


def test_without_event_dates_every_observation_is_the_current_state():
    steps = [step("Triage", None, True)]
    before, _ = both_maps(steps, [timing("Triage", ["4", "6"], on=date(2030, 1, 1))], None)
    assert before.steps[0].work == Decimal(5)


def test_steps_without_time_are_counted_and_said():
    before, _ = both_maps([step("Triage", "5", True), step("Bed found", None, False)], [], None)
    assert before.lead_time == Decimal(5)
    assert before.ratio == 1
    assert "1 step has no time yet" in before.ratio_sentence()
    untimed, _ = both_maps([step("Triage", None, True)], [], None)
    assert untimed.ratio is None
    assert untimed.ratio_sentence().startswith("No times recorded yet")


def test_no_value_added_minute_is_said_plainly():
    before, _ = both_maps([step("Wait for porter", "30", False)], [], None)
    assert before.ratio == 0 and percent(before.ratio) == "0%"
    assert "no minute of it is value-added" in before.ratio_sentence()


@pytest.mark.parametrize(
    ("ratio", "words"),
    [(None, "—"), (Decimal("0.004"), "under 1%"), (Decimal("0.125"), "12%"), (Decimal(1), "100%")],
)
def test_percentages_read_as_people_say_them(ratio, words):
    assert percent(ratio) == words


def test_before_and_after_are_compared_in_words():
    steps = [
        step("A", "10", True),
        step("B", "90", False),
        step("A", "10", True, state=MapState.AFTER),
        step("B", "30", False, state=MapState.AFTER),
    ]
    before, after = both_maps(steps, [], None)
    assert compare_sentence(before, after) == (
        "After the event the lead time fell from 100 to 40 minutes (60% shorter), and the "
        "value-added share went from 10% to 25%."
    )
    empty, _ = both_maps([], [], None)
    assert compare_sentence(empty, after) == ""
