"""The Anhøj runs analysis: critical values from qicharts2's vignette (Appendix 2) and an exact
binomial beyond it, and the run and crossing boundaries, hand-computed in each test."""

import itertools
import json
import math

import pytest

from capstone.spc import analyze, crossings_min_for
from tests.capstone.spc_helpers import (
    codes,
)

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
