"""Worked examples for the MR, Xbar, S, T, G, P′ and U′ charts of capstone.spc.

Montgomery's worked examples (6.3, 6.5, 7.6) are in
test_spc_family_reproduces_montgomerys_examples.py. Reference numbers here: textbook
tables of control-chart constants (Montgomery appendix VI); everything else is
hand-computed in the test, with the arithmetic in a comment. The semantics are in
shared/spc-chart-family.md (qicharts2 0.8.1, R/helper.functions.R).
"""

import json
import math
import random
import statistics
import time

import pytest

from capstone.spc import a3, analyze, b3, b4, c4, laney_sigma_z, summarize_change
from tests.capstone.spc_helpers import PISTON_RINGS, limits

# --------------------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "c4_table", "a3_table", "b3_table", "b4_table"),
    [
        (2, 0.7979, 2.659, 0.0, 3.267),
        (5, 0.9400, 1.427, 0.0, 2.089),
        (6, 0.9515, 1.287, 0.030, 1.970),
        (10, 0.9727, 0.975, 0.284, 1.716),
        (25, 0.9896, 0.606, 0.565, 1.435),
    ],
)
def test_control_chart_constants_match_the_textbook_table(
    n, c4_table, a3_table, b3_table, b4_table
):
    assert c4(n) == pytest.approx(c4_table, abs=5e-5)
    assert a3(n) == pytest.approx(a3_table, abs=5e-4)
    assert b3(n) == pytest.approx(b3_table, abs=5e-4)
    assert b4(n) == pytest.approx(b4_table, abs=5e-4)


def test_constants_are_undefined_for_a_subgroup_of_one_and_finite_for_huge_ones():
    assert c4(1) is None and a3(1) is None and b3(1) is None and b4(1) is None
    # lgamma keeps c4 finite where the gamma function itself would overflow
    assert c4(10_000) == pytest.approx(1 - 1 / (4 * 9_999), abs=1e-8)


# --------------------------------------------------------------------------------------
# Xbar and S
# --------------------------------------------------------------------------------------


def test_xbar_with_unequal_subgroups_pools_the_spread_and_sets_limits_per_subgroup():
    groups = [[1, 2, 3], [2, 4], [3, 3, 6, 4], [5]]
    result = analyze(groups, chart="xbar")

    # grand mean = (6 + 6 + 16 + 5) / 10 = 3.3
    # squared deviations about each mean: 2, 2 and 6 (the subgroup of one adds nothing)
    # pooled s = sqrt((2 + 2 + 6) / (2 + 1 + 3 + 0)) = sqrt(10 / 6)
    s_pooled = math.sqrt(10 / 6)
    points = result["points"]
    assert points[0]["cl"] == pytest.approx(3.3)
    assert result["phases"][0]["s_bar"] == pytest.approx(s_pooled)
    assert points[0]["ucl"] == pytest.approx(3.3 + a3(3) * s_pooled)
    assert points[1]["lcl"] == pytest.approx(3.3 - a3(2) * s_pooled)
    # a subgroup of one has a mean but no limits
    assert points[3]["y"] == 5 and points[3]["ucl"] is None and points[3]["lcl"] is None


def test_s_chart_with_unequal_subgroups_centres_on_the_pooled_sd():
    groups = [[1, 2, 3], [2, 4], [3, 3, 6, 4], [5]]
    result = analyze(groups, chart="s")

    s_pooled = math.sqrt(10 / 6)
    assert result["points"][0]["cl"] == pytest.approx(s_pooled)
    assert result["points"][2]["ucl"] == pytest.approx(b4(4) * s_pooled)
    assert result["points"][3]["y"] is None  # one observation has no standard deviation


def test_missing_observations_are_dropped_and_empty_or_none_subgroups_are_excluded():
    result = analyze([[2.31, 2.47, 2.29], [2.52, 2.38], None, [2.44, None, 2.35], []], chart="xbar")

    points = result["points"]
    assert [p["n"] for p in points] == [3, 2, 0, 2, 0]
    assert points[2]["y"] is None and points[4]["y"] is None
    assert points[3]["y"] == pytest.approx((2.44 + 2.35) / 2)
    assert points[3]["observations"] == [2.44, 2.35]
    assert result["phases"][0]["n_obs"] == 3


def test_xbar_freeze_and_parts_count_subgroups():
    frozen = analyze(PISTON_RINGS, chart="xbar", freeze=10)
    parted = analyze(PISTON_RINGS, chart="xbar", parts=[10])

    first_ten = analyze(PISTON_RINGS[:10], chart="xbar")
    assert frozen["points"][24]["cl"] == first_ten["points"][0]["cl"]
    assert frozen["points"][24]["ucl"] == first_ten["points"][0]["ucl"]
    assert [p["phase"] for p in parted["points"]] == [0] * 10 + [1] * 15
    assert parted["phases"][0]["cl"] == first_ten["phases"][0]["cl"]


def test_frozen_xbar_limits_ignore_later_unequal_subgroup_sizes():
    # qicharts2 switches to the pooled formula when any subgroup of the part differs in
    # size; here a frozen baseline of equal subgroups keeps the plain mean of its sds.
    baseline = PISTON_RINGS[:10]
    result = analyze([*baseline, [74.0, 74.01]], chart="xbar", freeze=10)

    assert result["phases"][0]["s_bar"] == pytest.approx(
        statistics.mean(statistics.stdev(g) for g in baseline)
    )


def test_a_subgroup_must_be_a_list_of_numbers():
    with pytest.raises(ValueError, match="list of observations"):
        analyze([[1, 2], 3], chart="xbar")
    with pytest.raises(ValueError, match="must be a number"):
        analyze([[1, "x"]], chart="s")
    with pytest.raises(ValueError, match="no denominators"):
        analyze([[1, 2]], chart="xbar", denominators=[1])


# --------------------------------------------------------------------------------------
# MR
# --------------------------------------------------------------------------------------


def test_mr_chart_plots_moving_ranges_with_d4_limit_and_zero_lower_limit():
    result = analyze([10, 12, 9, 15, 11], chart="mr")

    # moving ranges 2, 3, 6, 4: mean 3.75, UCL = 3.267 * 3.75 = 12.25125
    assert [p["y"] for p in result["points"]] == [None, 2, 3, 6, 4]
    assert limits(result, 1) == (3.75, 0.0, pytest.approx(12.25125))
    assert result["points"][1]["value"] == 12


def test_mr_chart_moving_ranges_never_span_a_gap_or_a_phase_boundary():
    result = analyze([1, 4, None, 10, 12, 20, 21], chart="mr", parts=[5])

    assert [p["y"] for p in result["points"]] == [None, 3, None, None, 2, None, 1]
    assert result["phases"][0]["cl"] == 2.5
    assert result["phases"][1]["cl"] == 1


def test_mr_chart_never_signals_runs_even_when_the_runs_analysis_would():
    values = [0, 1] * 3 + [0, 10] * 6  # long run of big moving ranges above the centre
    result = analyze(values, chart="mr", freeze=6)

    phase = result["phases"][0]
    assert phase["longest_run"] > phase["longest_run_max"]
    assert phase["runs_signal"] is False
    assert not any({"run", "runs"} & set(p["signals"]) for p in result["points"])
    assert any(p["outside"] for p in result["points"])


def test_mr_lower_limit_is_zero_even_without_a_centre():
    result = analyze([5], chart="mr")

    assert limits(result) == (None, 0.0, None)


# --------------------------------------------------------------------------------------
# T
# --------------------------------------------------------------------------------------


def test_t_chart_is_an_i_chart_on_times_to_the_power_1_over_3_6_back_transformed():
    times = [286, 948, 536, 124, 816, 729, 4, 143, 431, 8, 2837, 596, 81, 227, 603]
    result = analyze(times, chart="t", screen_mr=False)

    z = [t ** (1 / 3.6) for t in times]
    z_bar = statistics.fmean(z)
    sigma = statistics.fmean(abs(b - a) for a, b in zip(z, z[1:], strict=False)) / 1.128
    cl, lcl, ucl = limits(result)
    assert cl == pytest.approx(z_bar**3.6)
    assert ucl == pytest.approx((z_bar + 3 * sigma) ** 3.6)
    expected_lcl = (z_bar - 3 * sigma) ** 3.6 if z_bar > 3 * sigma else 0.0
    assert lcl == pytest.approx(expected_lcl)
    assert [p["y"] for p in result["points"]] == times  # drawn on the original scale


def test_t_chart_lower_limit_is_zero_when_the_transformed_limit_is_negative():
    result = analyze([1, 1000, 2, 900, 1, 1200], chart="t")

    assert limits(result)[1] == 0.0


def test_t_chart_single_point_lies_on_its_own_centre_with_lower_limit_zero():
    result = analyze([0.37], chart="t")

    assert limits(result) == (pytest.approx(0.37), 0.0, None)
    assert result["phases"][0]["n_useful"] == 0  # on the centre line: not useful


def test_t_chart_lower_limit_is_zero_even_where_the_centre_is_undefined():
    result = analyze([4.0, None, None], chart="t", parts=[1])

    assert limits(result, 1) == (None, 0.0, None)


def test_t_chart_rejects_a_time_of_zero_or_less():
    with pytest.raises(ValueError, match="greater than 0"):
        analyze([3, 0, 5], chart="t")
    with pytest.raises(ValueError, match="greater than 0"):
        analyze([3, -2], chart="t")


def test_t_chart_long_gaps_above_the_upper_limit_are_outside():
    result = analyze([10, 12, 9, 11, 10, 13, 9, 12, 500], chart="t", freeze=8)

    assert result["points"][8]["outside"] is True
    assert "outside" in result["points"][8]["signals"]


# --------------------------------------------------------------------------------------
# G
# --------------------------------------------------------------------------------------


def test_g_chart_centre_is_the_median_and_limits_come_from_the_geometric_mean():
    result = analyze([0, 5, 2, 10, 3], chart="g")

    # mean 4, sigma = sqrt(4 * 5) = 4.4721, UCL = 4 + 3 * 4.4721 = 17.416; median 3
    cl, lcl, ucl = limits(result)
    assert cl == 3
    assert lcl == 0.0
    assert ucl == pytest.approx(4 + 3 * math.sqrt(20))
    assert result["phases"][0]["n_useful"] == 4  # the point equal to the median is skipped


def test_g_chart_even_count_median_and_only_high_points_are_outside():
    result = analyze([4, 6, 8, 10, 200, 0], chart="g", freeze=4)

    assert result["points"][0]["cl"] == 7
    assert result["points"][4]["outside"] is True
    assert result["points"][5]["outside"] is False


def test_g_chart_rejects_negative_or_fractional_counts():
    with pytest.raises(ValueError, match="whole numbers"):
        analyze([3, -1], chart="g")
    with pytest.raises(ValueError, match="whole numbers"):
        analyze([3, 1.5], chart="g")


# --------------------------------------------------------------------------------------
# P′ and U′
# --------------------------------------------------------------------------------------


def test_p_prime_limits_widen_p_limits_by_laneys_sigma_z():
    nums = [180, 260, 210, 300, 150, 240]
    dens = [1000] * 6
    result = analyze(nums, chart="pp", denominators=dens, screen_mr=False)

    p_bar = sum(nums) / sum(dens)  # 0.22333
    sigma_i = math.sqrt(p_bar * (1 - p_bar) / 1000)
    z = [(n / 1000 - p_bar) / sigma_i for n in nums]
    sigma_z = statistics.fmean(abs(b - a) for a, b in zip(z, z[1:], strict=False)) / 1.128
    cl, lcl, ucl = limits(result)
    assert cl == pytest.approx(p_bar)
    assert ucl == pytest.approx(p_bar + 3 * sigma_i * sigma_z)
    assert p_bar - 3 * sigma_i * sigma_z < 0
    assert lcl == 0.0  # clamped at 0
    assert result["phases"][0]["sigma_z"] == pytest.approx(sigma_z)
    # the ordinary P chart calls every point special; P′ calls none
    p_chart = analyze(nums, chart="p", denominators=dens)
    assert sum(p["outside"] for p in p_chart["points"]) == 3
    assert not any(p["outside"] for p in result["points"])


def test_u_prime_clamps_only_the_lower_limit():
    counts = [2, 40, 3, 38, 1, 45]
    exposure = [100, 100, 100, 100, 100, 100]
    result = analyze(counts, chart="up", denominators=exposure)

    assert limits(result)[1] == 0.0
    assert limits(result)[2] > 1.0  # a rate may exceed 1 per unit


def test_p_prime_identical_rates_give_undefined_limits_with_screening_and_cl_without():
    screened = analyze([10, 10, 10], chart="pp", denominators=[100] * 3)
    unscreened = analyze([10, 10, 10], chart="pp", denominators=[100] * 3, screen_mr=False)

    assert limits(screened) == (pytest.approx(0.1), None, None)
    assert "moving range" in screened["warnings"][0]
    assert limits(unscreened) == (pytest.approx(0.1), pytest.approx(0.1), pytest.approx(0.1))


def test_p_prime_of_zero_rate_and_of_a_single_point_has_no_limits():
    assert limits(analyze([0, 0, 0], chart="pp", denominators=[50] * 3))[1:] == (None, None)
    assert limits(analyze([5], chart="up", denominators=[50]))[1:] == (None, None)


def test_p_prime_rejects_numerators_above_denominators_and_negative_counts():
    with pytest.raises(ValueError, match="larger than its denominator"):
        analyze([6], chart="pp", denominators=[5])
    with pytest.raises(ValueError, match="negative"):
        analyze([-1], chart="up", denominators=[5])
    with pytest.raises(ValueError, match="needs denominators"):
        analyze([1], chart="pp")


def test_laney_sigma_z_flags_overdispersed_p_data_and_not_binomial_data():
    rng = random.Random(7)
    dens = [5000] * 24
    binomial = [sum(rng.random() < 0.2 for _ in range(d)) for d in dens]
    overdispersed = [int(d * rng.uniform(0.12, 0.28)) for d in dens]

    assert laney_sigma_z(binomial, dens) < 1.6
    assert laney_sigma_z(overdispersed, dens) > 2


def test_laney_sigma_z_of_rates_is_the_u_prime_factor():
    counts, exposure = [30, 80, 25, 90, 40, 85, 20], [1000] * 7

    sigma_z = laney_sigma_z(counts, exposure, chart="u")

    assert sigma_z == analyze(counts, chart="up", denominators=exposure)["phases"][0]["sigma_z"]
    assert sigma_z > 2
    with pytest.raises(ValueError, match="p and u"):
        laney_sigma_z(counts, exposure, chart="c")


# --------------------------------------------------------------------------------------
# Every new chart: output shape, summaries, rules, speed
# --------------------------------------------------------------------------------------


def family_input(chart, n, seed=1):
    rng = random.Random(seed)
    if chart in ("xbar", "s"):
        return [[rng.gauss(10, 2) for _ in range(5)] for _ in range(n)], None
    if chart == "t":
        return [rng.expovariate(1 / 30) + 0.01 for _ in range(n)], None
    if chart == "g":
        return [int(rng.expovariate(1 / 40)) for _ in range(n)], None
    if chart == "mr":
        return [rng.gauss(50, 5) for _ in range(n)], None
    dens = [rng.randint(2000, 9000) for _ in range(n)]
    return [int(d * rng.uniform(0.1, 0.3)) for d in dens], dens


FAMILY = ("mr", "xbar", "s", "t", "g", "pp", "up")


@pytest.mark.parametrize("chart", FAMILY)
def test_every_new_chart_gives_json_with_the_usual_keys(chart):
    values, dens = family_input(chart, 30)
    result = analyze(values, chart=chart, denominators=dens, parts=[15], rules="ihi")

    json.dumps(result, allow_nan=False)
    assert len(result["points"]) == 30 and len(result["phases"]) == 2
    for point in result["points"]:
        assert {"y", "cl", "lcl", "ucl", "outside", "phase", "signals"} <= set(point)


@pytest.mark.parametrize("chart", FAMILY)
def test_summarize_change_works_for_every_new_chart(chart):
    values, dens = family_input(chart, 30)
    by_parts = summarize_change(
        analyze(values, chart=chart, denominators=dens, parts=[15]), improvement="down"
    )
    by_freeze = summarize_change(
        analyze(values, chart=chart, denominators=dens, freeze=15), improvement="down"
    )

    assert by_parts["basis"] == "parts" and by_freeze["basis"] == "freeze"
    assert by_parts["baseline_cl"] == pytest.approx(by_freeze["baseline_cl"])
    if chart != "mr":  # a second phase drops the moving range across the boundary
        assert by_parts["post_cl"] == pytest.approx(by_freeze["post_cl"])


@pytest.mark.parametrize("chart", FAMILY)
def test_making_data_count_rules_are_refused_for_the_new_charts(chart):
    values, dens = family_input(chart, 5)
    with pytest.raises(ValueError, match="rules='mdc'"):
        analyze(values, chart=chart, denominators=dens, rules="mdc")


@pytest.mark.parametrize("chart", FAMILY)
def test_each_new_chart_analyses_1000_points_in_at_most_four_times_an_i_charts_time(chart):
    # The I chart's own budget (10 ms for 1,000 points) is tested with the original charts.
    # Here the yardstick is an I chart of the same length timed in the same rounds, so a
    # slow or busy machine slows both alike; an Xbar or S point is a subgroup of five.
    values, dens = family_input(chart, 1000)
    i_values, _ = family_input("mr", 1000)
    timings, yardstick = [], []
    for _ in range(11):
        started = time.process_time()
        analyze(i_values, chart="i")
        yardstick.append(time.process_time() - started)
        started = time.process_time()
        analyze(values, chart=chart, denominators=dens)
        timings.append(time.process_time() - started)

    assert statistics.median(timings) < 4 * statistics.median(yardstick)


def test_a_subgroup_given_as_any_iterable_counts_every_observation():
    values, _ = family_input("xbar", 20)
    from_lists = analyze(values, chart="xbar")
    from_iterators = analyze([iter(group) for group in values], chart="xbar")

    assert [p["y"] for p in from_iterators["points"]] == [p["y"] for p in from_lists["points"]]
    assert from_iterators["points"][0]["ucl"] == from_lists["points"][0]["ucl"]
