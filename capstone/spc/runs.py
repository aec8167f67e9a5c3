"""The Anhøj runs analysis and the IHI run-chart rules (shift, trend)."""

from __future__ import annotations

import functools
import math

from capstone.spc.constants import IHI_TREND_POINTS


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _side_word(side: int) -> str:
    return "above" if side > 0 else "below"


def _run_event(code: str, side: int, indexes: list[int]) -> dict:
    return {
        "code": code,
        "side": _side_word(side),
        "first": indexes[0],
        "last": indexes[-1],
        "length": len(indexes),
        "indexes": list(indexes),
    }


def _trend_event(direction: int, indexes: list[int], counted: int) -> dict:
    return {
        "code": "trend",
        "direction": "up" if direction > 0 else "down",
        "first": indexes[0],
        "last": indexes[-1],
        "length": counted,
        "indexes": list(indexes),
    }


def _outside_event(index: int, side: int) -> dict:
    return {"code": "outside", "side": _side_word(side), "first": index, "indexes": [index]}


_EVENT_ORDER = ("outside", "trend", "two_of_three", "run", "shift", "crossings")


def _event_position(event: dict) -> tuple[int, int]:
    # By first point, then by MDC precedence; phase-level findings (crossings) come last.
    return (event.get("first", 1 << 62), _EVENT_ORDER.index(event["code"]))


# --------------------------------------------------------------------------------------
# Anhøj runs analysis
# --------------------------------------------------------------------------------------


def _runs_analysis(inc: list[int], sides: list[int]) -> tuple[dict, list[tuple[int, list[int]]]]:
    """qicharts2's runs.analysis(): rle() of sign(y - cl) after dropping zeros."""
    runs: list[tuple[int, list[int]]] = []
    run_side, run = 0, []
    for i, side in zip(inc, sides, strict=True):
        if side == 0:
            continue  # on the centre line: neither counts nor breaks a run
        if side == run_side:
            run.append(i)
        else:
            run_side, run = side, [i]
            runs.append((side, run))
    n_useful = sum(len(r[1]) for r in runs)
    if n_useful == 0:
        stats = {
            "n_useful": 0,
            "longest_run": None,
            "longest_run_max": None,
            "crossings": None,
            "crossings_min": None,
            "runs_signal": False,
        }
        return stats, runs
    longest = max(len(r[1]) for r in runs)
    longest_max = round(math.log2(n_useful)) + 3  # Schilling 2012; R's round is half-even too
    crossings = len(runs) - 1
    crossings_min = crossings_min_for(n_useful)
    stats = {
        "n_useful": n_useful,
        "longest_run": longest,
        "longest_run_max": longest_max,
        "crossings": crossings,
        "crossings_min": crossings_min,
        "runs_signal": longest > longest_max or crossings < crossings_min,
    }
    return stats, runs


@functools.lru_cache(maxsize=4096)
def crossings_min_for(n_useful: int) -> int:
    """qbinom(0.05, max(n_useful - 1, 0), 0.5): smallest k with P(X <= k) >= 0.05.

    Exact integer arithmetic up to 5000 trials: P(X <= k) >= 1/20 ⇔ 20·Σ C(m, i) >= 2^m,
    built one binomial coefficient at a time (O(m) steps). Beyond that a log-space running
    sum in floats is used, where rounding cannot matter in practice because a dyadic CDF
    value never equals 0.05.
    """
    m = max(n_useful - 1, 0)
    if m <= 5000:
        total = 1 << m
        coef = cum = 1
        k = 0
        while 20 * cum < total:
            coef = coef * (m - k) // (k + 1)
            k += 1
            cum += coef
        return k
    log_pmf = -m * math.log(2.0)
    cdf = math.exp(log_pmf)
    k = 0
    while cdf < 0.05:
        log_pmf += math.log(m - k) - math.log(k + 1)
        k += 1
        cdf += math.exp(log_pmf)
    return k


# --------------------------------------------------------------------------------------
# IHI and Making Data Count rules
# --------------------------------------------------------------------------------------


def _monotone_segments(values: list[float], min_points: int) -> list[tuple[int, int, int]]:
    """Maximal runs of strictly increasing/decreasing consecutive values.

    Returns (first, last, direction) position triples for runs of at least ``min_points``
    values. A turning point belongs to both the run before it and the run after it; a tie
    ends a run.
    """
    segments = []
    run_start = 0
    run_dir = 0
    for k in range(1, len(values) + 1):
        d = _sign(values[k] - values[k - 1]) if k < len(values) else 0
        if k < len(values) and d != 0 and d == run_dir:
            continue
        if run_dir != 0 and k - run_start >= min_points:
            segments.append((run_start, k - 1, run_dir))
        run_start, run_dir = k - 1, d
    return segments


def _ihi_trends(inc: list[int], inc_y: list[float]) -> list[tuple[int, list[int], int]]:
    """IHI trends as (direction, point indexes, points counted with ties once)."""
    # Ties count once: collapse consecutive equal values into groups, look for monotone
    # runs over the groups, and report every point of the groups involved.
    groups: list[list[int]] = []
    group_values: list[float] = []
    for i, y in zip(inc, inc_y, strict=True):
        if group_values and y == group_values[-1]:
            groups[-1].append(i)
        else:
            groups.append([i])
            group_values.append(y)
    trends = []
    for first, last, direction in _monotone_segments(group_values, IHI_TREND_POINTS):
        indexes = [i for g in range(first, last + 1) for i in groups[g]]
        trends.append((direction, indexes, last - first + 1))
    return trends
