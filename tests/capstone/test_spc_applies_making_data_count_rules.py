"""NHS Making Data Count rules: limits, shifts, trends, two of three and their precedence."""

import pytest

from capstone.spc import analyze
from tests.capstone.spc_helpers import (
    ORANGE_JUICE,
    codes,
)

# --------------------------------------------------------------------------------------
# Making Data Count rules
# --------------------------------------------------------------------------------------

# A wide baseline for MDC rule tests: mean 10, MR̄ 20, process limits 10 ± 53.2, two-thirds
# lines 10 ± 35.47. It ends below the mean, and each test's tail starts at index 12.
MDC_BASE = [20, 0] * 6


def mdc(tail, **kwargs):
    return analyze(MDC_BASE + tail, chart="i", rules="mdc", freeze=12, **kwargs)


def tail_codes(result):
    return [p["signals"][0] if p["signals"] else "" for p in result["points"][12:]]


def test_mdc_limits_are_the_mean_plus_or_minus_2_66_moving_ranges():
    point = mdc([])["points"][0]

    assert point["cl"] == 10
    assert point["ucl"] == pytest.approx(10 + 2.66 * 20)
    assert point["lcl"] == pytest.approx(10 - 2.66 * 20)


def test_mdc_shift_needs_seven_points_on_one_side_of_the_mean():
    six = mdc([11, 13, 11, 13, 11, 13, 10])
    seven = mdc([11, 13, 11, 13, 11, 13, 11])

    assert tail_codes(six) == [""] * 7
    assert tail_codes(seven) == ["shift"] * 7
    assert {p["variation"] for p in seven["points"][12:]} == {"improvement"}


def test_a_point_on_the_mean_breaks_an_mdc_shift_but_not_an_ihi_shift():
    tail = [11, 13, 11, 10, 13, 11, 13, 11]
    mdc_result = mdc(tail)
    ihi_result = analyze(MDC_BASE + tail, chart="run", freeze=12, rules="ihi")

    assert tail_codes(mdc_result) == [""] * 8
    assert codes(ihi_result, "shift") == [12, 13, 14, 16, 17, 18, 19]


def test_mdc_trend_needs_seven_points_and_takes_precedence_over_a_shift():
    # the tail's first 0 ties with the baseline's last 0, which stops the trend there
    six = mdc([0, 1, 2, 3, 4, 5, 4])
    seven = mdc([0, 1, 2, 3, 4, 5, 6])

    assert tail_codes(six) == ["shift"] * 7  # 8 points below the mean, counting index 11
    assert tail_codes(seven) == ["trend"] * 7


def test_a_tie_breaks_an_mdc_trend():
    result = mdc([0, 1, 2, 2, 3, 4, 5])

    assert "trend" not in tail_codes(result)


def test_mdc_trend_variation_follows_the_direction_of_the_trend_not_the_side():
    falling_above_mean = mdc([17, 16, 15, 14, 13, 12, 11])

    assert tail_codes(falling_above_mean) == ["trend"] * 7
    assert {p["variation"] for p in falling_above_mean["points"][12:]} == {"concern"}


def test_mdc_two_of_three_flags_only_the_points_close_to_the_limit():
    result = mdc([50, 20, 50])

    assert tail_codes(result) == ["two_of_three", "", "two_of_three"]
    assert [p["near_limit"] for p in result["points"][12:]] == [True, False, True]


def test_mdc_two_of_three_needs_all_three_points_on_the_same_side():
    opposite = mdc([50, 5, 50])
    spread = mdc([50, 20, 20, 50])

    assert tail_codes(opposite) == ["", "", ""]
    assert tail_codes(spread) == ["", "", "", ""]


def test_mdc_two_close_points_on_opposite_sides_are_common_cause():
    # NHSRplotthedots test-ptd_spc_standard.R, issue #143
    values = [1, -1] * 8
    values[14], values[15] = 5.5, -5.5

    result = analyze(values, chart="i", rules="mdc")

    assert [p["variation"] for p in result["points"][-2:]] == ["common", "common"]


def test_mdc_outside_comes_first_and_improvement_direction_sets_the_variation():
    up = mdc([70, -50])
    down = mdc([70, -50], improvement="down")

    assert tail_codes(up) == ["outside", "outside"]
    assert [p["variation"] for p in up["points"][12:]] == ["improvement", "concern"]
    assert [p["variation"] for p in down["points"][12:]] == ["concern", "improvement"]


def test_mdc_points_carry_exactly_one_code():
    result = mdc([0, 1, 2, 3, 4, 5, 6, 70, 50, 20, 50])

    assert all(len(p["signals"]) <= 1 for p in result["points"])
    assert all(p["variation"] in ("improvement", "concern", "common") for p in result["points"])


def test_mdc_warns_when_the_baseline_has_fewer_than_twelve_points():
    short = analyze([1, 2, 3, 4, 5], chart="i", rules="mdc")
    enough = mdc([1, 2])

    assert any("fewer" in w or "only 5" in w for w in short["warnings"])
    assert enough["warnings"] == []


def test_mdc_keeps_p_chart_limits_and_flags_against_them():
    result = analyze(ORANGE_JUICE, chart="p", denominators=[50] * 30, rules="mdc")

    assert result["points"][0]["ucl"] == pytest.approx(0.4102, abs=5e-5)
    assert [i + 1 for i, p in enumerate(result["points"]) if p["signals"] == ["outside"]] == [
        15,
        23,
    ]


def test_mdc_is_not_available_for_run_charts():
    with pytest.raises(ValueError, match="run chart"):
        analyze([1, 2, 3], chart="run", rules="mdc")
