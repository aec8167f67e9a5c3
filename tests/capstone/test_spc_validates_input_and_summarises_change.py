"""analyze()'s output shape and input validation, summarize_change, and its speed."""

import json
import math
import statistics
import time

import pytest

from capstone.spc import analyze, crossings_min_for, summarize_change
from tests.capstone.spc_helpers import (
    CIRCUIT_BOARDS,
)

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
    timings = []
    for _ in range(11):
        started = time.process_time()
        analyze(values, chart=chart, denominators=dens, rules="anhoej")
        timings.append(time.process_time() - started)

    assert statistics.median(timings) < 0.010
