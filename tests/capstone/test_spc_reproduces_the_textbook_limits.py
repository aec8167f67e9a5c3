"""capstone.spc reproduces published limits: Montgomery examples 7.1 and 7.3 (qicharts2's own
tests), NHSRplotthedots' snapshot, and hand-computed series with the arithmetic in a comment."""

import math

import pytest

from capstone.spc import analyze
from tests.capstone.spc_helpers import (
    CIRCUIT_BOARDS,
    ORANGE_JUICE,
    RNORM_20,
    outside_points,
)

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
