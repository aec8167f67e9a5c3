"""Freezing, parts and excluded points, and the IHI shift and trend rules, hand-computed."""

import pytest

from capstone.spc import analyze
from tests.capstone.spc_helpers import (
    CIRCUIT_BOARDS,
    codes,
    outside_points,
)

# --------------------------------------------------------------------------------------
# Freeze, parts and excluded points
# --------------------------------------------------------------------------------------


def test_freeze_takes_centre_and_limits_from_the_first_k_points_and_applies_them_to_all():
    values = [10, 12, 11, 13, 12, 14, 30, 31, 32, 33]
    result = analyze(values, chart="i", freeze=6)

    # baseline = the hand-computed series above: cl 12, limits 7.744681 and 16.255319
    assert {p["cl"] for p in result["points"]} == {12}
    assert {round(p["ucl"], 6) for p in result["points"]} == {16.255319}
    assert outside_points(result) == [7, 8, 9, 10]
    phase = result["phases"][0]
    assert (phase["start"], phase["end"], phase["baseline_end"]) == (0, 9, 5)
    # the runs analysis covers every point against the frozen centre: sides − 0 − + 0 + + + + +
    assert phase["n_useful"] == 8
    assert phase["longest_run"] == 6
    assert result["freeze"] == 6


def test_freeze_counts_excluded_positions_like_qicharts2():
    # freeze = 4 covers positions 1..4; position 1 is excluded, so the baseline is 2, 4, 6
    result = analyze([None, 2, 4, 6, 100], chart="i", freeze=4)

    assert result["points"][1]["cl"] == 4
    assert result["phases"][0]["sigma"] == pytest.approx(2 / 1.128)


def test_moving_ranges_skip_excluded_points():
    # MRs over consecutive included values: |14 − 10| = 4 and |12 − 14| = 2 → MR̄ = 3
    phase = analyze([10, None, 14, 12], chart="i", screen_mr=False)["phases"][0]

    assert phase["sigma"] == pytest.approx(3 / 1.128)


def test_parts_give_each_phase_its_own_centre_limits_and_runs_analysis():
    values = [10, 12, 11, 13, 12, 14, 30, 31, 32, 31]
    result = analyze(values, chart="i", parts=[6])

    first, second = result["phases"]
    assert (first["start"], first["end"], second["start"], second["end"]) == (0, 5, 6, 9)
    assert first["cl"] == 12 and second["cl"] == 31
    # the jump from 14 to 30 belongs to neither phase: MRs 1, 1, 1 → sigma = 1/1.128
    assert second["sigma"] == pytest.approx(1 / 1.128)
    assert [p["phase"] for p in result["points"]] == [0] * 6 + [1] * 4
    assert outside_points(result) == []
    assert result["parts"] == [6]


def test_freeze_is_ignored_with_a_warning_when_parts_are_given():
    result = analyze([1, 2, 3, 4, 5, 6], chart="i", parts=[3], freeze=2)

    assert result["freeze"] is None
    assert len(result["phases"]) == 2
    assert any("freeze is ignored" in w for w in result["warnings"])


def test_a_zero_denominator_with_zero_numerator_is_left_out_with_a_warning():
    result = analyze([1, 0, 2], chart="p", denominators=[10, 0, 10])

    assert result["points"][1]["y"] is None
    assert result["points"][1]["lcl"] is None
    assert result["points"][0]["cl"] == pytest.approx(3 / 20)
    assert "denominator of 0" in result["warnings"][0]


# --------------------------------------------------------------------------------------
# IHI rules
# --------------------------------------------------------------------------------------


def test_ihi_shift_needs_six_points_on_one_side_of_the_median():
    # centre frozen at 0 by the first two points (−1, 1)
    five = analyze([-1, 1, -1] + [1] * 5 + [-1, 1], chart="run", freeze=2, rules="ihi")
    six = analyze([-1, 1, -1] + [1] * 6 + [-1, 1], chart="run", freeze=2, rules="ihi")

    assert codes(five, "shift") == []
    assert codes(six, "shift") == [3, 4, 5, 6, 7, 8]


def test_ihi_shift_skips_points_on_the_median_without_flagging_them():
    values = [-1, 1, -1, 1, 1, 1, 0, 1, 1, 1, -1]
    result = analyze(values, chart="run", freeze=2, rules="ihi")

    assert codes(result, "shift") == [3, 4, 5, 7, 8, 9]
    assert result["points"][6]["signals"] == []


def test_ihi_trend_needs_five_points_in_a_row_going_one_way():
    four = analyze([5, 1, 2, 3, 4, 1], chart="run", rules="ihi")
    five = analyze([5, 1, 2, 3, 4, 5, 1], chart="run", rules="ihi")

    assert codes(four, "trend") == []
    assert codes(five, "trend") == [1, 2, 3, 4, 5]
    assert five["phases"][0]["events"][0]["direction"] == "up"


def test_ihi_trend_counts_repeated_values_once_without_breaking():
    counted_once = analyze([5, 1, 2, 2, 3, 4, 1], chart="run", rules="ihi")
    long_enough = analyze([9, 8, 8, 7, 6, 6, 5, 9], chart="run", rules="ihi")

    # 1, 2, 2, 3, 4 is only four distinct steps' worth of points: 1 2 3 4
    assert codes(counted_once, "trend") == []
    # 9 8 8 7 6 6 5 going down counts 9 8 7 6 5; every point of it is flagged
    assert codes(long_enough, "trend") == [0, 1, 2, 3, 4, 5, 6]
    assert long_enough["phases"][0]["events"][0]["length"] == 5


def test_ihi_rules_also_flag_points_outside_control_limits():
    result = analyze(CIRCUIT_BOARDS, chart="c", rules="ihi")

    assert codes(result, "outside") == [5, 19]
