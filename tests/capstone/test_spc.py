"""Worked examples and rule boundaries for capstone.spc.

Reference numbers come from three places, each named where it is used:
* Montgomery, Introduction to Statistical Quality Control (6th ed.), examples 7.1 and 7.3:
  the data sets behind qicharts2's own tests (tests/testthat/test_montgomery.R).
* NHSRplotthedots' snapshot tests/testthat/_snaps/ptd_spc_standard.md (rnorm(20) with
  set.seed(123), printed to 7 significant digits).
* qicharts2's vignette, Appendix 2 (critical values for longest run and crossings).
Everything else is hand-computed in the test, with the arithmetic in a comment.
"""

import itertools
import json
import math
import time

import pytest

from capstone.spc import analyze, crossings_min_for, summarize_change

# Montgomery example 7.1: defective orange-juice cans in 30 samples of 50.
ORANGE_JUICE = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18]
ORANGE_JUICE += [24, 15, 9, 12, 7, 13, 9, 6]
# Montgomery example 7.3: nonconformities in 26 samples of 100 printed circuit boards.
CIRCUIT_BOARDS = [21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16, 19, 10, 17, 13, 22, 18]
CIRCUIT_BOARDS += [39, 30, 24, 16, 19, 17, 15]
# R: set.seed(123); rnorm(20) -- as printed in NHSRplotthedots' snapshot.
RNORM_20 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774,
    1.71506499, 0.46091621, -1.26506123, -0.68685285, -0.44566197,
    1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113,
    1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
]  # fmt: skip


def outside_points(result):
    return [i + 1 for i, p in enumerate(result["points"]) if p["outside"]]


def codes(result, code):
    return [i for i, p in enumerate(result["points"]) if code in p["signals"]]


# --------------------------------------------------------------------------------------
# Worked examples
# --------------------------------------------------------------------------------------


def test_p_chart_reproduces_montgomery_example_7_1():
    result = analyze(ORANGE_JUICE, chart="p", denominators=[50] * 30)

    # p̄ = 347/1500 = 0.2313; limits 0.2313 ± 3·sqrt(0.2313·0.7687/50) = 0.0524 and 0.4102
    point = result["points"][0]
    assert point["cl"] == pytest.approx(347 / 1500, abs=1e-12)
    assert point["ucl"] == pytest.approx(0.4102, abs=5e-5)
    assert point["lcl"] == pytest.approx(0.0524, abs=5e-5)
    assert outside_points(result) == [15, 23]
    assert result["points"][14]["signals"] == ["outside"]


def test_p_chart_with_samples_15_and_23_excluded_reproduces_montgomerys_revised_limits():
    values = list(ORANGE_JUICE)
    values[14] = values[22] = None  # qicharts2: exclude = c(15, 23)

    result = analyze(values, chart="p", denominators=[50] * 30)

    # p̄ = 301/1400 = 0.2150; limits 0.0407 and 0.3893, after which sample 21 (0.40) is out
    point = result["points"][0]
    assert point["cl"] == pytest.approx(0.215, abs=1e-12)
    assert point["ucl"] == pytest.approx(0.3893, abs=5e-5)
    assert point["lcl"] == pytest.approx(0.0407, abs=5e-5)
    assert outside_points(result) == [21]
    assert result["phases"][0]["n_useful"] == 28


def test_excluded_points_keep_the_phase_lines_but_have_no_value_or_signals():
    values = list(ORANGE_JUICE)
    values[14] = None

    excluded = analyze(values, chart="p", denominators=[50] * 30)["points"][14]

    assert excluded["y"] is None
    assert excluded["outside"] is False
    assert excluded["signals"] == []
    assert excluded["cl"] == pytest.approx(325 / 1450)
    assert excluded["ucl"] is not None and excluded["lcl"] is not None


def test_c_chart_reproduces_montgomery_example_7_3():
    result = analyze(CIRCUIT_BOARDS, chart="c")

    # c̄ = 516/26 = 19.85; limits 19.85 ± 3·sqrt(19.85) = 6.48 and 33.22
    point = result["points"][0]
    assert point["cl"] == pytest.approx(516 / 26)
    assert point["ucl"] == pytest.approx(33.2109, abs=5e-5)
    assert point["lcl"] == pytest.approx(6.4814, abs=5e-5)
    assert outside_points(result) == [6, 20]


def test_c_chart_with_samples_6_and_20_excluded_reproduces_montgomerys_revised_limits():
    values = list(CIRCUIT_BOARDS)
    values[5] = values[19] = None

    point = analyze(values, chart="c")["points"][0]

    # c̄ = 472/24 = 19.67; limits 6.36 and 32.97
    assert point["cl"] == pytest.approx(472 / 24)
    assert point["ucl"] == pytest.approx(32.9708, abs=5e-5)
    assert point["lcl"] == pytest.approx(6.3625, abs=5e-5)


def test_mdc_limits_match_the_nhsrplotthedots_snapshot():
    result = analyze(RNORM_20, chart="i", rules="mdc")

    point = result["points"][0]
    assert point["cl"] == pytest.approx(0.1416238, abs=5e-7)
    assert point["lcl"] == pytest.approx(-3.01138, abs=5e-6)
    assert point["ucl"] == pytest.approx(3.294627, abs=5e-6)
    assert all(p["variation"] == "common" for p in result["points"])


def test_screening_moving_ranges_narrows_the_limits_after_one_huge_jump():
    values = list(RNORM_20)
    values[14] = 10  # the snapshot's data$y[15] <- 10

    screened = analyze(values, chart="i", rules="mdc")["points"][0]
    unscreened = analyze(values, chart="i", rules="mdc", screen_mr=False)["points"][0]

    # NHSRplotthedots snapshot r2 (screen_outliers = TRUE) and r3 (FALSE)
    assert screened["cl"] == pytest.approx(0.6694159, abs=5e-7)
    assert screened["lcl"] == pytest.approx(-2.383666, abs=5e-6)
    assert screened["ucl"] == pytest.approx(3.722497, abs=5e-6)
    assert unscreened["lcl"] == pytest.approx(-4.596625, abs=5e-6)
    assert unscreened["ucl"] == pytest.approx(5.935457, abs=5e-6)


def test_i_chart_limits_use_the_same_screened_moving_range_as_nhsrplotthedots():
    # Both packages screen MRs ≥ 3.267·MR̄ once, so MR̄ = (upl − mean)/2.66 from the NHS
    # snapshot, and qicharts2's limits are mean ± 3·MR̄/1.128.
    amr = (3.294627 - 0.1416238) / 2.66
    result = analyze(RNORM_20, chart="i")

    point = result["points"][0]
    assert point["ucl"] == pytest.approx(0.1416238 + 3 * amr / 1.128, abs=2e-5)
    assert point["lcl"] == pytest.approx(0.1416238 - 3 * amr / 1.128, abs=2e-5)
    assert result["phases"][0]["sigma"] == pytest.approx(amr / 1.128, abs=1e-5)


def test_i_chart_on_a_small_hand_computed_series():
    result = analyze([10, 12, 11, 13, 12, 14], chart="i")

    # mean = 72/6 = 12; MRs 2, 1, 2, 1, 2 → MR̄ = 1.6; sigma = 1.6/1.128 = 1.418440
    # limits = 12 ± 3·1.418440 = 7.744681 and 16.255319
    point = result["points"][0]
    assert point["cl"] == 12
    assert point["lcl"] == pytest.approx(7.744681, abs=1e-6)
    assert point["ucl"] == pytest.approx(16.255319, abs=1e-6)


def test_screening_drops_moving_ranges_at_or_above_3_267_times_the_average():
    values = [0, 1, 0, 1, 0, 1, 0, 1, 0, 31]
    # MRs: eight 1s and one 31 → MR̄ = 39/9 = 4.333; 31 ≥ 3.267·4.333 = 14.16, so it goes
    # and MR̄ = 1. Unscreened sigma = 4.333/1.128, screened sigma = 1/1.128.
    screened = analyze(values, chart="i")["phases"][0]
    unscreened = analyze(values, chart="i", screen_mr=False)["phases"][0]

    assert screened["sigma"] == pytest.approx(1 / 1.128)
    assert unscreened["sigma"] == pytest.approx(39 / 9 / 1.128)


def test_u_chart_limits_vary_with_exposure_and_the_lower_limit_is_clamped_at_zero():
    result = analyze([2, 3, 4], chart="u", denominators=[10, 20, 30])

    # ū = 9/60 = 0.15; ucl_i = 0.15 + 3·sqrt(0.15/n_i): 0.517423, 0.409808, 0.362132
    cl = 0.15
    for point, n in zip(result["points"], [10, 20, 30], strict=True):
        assert point["cl"] == pytest.approx(cl)
        assert point["ucl"] == pytest.approx(cl + 3 * math.sqrt(cl / n))
        assert point["lcl"] == 0  # 0.15 − 3·sqrt(0.15/30) = −0.062 < 0
    assert result["points"][0]["y"] == pytest.approx(0.2)


def test_c_chart_lower_limit_is_clamped_at_zero():
    point = analyze([1, 0, 2, 1], chart="c")["points"][0]

    # c̄ = 1; 1 − 3·1 < 0 → 0; ucl = 1 + 3 = 4
    assert point["lcl"] == 0
    assert point["ucl"] == 4


def test_p_chart_limits_are_clamped_to_between_zero_and_one():
    low = analyze([0, 1, 0, 0], chart="p", denominators=[25] * 4)["points"][0]
    high = analyze([25, 24, 25, 25], chart="p", denominators=[25] * 4)["points"][0]

    # p̄ = 1/100: 0.01 − 3·sqrt(0.0099/25) = −0.0497 → 0; p̄ = 0.99: upper 1.0497 → 1
    assert low["lcl"] == 0
    assert low["ucl"] == pytest.approx(0.01 + 3 * math.sqrt(0.01 * 0.99 / 25))
    assert high["ucl"] == 1
    assert high["lcl"] == pytest.approx(0.99 - 3 * math.sqrt(0.01 * 0.99 / 25))


def test_a_point_exactly_on_a_limit_is_not_outside():
    # c̄ = 16/4 = 4, so ucl = 4 + 3·sqrt(4) = 10 exactly
    on_limit = analyze([10, 2, 2, 2], chart="c")
    beyond = analyze([11, 1, 2, 2], chart="c")

    assert on_limit["points"][0]["ucl"] == 10
    assert on_limit["points"][0]["outside"] is False
    assert beyond["points"][0]["outside"] is True


def test_run_and_i_charts_divide_by_denominators_like_qicharts2():
    result = analyze([1, 3, 2], chart="run", denominators=[2, 4, 8])

    assert [p["y"] for p in result["points"]] == [0.5, 0.75, 0.25]
    assert result["phases"][0]["cl"] == 0.5
    assert result["points"][0]["lcl"] is None and result["points"][0]["ucl"] is None


# --------------------------------------------------------------------------------------
# Anhøj runs analysis
# --------------------------------------------------------------------------------------

# qicharts2 vignette, Appendix 2: (n useful, upper limit for longest run, lower limit for
# crossings) for n = 10..100.
ANHOEJ_LONGEST = [6, 6] + [7] * 11 + [8] * 23 + [9] * 45 + [10] * 10
ANHOEJ_CROSSINGS = [
    2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 6, 6, 7, 7, 8, 8, 8, 9, 9, 10, 10, 11, 11, 11, 12, 12,
    13, 13, 14, 14, 14, 15, 15, 16, 16, 17, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 21, 22,
    22, 23, 23, 24, 24, 25, 25, 25, 26, 26, 27, 27, 28, 28, 29, 29, 29, 30, 30, 31, 31, 32,
    32, 33, 33, 34, 34, 34, 35, 35, 36, 36, 37, 37, 38, 38, 39, 39, 39, 40, 40, 41, 41,
]  # fmt: skip


def alternating(n):
    """n points alternating −1/+1 around a centre frozen at 0 by the first two points."""
    return [(-1) ** (i + 1) for i in range(n)]


@pytest.mark.parametrize("n", range(10, 101))
def test_critical_values_match_the_qicharts2_vignette_table(n):
    phase = analyze(alternating(n), chart="run", freeze=2)["phases"][0]

    assert phase["n_useful"] == n
    assert phase["longest_run_max"] == ANHOEJ_LONGEST[n - 10]
    assert phase["crossings_min"] == ANHOEJ_CROSSINGS[n - 10]


def exact_qbinom_05(m):
    """Smallest k with Σ_{i≤k} C(m, i) / 2^m ≥ 0.05, in exact integers."""
    total, coef, k = 1, 1, 0
    while 20 * total < 2**m:
        coef = coef * (m - k) // (k + 1)
        k += 1
        total += coef
    return k


def test_crossings_min_agrees_with_a_direct_binomial_cdf_beyond_the_table():
    for n in [1, 2, 3, 5, 150, 999, 1000]:
        m = max(n - 1, 0)
        cdf = itertools.accumulate(math.comb(m, k) / 2**m for k in range(m + 1))
        assert crossings_min_for(n) == next(k for k, p in enumerate(cdf) if p >= 0.05), n


def test_crossings_min_stays_exact_where_it_switches_to_floating_point():
    # above 5001 useful points the implementation sums the binomial pmf in log space
    for n in [5000, 5001, 5002, 6000, 9999]:
        assert crossings_min_for(n) == exact_qbinom_05(n - 1), n


def test_points_on_the_median_neither_count_nor_break_a_run():
    # sorted 1 2 3 5 5 7 8 9 → median 5; sides − − 0 − + + 0 +
    phase = analyze([1, 2, 5, 3, 8, 9, 5, 7], chart="run")["phases"][0]

    assert phase["cl"] == 5
    assert phase["n_useful"] == 6
    assert phase["longest_run"] == 3
    assert phase["crossings"] == 1


def test_a_run_as_long_as_the_limit_is_not_a_signal_but_one_more_point_is():
    # 12 useful points → longest_run_max = round(log2(12)) + 3 = 7, crossings_min = 3
    seven = analyze([-1] + [1] * 7 + [-1, 1, -1, 1], chart="run", freeze=2)
    eight = analyze([-1] + [1] * 8 + [-1, 1, -1], chart="run", freeze=2)

    assert seven["phases"][0]["longest_run"] == 7
    assert seven["phases"][0]["runs_signal"] is False
    assert codes(seven, "runs") == []
    assert eight["phases"][0]["longest_run"] == 8
    assert eight["phases"][0]["crossings"] == 4
    assert eight["phases"][0]["runs_signal"] is True
    assert codes(eight, "run") == list(range(1, 9))
    assert codes(eight, "runs") == list(range(12))


def test_too_few_crossings_is_a_signal_on_its_own():
    # centre frozen at 0 by the first point, which is then on the centre: 10 useful points,
    # crossings_min = qbinom(0.05, 9, 0.5) = 2, longest_run_max = round(log2(10)) + 3 = 6
    one = analyze([0] + [-1] * 5 + [1] * 5, chart="run", freeze=1)["phases"][0]
    two = analyze([0] + [-1] * 4 + [1] * 2 + [-1] * 4, chart="run", freeze=1)["phases"][0]

    assert (one["n_useful"], one["crossings"], one["crossings_min"]) == (10, 1, 2)
    assert one["longest_run"] == 5 and one["longest_run_max"] == 6
    assert one["runs_signal"] is True
    assert (two["crossings"], two["runs_signal"]) == (2, False)


def test_long_runs_are_marked_and_every_point_of_the_phase_carries_runs():
    result = analyze(list(range(1, 17)), chart="run")

    # median 8.5: eight points below, eight above; 16 useful → limit 7, crossings_min 4
    phase = result["phases"][0]
    assert (phase["longest_run"], phase["crossings"]) == (8, 1)
    assert codes(result, "run") == list(range(16))
    assert all(p["signals"] == ["run", "runs"] for p in result["points"])


def test_degenerate_series_do_not_raise_and_use_none_for_undefined_numbers():
    empty = analyze([], chart="i")
    single = analyze([5], chart="i")
    all_excluded = analyze([None, None], chart="p", denominators=[None, 10])
    one_useful = analyze([1, 2], chart="run", freeze=1)

    assert empty["points"] == [] and empty["phases"] == []
    assert single["points"][0]["cl"] == 5 and single["points"][0]["ucl"] is None
    assert single["phases"][0]["n_useful"] == 0
    assert single["phases"][0]["longest_run"] is None
    assert single["phases"][0]["crossings_min"] is None
    assert single["phases"][0]["runs_signal"] is False
    assert all_excluded["phases"][0]["cl"] is None
    assert all(p["signals"] == [] for p in all_excluded["points"])
    # qicharts2 with one useful point: longest 1, limit round(log2(1)) + 3 = 3, qbinom(.05, 0,
    # .5) = 0, so no signal
    phase = one_useful["phases"][0]
    assert (phase["n_useful"], phase["longest_run"], phase["longest_run_max"]) == (1, 1, 3)
    assert (phase["crossings"], phase["crossings_min"], phase["runs_signal"]) == (0, 0, False)
    for result in (empty, single, all_excluded, one_useful):
        json.dumps(result, allow_nan=False)


def test_two_points_give_a_full_runs_analysis_without_signal():
    result = analyze([3, 7], chart="i")

    # mean 5, one MR of 4 (kept: 4 < 3.267·4); n_useful 2 → limit 4, qbinom(.05, 1, .5) = 0
    phase = result["phases"][0]
    assert phase["sigma"] == pytest.approx(4 / 1.128)
    assert (phase["longest_run"], phase["longest_run_max"], phase["crossings"]) == (1, 4, 1)
    assert (phase["crossings_min"], phase["runs_signal"]) == (0, False)


def test_all_equal_values_have_no_useful_points_and_no_screened_limits():
    run = analyze([4, 4, 4, 4], chart="run")
    screened = analyze([4, 4, 4, 4], chart="i")
    unscreened = analyze([4, 4, 4, 4], chart="i", screen_mr=False)

    assert run["phases"][0]["n_useful"] == 0 and run["phases"][0]["runs_signal"] is False
    # qicharts2: mr[mr < 3.267 * 0] is empty, mean() is NaN, so the limits are NA
    assert screened["points"][0]["ucl"] is None
    assert "moving range" in screened["warnings"][0]
    assert unscreened["points"][0]["ucl"] == 4 and unscreened["points"][0]["lcl"] == 4
    json.dumps(screened, allow_nan=False)


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


# --------------------------------------------------------------------------------------
# Output shape and validation
# --------------------------------------------------------------------------------------


def test_every_point_and_phase_carries_the_required_keys_for_every_rule_set():
    point_keys = {"y", "cl", "lcl", "ucl", "outside", "phase", "signals"}
    phase_keys = {"start", "end", "cl", "n_useful", "longest_run", "longest_run_max"}
    phase_keys |= {"crossings", "crossings_min", "runs_signal"}
    for rules in ("anhoej", "ihi", "mdc"):
        result = analyze(CIRCUIT_BOARDS, chart="c", rules=rules, improvement="down")
        assert {"chart", "rules", "improvement", "freeze", "parts", "warnings"} <= set(result)
        assert all(point_keys <= set(p) for p in result["points"])
        assert all(phase_keys <= set(p) for p in result["phases"])
        json.dumps(result, allow_nan=False)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"values": [1], "chart": "ewma"}, "Unknown chart"),
        ({"values": [1], "chart": "i", "rules": "westgard"}, "Unknown rules"),
        ({"values": [1], "chart": "i", "improvement": "sideways"}, "improvement"),
        ({"values": [1], "chart": "p"}, "needs denominators"),
        ({"values": [1], "chart": "u"}, "needs denominators"),
        ({"values": [1, 2], "chart": "p", "denominators": [5]}, "one entry per value"),
        ({"values": [1], "chart": "u", "denominators": [-1]}, "negative"),
        ({"values": [6], "chart": "p", "denominators": [5]}, "larger than its denominator"),
        ({"values": [-1], "chart": "c"}, "negative"),
        ({"values": [1], "chart": "c", "denominators": [1]}, "use chart 'u'"),
        ({"values": [1, 2], "chart": "i", "freeze": 0}, "freeze=0 is out of range"),
        ({"values": [1, 2], "chart": "i", "freeze": 3}, "freeze=3 is out of range"),
        ({"values": [1, 2], "chart": "i", "parts": [2]}, "out of range"),
        ({"values": [1, 2], "chart": "i", "parts": [0]}, "out of range"),
        ({"values": ["7"], "chart": "i"}, "must be a number"),
        ({"values": [math.inf], "chart": "i"}, "finite"),
        ({"values": [1], "chart": "u", "denominators": [0]}, "denominator is 0"),
    ],
)
def test_invalid_input_raises_a_clear_value_error(kwargs, message):
    values = kwargs.pop("values")

    with pytest.raises(ValueError, match=message):
        analyze(values, **kwargs)


def test_nan_and_decimal_values_are_accepted():
    from decimal import Decimal

    result = analyze([Decimal("1.5"), math.nan, 2.5], chart="i")

    assert [p["y"] for p in result["points"]] == [1.5, None, 2.5]


# --------------------------------------------------------------------------------------
# summarize_change
# --------------------------------------------------------------------------------------


def test_summarize_change_with_a_frozen_run_chart():
    values = [5, 6, 5, 7, 6, 5, 6, 7, 5, 6] + [9, 10, 11, 9, 10, 12, 11, 10, 11]
    result = analyze(values, chart="run", freeze=10)

    summary = summarize_change(result, improvement="up")

    # baseline median of 5 5 5 5 6 6 6 6 7 7 = 6; post median of 9 9 10 10 10 11 11 11 12 = 10
    assert summary["baseline_cl"] == 6
    assert summary["post_cl"] == 10
    assert summary["change"] == 4
    assert summary["pct_change"] == pytest.approx(100 * 4 / 6)
    assert summary["improved"] is True
    assert summary["signal"] is True  # 9 points in a row above the baseline median
    assert summary["signal_points"] == list(range(10, 19))
    assert summary["basis"] == "freeze"


def test_summarize_change_reports_no_supporting_signal_against_the_improvement_direction():
    values = [5, 6, 5, 7, 6, 5, 6, 7, 5, 6] + [9, 10, 11, 9, 10, 12, 11, 10, 11]
    result = analyze(values, chart="run", freeze=10)

    summary = summarize_change(result, improvement="down")

    assert summary["improved"] is False
    assert summary["signal"] is False


def test_summarize_change_judges_a_second_phase_against_the_baseline():
    values = [10, 12, 11, 13, 12, 14, 9, 10, 9, 8, 9, 10, 9, 8]
    result = analyze(values, chart="i", parts=[6])

    summary = summarize_change(result, improvement="down")

    # baseline mean 12, post mean 72/8 = 9; 8 points below 12 make a run longer than
    # round(log2(14)) + 3 = 7 when the series is analysed with the baseline frozen
    assert summary["baseline_cl"] == 12
    assert summary["post_cl"] == 9
    assert summary["change"] == -3
    assert summary["pct_change"] == pytest.approx(-25)
    assert summary["improved"] is True
    assert summary["signal"] is True
    assert summary["basis"] == "parts"


def test_summarize_change_uses_the_pooled_rate_for_p_charts():
    nums = [1, 2, 1, 2, 30, 20]
    dens = [10, 10, 10, 10, 100, 40]
    result = analyze(nums, chart="p", denominators=dens, freeze=4)

    summary = summarize_change(result, improvement="up")

    # post rate = 50/140, not the mean of 0.3 and 0.5
    assert summary["baseline_cl"] == pytest.approx(6 / 40)
    assert summary["post_cl"] == pytest.approx(50 / 140)


def test_summarize_change_needs_two_phases_or_a_freeze():
    with pytest.raises(ValueError, match="two phases"):
        summarize_change(analyze([1, 2, 3], chart="i"), improvement="up")


# --------------------------------------------------------------------------------------
# Performance
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("chart", ["run", "i", "p", "c", "u"])
def test_analysing_a_thousand_points_takes_well_under_ten_milliseconds(chart):
    # deterministic pseudo-random data without importing random's global state
    values = [(i * 7919) % 97 for i in range(1000)]
    dens = [100 + (i * 31) % 50 for i in range(1000)] if chart in ("p", "u") else None
    crossings_min_for.cache_clear()  # count the binomial work too

    # CPU time, not wall time: other processes on a busy CI machine must not fail this test.
    best = math.inf
    for _ in range(10):
        started = time.process_time()
        analyze(values, chart=chart, denominators=dens, rules="anhoej")
        best = min(best, time.process_time() - started)

    assert best < 0.010
