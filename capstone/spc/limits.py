"""Centre lines, moving ranges and control limits, one phase at a time."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

from capstone.spc.constants import (
    D2,
    IHI_SHIFT_POINTS,
    MDC_LIMIT_FACTOR,
    MDC_MIN_BASELINE,
    MDC_NEAR_FACTOR,
)
from capstone.spc.family import (
    FamilyLimits,
    average_moving_range,
    family_centre_of,
    g_limits,
    laney_limits,
    mr_limits,
    t_limits,
    xbar_s_limits,
)
from capstone.spc.mdc import _apply_mdc
from capstone.spc.runs import (
    _event_position,
    _ihi_trends,
    _outside_event,
    _run_event,
    _runs_analysis,
    _trend_event,
)


def _mean(xs: Sequence[float]) -> float:
    return math.fsum(xs) / len(xs)


def _analyse_phase(
    *,
    chart: str,
    rules: str,
    direction: int,
    screen_mr: bool,
    ys: list,
    nums: list,
    dens: list | None,
    start: int,
    end: int,
    base_end: int,
    phase_index: int,
    n_phases: int,
    warnings: list[str],
    groups: list | None = None,
) -> tuple[list[dict], dict]:
    size = end - start + 1
    base_idx = [i for i in range(start, base_end + 1) if ys[i] is not None]
    base_y = [ys[i] for i in base_idx]
    label = f"Phase {phase_index + 1}: " if n_phases > 1 else ""

    cl: float | None = None
    sigma: float | None = None
    # Per-point spread unit (None where undefined): limits sit at cl ± half_width·unit and
    # MDC's "two thirds" lines at cl ± near_width·unit. The unit is sigma except for MDC
    # I charts, where it is MR̄ itself so the arithmetic matches NHSRplotthedots exactly.
    point_sigma: list[float | None] = [None] * size
    half_width, near_width = 3.0, 2.0

    family: FamilyLimits | None = None
    if chart in ("xbar", "s"):
        family = xbar_s_limits(chart, groups, start, end, base_end)
    elif chart == "mr":
        family = mr_limits(ys, start, end, base_end)
    elif chart == "t":
        family = t_limits(ys, start, end, base_end, screen_mr)
    elif chart == "g":
        family = g_limits(ys, start, end, base_end)
    elif chart in ("pp", "up"):
        family = laney_limits(chart, ys, nums, dens, start, end, base_end, screen_mr)
    elif chart == "run":
        cl = statistics.median(base_y) if base_y else None
    elif chart == "i":
        cl = _mean(base_y) if base_y else None
        amr = average_moving_range(base_y, screen_mr)
        if cl is not None and amr is None and len(base_y) >= 2:
            warnings.append(
                f"{label}control limits could not be calculated because every moving range "
                "in the baseline is zero."
            )
        if amr is not None and rules == "mdc":
            sigma = amr * MDC_LIMIT_FACTOR / 3
            half_width, near_width = MDC_LIMIT_FACTOR, MDC_NEAR_FACTOR
            point_sigma = [amr] * size
        elif amr is not None:
            sigma = amr / D2
            point_sigma = [sigma] * size
    elif chart == "c":
        cl = _mean(base_y) if base_y else None
        if cl is not None:
            sigma = math.sqrt(cl)
            point_sigma = [sigma] * size
    else:  # p and u: centre is the pooled rate, sigma depends on each point's denominator
        assert dens is not None
        den_sum = math.fsum(dens[i] for i in base_idx)
        if den_sum > 0:
            cl = math.fsum(nums[i] for i in base_idx) / den_sum
            spread = cl * (1 - cl) if chart == "p" else cl
            for j in range(size):
                den = dens[start + j]
                if den is not None and den > 0:
                    point_sigma[j] = math.sqrt(spread / den)

    lcl: list[float | None] = [None] * size
    ucl: list[float | None] = [None] * size
    if family is not None:
        cl, lcl, ucl, sigma = family.cl, family.lcl, family.ucl, family.sigma
        if family.moving_ranges_all_zero:
            warnings.append(
                f"{label}control limits could not be calculated because every moving "
                "range in the baseline is zero."
            )
    elif cl is not None and chart != "run":
        clamp_low, clamp_high = chart in ("p", "c", "u"), chart == "p"
        for j, s in enumerate(point_sigma):
            if s is None:
                continue
            lo, hi = cl - half_width * s, cl + half_width * s
            if clamp_low and lo < 0:
                lo = 0.0
            if clamp_high and hi > 1:
                hi = 1.0
            lcl[j], ucl[j] = lo, hi

    if rules == "mdc" and len(base_idx) < MDC_MIN_BASELINE:
        warnings.append(
            f"{label}the baseline has only {len(base_idx)} point(s); Making Data Count "
            f"recommends at least {MDC_MIN_BASELINE} before relying on the process limits."
        )

    # Included points of the phase, in order: every rule works on this sequence.
    # The rules judge the T chart on its transformed scale, every other chart as drawn.
    inc = [i for i in range(start, end + 1) if ys[i] is not None]
    judge_cl, judge_lcl, judge_ucl = cl, lcl, ucl
    if family is not None and family.judge_y is not None:
        inc_y = [family.judge_y[i - start] for i in inc]
        judge_cl, judge_lcl, judge_ucl = family.judge_cl, family.judge_lcl, family.judge_ucl
    else:
        inc_y = [ys[i] for i in inc]
    # The sign of y − centre; for finite numbers the comparisons give the same sign.
    if judge_cl is None:
        sides = [0] * len(inc_y)
    else:
        sides = [(y > judge_cl) - (y < judge_cl) for y in inc_y]

    runs_stats, side_runs = _runs_analysis(inc, sides)
    if chart == "mr":
        # Successive moving ranges share an observation: qicharts2 reports the runs
        # analysis but never signals it, and neither does any run or trend rule here.
        runs_stats["runs_signal"] = False
        side_runs = []
    outside = [False] * size
    for i, y in zip(inc, inc_y, strict=True):
        j = i - start
        lo, hi = judge_lcl[j], judge_ucl[j]
        outside[j] = (hi is not None and y > hi) or (lo is not None and y < lo)

    codes: list[list[str]] = [[] for _ in range(size)]
    variation: list[str | None] = [None] * size
    near_limit = [False] * size
    events: list[dict] = []

    if rules == "anhoej":
        max_run = runs_stats["longest_run_max"]
        for side, run_idx in side_runs:
            if max_run is not None and len(run_idx) > max_run:
                events.append(_run_event("run", side, run_idx))
                for i in run_idx:
                    codes[i - start].append("run")
        if runs_stats["runs_signal"] and runs_stats["crossings"] < runs_stats["crossings_min"]:
            events.append(
                {
                    "code": "crossings",
                    "crossings": runs_stats["crossings"],
                    "crossings_min": runs_stats["crossings_min"],
                }
            )
        for k, i in enumerate(inc):
            if outside[i - start]:
                codes[i - start].insert(0, "outside")
                events.append(_outside_event(i, sides[k]))
        if runs_stats["runs_signal"]:
            for i in inc:
                codes[i - start].append("runs")
    elif rules == "ihi":
        for k, i in enumerate(inc):
            if outside[i - start]:
                codes[i - start].append("outside")
                events.append(_outside_event(i, sides[k]))
        for side, run_idx in side_runs:
            if len(run_idx) >= IHI_SHIFT_POINTS:
                events.append(_run_event("shift", side, run_idx))
                for i in run_idx:
                    codes[i - start].append("shift")
        for trend_dir, trend_idx, counted in [] if chart == "mr" else _ihi_trends(inc, inc_y):
            events.append(_trend_event(trend_dir, trend_idx, counted))
            for i in trend_idx:
                if "trend" not in codes[i - start]:
                    codes[i - start].append("trend")
    else:
        _apply_mdc(
            inc=inc,
            inc_y=inc_y,
            sides=sides,
            start=start,
            cl=cl,
            point_sigma=point_sigma,
            near_width=near_width,
            outside=outside,
            direction=direction,
            codes=codes,
            variation=variation,
            near_limit=near_limit,
            events=events,
        )
    events.sort(key=_event_position)

    # One pass over the phase's columns side by side (a chart may have thousands of points).
    stop = end + 1
    points = [
        {
            "y": y,
            "cl": cl,
            "lcl": lo,
            "ucl": hi,
            "outside": out,
            "phase": phase_index,
            "signals": point_codes,
            "value": num,
            "denominator": den,
        }
        for y, lo, hi, out, point_codes, num, den in zip(
            ys[start:stop],
            lcl,
            ucl,
            outside,
            codes,
            nums[start:stop],
            [None] * size if dens is None else dens[start:stop],
            strict=True,
        )
    ]
    if groups is not None:
        for point, group in zip(points, groups[start:stop], strict=True):
            point["n"] = 0 if group is None else group.n
            point["observations"] = None if group is None else list(group.observations)
    if rules == "mdc":
        for point, kind, near in zip(points, variation, near_limit, strict=True):
            point["variation"] = kind
            point["near_limit"] = near

    phase = {
        "start": start,
        "end": end,
        "cl": cl,
        **runs_stats,
        "baseline_end": base_end,
        "n_obs": len(inc),
        "n_baseline": len(base_idx),
        "sigma": sigma,
        "events": events,
    }
    if family is not None:
        phase.update(family.extra)
    return points, phase


# --------------------------------------------------------------------------------------
# Helpers for summarize_change
# --------------------------------------------------------------------------------------


def _centre_of(chart: str, points: list[dict]) -> float | None:
    if chart not in ("run", "i", "p", "c", "u"):
        return family_centre_of(chart, points)
    included = [p for p in points if p["y"] is not None]
    if not included:
        return None
    if chart == "run":
        return statistics.median(p["y"] for p in included)
    if chart in ("p", "u"):
        den_sum = math.fsum(p["denominator"] for p in included)
        return math.fsum(p["value"] for p in included) / den_sum if den_sum > 0 else None
    return _mean([p["y"] for p in included])
