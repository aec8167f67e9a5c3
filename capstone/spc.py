"""Statistical process control (SPC) analysis for run charts and control charts.

Pure Python (standard library only) so it can be used from views, tasks and tests alike.
The calculations reproduce the R package qicharts2 0.8 (Anhøj rules, I/P/C/U limits) and,
for ``rules="mdc"``, NHSRplotthedots 0.2 (NHS England "Making Data Count").

Public API
==========

``analyze(values, *, chart, denominators=None, freeze=None, parts=None, screen_mr=True,
rules="anhoej", improvement="up") -> dict``

``summarize_change(analysis, *, improvement) -> dict``

Input
-----
* ``chart``: ``"run"`` (centre = median, no limits), ``"i"`` (individuals, centre = mean),
  ``"p"`` (proportions: ``values`` are numerators, ``denominators`` required, y = num/den),
  ``"c"`` (counts, y = count) or ``"u"`` (rates: ``values`` are counts, ``denominators``
  exposures, y = count/exposure). Run and I charts also accept ``denominators``; y is then
  value/denominator, as in qicharts2.
* Excluded points are passed as ``None`` (value or denominator). They are skipped by every
  calculation. A point with a zero denominator and a zero numerator is excluded too (0/0),
  with a warning.
* ``freeze=k``: centre and limits come from points 1..k (1-based, counting excluded points,
  like qicharts2's ``freeze``) and apply to every point; the runs analysis covers all points
  against that frozen centre.
* ``parts=[k, ...]``: a new phase starts after point k (1-based, like qicharts2's ``part``);
  every phase gets its own centre, limits and runs analysis. ``freeze`` is then ignored
  (a warning says so and the echoed ``freeze`` is ``None``).

Output (JSON-serialisable; undefined numbers are ``None``, never NaN or infinity)
-----------------------------------------------------------------------------------
``{"chart", "rules", "improvement", "freeze", "parts", "screen_mr", "warnings",
"points", "phases"}`` where

* ``points[i]``: ``y`` (None when excluded), ``cl``, ``lcl``, ``ucl`` (limits are None for run
  charts and wherever they cannot be computed), ``outside`` (strictly beyond a limit),
  ``phase`` (0-based phase index), ``signals`` (list of codes below, empty for excluded
  points), ``value`` and ``denominator`` (the inputs, as floats). With ``rules="mdc"`` also
  ``variation`` (``"improvement"``, ``"concern"``, ``"common"``; None for excluded points)
  and ``near_limit`` (beyond two thirds of the way to a limit but not outside).
* ``phases[k]``: ``start``, ``end`` (0-based inclusive point indexes), ``cl``,
  ``n_useful``, ``longest_run``, ``longest_run_max``, ``crossings``, ``crossings_min``,
  ``runs_signal`` (the Anhøj runs analysis, reported for every rule set), plus
  ``baseline_end`` (last point index used for the centre and limits), ``n_obs`` (included
  points in the phase), ``n_baseline`` (included points used for centre and limits) and
  ``sigma`` (the constant sigma of I and C charts, the implied sigma 2.66·MR̄/3 for MDC
  I charts; None where sigma varies per point or is undefined) and ``events``: the patterns
  behind the point codes, for legends: ``{"code": "run" | "shift" | "two_of_three", "side":
  "above" | "below", "first", "last", "length", "indexes"}``, ``{"code": "trend",
  "direction": "up" | "down", "first", "last", "length", "indexes"}`` (``length`` counts
  tied IHI values once), ``{"code": "outside", "side", "first", "indexes"}`` and
  ``{"code": "crossings", "crossings", "crossings_min"}`` (Anhøj: too few crossings). MDC
  events also carry ``variation``; they list every pattern found, even where the one-code
  precedence shows another code on a point.

Definitions (qicharts2 0.8, ``R/helper.functions.R``)
-----------------------------------------------------
* Run chart: centre = median of the baseline points.
* I chart: centre = mean; sigma = MR̄/1.128 where the moving ranges are taken between
  consecutive included baseline points. With ``screen_mr`` (qicharts2's
  ``qic.screenedmr`` option, which ``library(qicharts2)`` switches on) moving ranges
  ≥ 3.267·MR̄ are dropped and MR̄ re-taken. Limits = centre ± 3 sigma. If screening leaves
  no moving range (every moving range is zero) qicharts2 gets NaN limits, so they are None.
* P chart: centre = Σnum/Σden; limits = centre ± 3·sqrt(p(1−p)/n_i) clamped to [0, 1].
* C chart: centre = mean count; limits = centre ± 3·sqrt(centre), lower limit clamped at 0.
* U chart: centre = Σcount/Σexposure; limits = centre ± 3·sqrt(centre/n_i), lower clamped at 0.
* Anhøj runs analysis (per phase, over its included points, against the phase centre):
  points exactly on the centre neither count nor break a run; ``n_useful`` = points not on
  the centre; ``longest_run_max`` = round(log2(n_useful)) + 3; ``crossings`` = runs − 1;
  ``crossings_min`` = qbinom(0.05, n_useful − 1, 0.5), i.e. the smallest k with
  P(X ≤ k) ≥ 0.05 for X ~ Binomial(n_useful − 1, 1/2); ``runs_signal`` = longest_run >
  longest_run_max or crossings < crossings_min. With no useful point the numbers are None
  and ``runs_signal`` is False (qicharts2 gives NA/FALSE). R's ``round`` rounds half to even
  like Python's; log2 of a whole number is never exactly k + 0.5 so the two agree anyway.

Signal codes (``point["signals"]``)
-----------------------------------
``rules="anhoej"`` (qicharts2):

* ``"outside"``: the point is strictly beyond a control limit (Shewhart's 3-sigma rule).
* ``"run"``: the point belongs to a run (same side of the centre line, points on the line
  skipped) longer than the phase's ``longest_run_max``.
* ``"runs"``: the phase's runs analysis signals (too long a run or too few crossings); every
  included point of that phase carries it. qicharts2 likewise marks the whole part
  (``runs.signal``) and draws its centre line dashed.

``rules="ihi"`` (Provost & Murray run-chart rules, evaluated against the centre line):

* ``"shift"``: 6 or more consecutive points on one side of the centre line; points on the
  line are skipped (they neither count nor break the run) and are not flagged.
* ``"trend"``: 5 or more points in a row each higher (or each lower) than the one before;
  consecutive equal values count once (a tie neither counts nor breaks the trend) and all
  of the tied points are flagged.
* ``"outside"``: as above.

``rules="mdc"`` (NHSRplotthedots 0.2, ``R/ptd_spc_standard.R`` and
``R/ptd_calculate_point_type.R``); exactly one code per flagged point, the first that applies:

1. ``"outside"``: beyond the process limits.
2. ``"trend"``: part of 7 or more points each strictly higher (or lower) than the one before;
   a tie breaks it.
3. ``"two_of_three"``: two of three consecutive points beyond two thirds of the way from the
   centre to a limit (but not outside), all three strictly on the same side of the centre;
   only the close points are flagged.
4. ``"shift"``: part of 7 or more consecutive points on one side of the centre; a point
   exactly on the centre breaks the run.

  For I charts the centre is the baseline mean and the process limits are mean ± 2.66·MR̄
  (MR̄ screened as above unless ``screen_mr=False``, which matches the NHS Excel tool). P, C
  and U charts keep their own centre and limits; their "two thirds" line is centre ± 2 sigma.
  ``variation`` is "improvement" or "concern" from the side of the centre (for trends: the
  trend's direction; a point shared by two trends takes the later one, as NHSRplotthedots
  does) and ``improvement``. A warning is added when a baseline has fewer than 12 points.

Sequences for every rule are formed from the included points of a phase in order (excluded
points are skipped, never breaking or joining anything), and never cross a phase boundary.
"""

from __future__ import annotations

import functools
import itertools
import math
import numbers
import statistics
from collections.abc import Iterable, Sequence

__all__ = ["CHARTS", "RULES", "IMPROVEMENTS", "SIGNAL_CODES", "analyze", "summarize_change"]

CHARTS = ("run", "i", "p", "c", "u")
RULES = ("anhoej", "ihi", "mdc")
IMPROVEMENTS = ("up", "down")
SIGNAL_CODES = ("outside", "run", "runs", "shift", "trend", "two_of_three")

D2 = 1.128  # bias correction constant for a moving range of two (qicharts2 uses 1.128)
MR_SCREEN_FACTOR = 3.267  # upper range limit for moving ranges, Nelson 1982
MDC_LIMIT_FACTOR = 2.66
MDC_NEAR_FACTOR = 2 * (MDC_LIMIT_FACTOR / 3)  # NHSRplotthedots: limitclose <- 2 * (limit / 3)
MDC_MIN_BASELINE = 12
MDC_RUN_POINTS = 7
MDC_TREND_POINTS = 7
IHI_SHIFT_POINTS = 6
IHI_TREND_POINTS = 5

# summarize_change() counts these codes as evidence of a sustained or large change.
_CHANGE_SIGNAL_CODES = frozenset({"run", "shift", "outside"})


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def analyze(
    values: Iterable[object],
    *,
    chart: str,
    denominators: Iterable[object] | None = None,
    freeze: int | None = None,
    parts: Iterable[int] | None = None,
    screen_mr: bool = True,
    rules: str = "anhoej",
    improvement: str = "up",
) -> dict:
    """Analyse a time series as a run or control chart; see the module docstring."""
    _check_options(chart, rules, improvement, screen_mr)
    raw_values = _as_list(values, "values")
    n = len(raw_values)
    raw_dens = None if denominators is None else _as_list(denominators, "denominators")
    nums = [_number(v, "values", i) for i, v in enumerate(raw_values)]
    dens = (
        None
        if raw_dens is None
        else [_number(v, "denominators", i) for i, v in enumerate(raw_dens)]
    )
    warnings: list[str] = []
    ys = _y_values(chart, nums, dens, warnings)
    bounds, eff_freeze, eff_parts = _phase_bounds(n, freeze, parts, warnings)

    points: list[dict] = []
    phases: list[dict] = []
    direction = 1 if improvement == "up" else -1
    for phase_index, (start, end) in enumerate(bounds):
        base_end = start + eff_freeze - 1 if eff_freeze is not None else end
        phase_points, phase = _analyse_phase(
            chart=chart,
            rules=rules,
            direction=direction,
            screen_mr=screen_mr,
            ys=ys,
            nums=nums,
            dens=dens,
            start=start,
            end=end,
            base_end=base_end,
            phase_index=phase_index,
            n_phases=len(bounds),
            warnings=warnings,
        )
        points.extend(phase_points)
        phases.append(phase)

    return {
        "chart": chart,
        "rules": rules,
        "improvement": improvement,
        "freeze": eff_freeze,
        "parts": eff_parts,
        "screen_mr": bool(screen_mr),
        "warnings": warnings,
        "points": points,
        "phases": phases,
    }


def summarize_change(analysis: dict, *, improvement: str) -> dict:
    """Compare the baseline with the period after it, for a baseline vs post-event summary.

    Works on an analysis with exactly two phases (``parts=[k]``) or with a frozen baseline
    (``freeze=k``, one phase). Returns:

    * ``baseline_cl``: the baseline centre (phase 0's centre, or the frozen centre).
    * ``post_cl``: the centre of the points after the baseline, computed the way the chart
      computes centres: median (run), mean (i, c), Σnumerators/Σdenominators (p, u). For a
      two-phase analysis this is phase 1's centre.
    * ``change``: post_cl − baseline_cl; ``pct_change``: 100·change/|baseline_cl| (None when
      the baseline centre is 0 or either centre is undefined).
    * ``improved``: change is non-zero and in the improvement direction (up: > 0).
    * ``signal``: at least one included point after the baseline carries ``"run"``,
      ``"shift"`` or ``"outside"`` while lying on the improvement side of the baseline centre
      (above it for ``"up"``). Points are judged against the *baseline*: for a two-phase
      analysis the series is re-analysed with ``freeze`` at the end of phase 0, using the
      same chart, rules and screening. A "too few crossings" runs signal is not
      directional and does not count. ``signal_points`` lists the 0-based indexes.
    * ``basis``: ``"parts"`` or ``"freeze"``.
    """
    if improvement not in IMPROVEMENTS:
        raise ValueError(
            f"improvement must be one of {', '.join(IMPROVEMENTS)}; got {improvement!r}."
        )
    phases = analysis["phases"]
    points = analysis["points"]
    chart = analysis["chart"]
    direction = 1 if improvement == "up" else -1

    if len(phases) == 2:
        basis = "parts"
        baseline_cl = phases[0]["cl"]
        post_cl = phases[1]["cl"]
        post_start = phases[1]["start"]
        dens = [p["denominator"] for p in points]
        if chart not in ("p", "u") and all(d is None for d in dens):
            dens = None
        judged = analyze(
            [p["value"] for p in points],
            chart=chart,
            denominators=dens,
            freeze=phases[0]["end"] + 1,
            screen_mr=analysis.get("screen_mr", True),
            rules=analysis["rules"],
            improvement=improvement,
        )["points"]
    elif len(phases) == 1 and analysis.get("freeze") is not None:
        basis = "freeze"
        baseline_cl = phases[0]["cl"]
        post_start = analysis["freeze"]
        post_cl = _centre_of(chart, points[post_start:])
        judged = points
    else:
        raise ValueError(
            "summarize_change needs an analysis with exactly two phases (parts=[k]) "
            f"or a frozen baseline (freeze=k); this one has {len(phases)} phase(s) and no freeze."
        )

    change = None if baseline_cl is None or post_cl is None else post_cl - baseline_cl
    pct_change = None
    if change is not None and baseline_cl != 0:
        pct_change = 100.0 * change / abs(baseline_cl)
    improved = change is not None and change * direction > 0

    signal_points = []
    if baseline_cl is not None:
        for i in range(post_start, len(judged)):
            point = judged[i]
            y = point["y"]
            if y is None or not _CHANGE_SIGNAL_CODES.intersection(point["signals"]):
                continue
            if (y - baseline_cl) * direction > 0:
                signal_points.append(i)

    return {
        "baseline_cl": baseline_cl,
        "post_cl": post_cl,
        "change": change,
        "pct_change": pct_change,
        "improved": improved,
        "signal": bool(signal_points),
        "signal_points": signal_points,
        "basis": basis,
    }


# --------------------------------------------------------------------------------------
# Input handling
# --------------------------------------------------------------------------------------


def _check_options(chart: object, rules: object, improvement: object, screen_mr: object) -> None:
    if chart not in CHARTS:
        raise ValueError(f"Unknown chart {chart!r}; expected one of {', '.join(CHARTS)}.")
    if rules not in RULES:
        raise ValueError(f"Unknown rules {rules!r}; expected one of {', '.join(RULES)}.")
    if improvement not in IMPROVEMENTS:
        raise ValueError(
            f"improvement must be one of {', '.join(IMPROVEMENTS)}; got {improvement!r}."
        )
    if not isinstance(screen_mr, bool):
        raise ValueError(f"screen_mr must be True or False; got {screen_mr!r}.")
    if rules == "mdc" and chart == "run":
        raise ValueError(
            "rules='mdc' needs a control chart (i, p, c or u): Making Data Count rules use "
            "process limits, which a run chart does not have."
        )


def _as_list(seq: object, name: str) -> list:
    if isinstance(seq, (str, bytes)) or not isinstance(seq, Iterable):
        raise ValueError(f"{name} must be a list of numbers (None for excluded points).")
    return list(seq)


def _number(value: object, name: str, index: int) -> float | None:
    """Return value as a finite float, None for excluded (None or NaN), else raise."""
    if value is None:
        return None
    kind = type(value)
    if kind is float or kind is int:
        result = float(value)  # plain ints and floats skip the costly ABC check below
    elif isinstance(value, (bool, complex)) or not isinstance(value, numbers.Number):
        raise ValueError(f"{name}[{index}] must be a number or None; got {value!r}.")
    else:
        result = float(value)  # Decimal values from model fields arrive here
    if math.isfinite(result):
        return result
    if math.isnan(result):
        return None
    raise ValueError(f"{name}[{index}] must be finite; got {value!r}.")


def _y_values(chart: str, nums: list, dens: list | None, warnings: list[str]) -> list:
    n = len(nums)
    if chart in ("p", "u") and dens is None:
        kind = "numerators" if chart == "p" else "counts"
        base = "sample sizes" if chart == "p" else "exposures"
        raise ValueError(f"chart '{chart}' needs denominators ({base}); values are the {kind}.")
    if chart == "c" and dens is not None:
        raise ValueError("chart 'c' takes no denominators; use chart 'u' for counts per exposure.")
    if dens is not None and len(dens) != n:
        raise ValueError(
            f"denominators must have one entry per value: got {len(dens)} denominators "
            f"for {n} values."
        )
    for i, v in enumerate(nums):
        if v is not None and v < 0 and chart in ("p", "c", "u"):
            raise ValueError(f"values[{i}] is negative ({v:g}); counts cannot be negative.")
    if dens is None:
        return list(nums)

    ys: list[float | None] = []
    zero_den = []
    for i, (num, den) in enumerate(zip(nums, dens, strict=True)):
        if den is not None and den < 0:
            raise ValueError(f"denominators[{i}] is negative ({den:g}).")
        if chart == "p" and num is not None and den is not None and num > den:
            raise ValueError(
                f"values[{i}] ({num:g}) is larger than its denominator ({den:g}); "
                "a proportion cannot exceed 1."
            )
        if num is None or den is None:
            ys.append(None)
        elif den == 0:
            if num != 0:
                raise ValueError(f"values[{i}] is {num:g} but its denominator is 0.")
            zero_den.append(i + 1)
            ys.append(None)
        else:
            ys.append(num / den)
    if zero_den:
        listed = ", ".join(str(k) for k in zero_den)
        warnings.append(
            f"Point(s) {listed} have a denominator of 0 and were left out of the analysis."
        )
    return ys


def _is_int(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _phase_bounds(
    n: int, freeze: object, parts: object, warnings: list[str]
) -> tuple[list[tuple[int, int]], int | None, list[int] | None]:
    eff_parts = None
    if parts is not None:
        raw = _as_list(parts, "parts")
        for k in raw:
            if not _is_int(k):
                raise ValueError(
                    f"parts must be whole numbers (1-based point positions); got {k!r}."
                )
            if not 1 <= k <= n - 1:
                raise ValueError(
                    f"parts entry {k} is out of range: a new phase starts after point k, "
                    f"so k must be between 1 and {n - 1} for {n} points."
                )
        eff_parts = sorted({int(k) for k in raw})

    eff_freeze = None
    if freeze is not None:
        if not _is_int(freeze):
            raise ValueError(f"freeze must be a whole number of points; got {freeze!r}.")
        if not 1 <= freeze <= n:
            raise ValueError(f"freeze={freeze} is out of range: it must be between 1 and {n}.")
        if eff_parts:
            warnings.append("freeze is ignored because parts were given (as in qicharts2).")
        else:
            eff_freeze = int(freeze)

    if n == 0:
        return [], eff_freeze, eff_parts
    cuts = [0] + list(eff_parts or []) + [n]
    bounds = [(cuts[j], cuts[j + 1] - 1) for j in range(len(cuts) - 1)]
    return bounds, eff_freeze, eff_parts


# --------------------------------------------------------------------------------------
# Per-phase analysis
# --------------------------------------------------------------------------------------


def _mean(xs: Sequence[float]) -> float:
    return math.fsum(xs) / len(xs)


def _average_moving_range(ys: Sequence[float], screen: bool) -> float | None:
    """MR̄ over consecutive values, optionally screened as qicharts2/NHSRplotthedots do."""
    if len(ys) < 2:
        return None
    mrs = [abs(b - a) for a, b in itertools.pairwise(ys)]
    amr = math.fsum(mrs) / len(mrs)
    if screen:
        # qicharts2: mr <- mr[mr < 3.267 * amr]; an all-zero series leaves nothing (NaN in R)
        upper = MR_SCREEN_FACTOR * amr
        mrs = [m for m in mrs if m < upper]
        if not mrs:
            return None
        amr = math.fsum(mrs) / len(mrs)
    return amr


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

    if chart == "run":
        cl = statistics.median(base_y) if base_y else None
    elif chart == "i":
        cl = _mean(base_y) if base_y else None
        amr = _average_moving_range(base_y, screen_mr)
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
    if cl is not None and chart != "run":
        for j, s in enumerate(point_sigma):
            if s is None:
                continue
            lo, hi = cl - half_width * s, cl + half_width * s
            if chart in ("p", "c", "u") and lo < 0:
                lo = 0.0
            if chart == "p" and hi > 1:
                hi = 1.0
            lcl[j], ucl[j] = lo, hi

    if rules == "mdc" and len(base_idx) < MDC_MIN_BASELINE:
        warnings.append(
            f"{label}the baseline has only {len(base_idx)} point(s); Making Data Count "
            f"recommends at least {MDC_MIN_BASELINE} before relying on the process limits."
        )

    # Included points of the phase, in order: every rule works on this sequence.
    inc = [i for i in range(start, end + 1) if ys[i] is not None]
    inc_y = [ys[i] for i in inc]
    sides = [0 if cl is None else _sign(y - cl) for y in inc_y]

    runs_stats, side_runs = _runs_analysis(inc, sides)
    outside = [False] * size
    for i, y in zip(inc, inc_y, strict=True):
        lo, hi = lcl[i - start], ucl[i - start]
        outside[i - start] = (hi is not None and y > hi) or (lo is not None and y < lo)

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
        for trend_dir, trend_idx, counted in _ihi_trends(inc, inc_y):
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

    points = []
    for j in range(size):
        i = start + j
        point = {
            "y": ys[i],
            "cl": cl,
            "lcl": lcl[j],
            "ucl": ucl[j],
            "outside": outside[j],
            "phase": phase_index,
            "signals": codes[j],
            "value": nums[i],
            "denominator": None if dens is None else dens[i],
        }
        if rules == "mdc":
            point["variation"] = variation[j]
            point["near_limit"] = near_limit[j]
        points.append(point)

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
    return points, phase


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
    for i, side in zip(inc, sides, strict=True):
        if side == 0:
            continue  # on the centre line: neither counts nor breaks a run
        if runs and runs[-1][0] == side:
            runs[-1][1].append(i)
        else:
            runs.append((side, [i]))
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


def _apply_mdc(
    *,
    inc: list[int],
    inc_y: list[float],
    sides: list[int],
    start: int,
    cl: float | None,
    point_sigma: list[float | None],
    near_width: float,
    outside: list[bool],
    direction: int,
    codes: list[list[str]],
    variation: list[str | None],
    near_limit: list[bool],
    events: list[dict],
) -> None:
    """Making Data Count flags, one code per point, as NHSRplotthedots 0.2 assigns them."""

    def judged(side: int) -> str:
        return "improvement" if side * direction > 0 else "concern"

    m = len(inc)
    close = [False] * m
    for k, (i, y) in enumerate(zip(inc, inc_y, strict=True)):
        s = point_sigma[i - start]
        if cl is None or s is None or outside[i - start]:
            continue
        # NHSRplotthedots: close_to_limits = !outside & (y < nlpl | y > nupl), strict
        close[k] = y > cl + near_width * s or y < cl - near_width * s
        near_limit[i - start] = close[k]

    trend_dir: dict[int, int] = {}
    for first, last, d in _monotone_segments(inc_y, MDC_TREND_POINTS):
        event = _trend_event(d, inc[first : last + 1], last - first + 1)
        event["variation"] = judged(d)
        events.append(event)
        for k in range(first, last + 1):
            trend_dir[k] = d  # a turning point takes the later trend, as in NHSRplotthedots

    # ptd_two_in_three(): any 3 consecutive points, all strictly on one side of the mean,
    # at least 2 of them close to a limit; only the close ones are flagged.
    two_of_three = [False] * m
    for k in range(m - 2):
        window = range(k, k + 3)
        if abs(sum(sides[w] for w in window)) == 3 and sum(close[w] for w in window) >= 2:
            for w in window:
                if close[w]:
                    two_of_three[w] = True
    cluster: list[int] = []
    for k in [k for k in range(m) if two_of_three[k]] + [None]:
        if cluster and (k is None or k - cluster[-1] > 2 or sides[k] != sides[cluster[-1]]):
            event = _run_event("two_of_three", sides[cluster[0]], [inc[w] for w in cluster])
            event["variation"] = judged(sides[cluster[0]])
            events.append(event)
            cluster = []
        if k is not None:
            cluster.append(k)

    # ptd_seven_point_one_side_mean(): a point on the mean breaks the run.
    shift = [False] * m
    run_start = 0
    for k in range(1, m + 1):
        if k < m and sides[k] != 0 and sides[k] == sides[run_start]:
            continue
        if sides[run_start] != 0 and k - run_start >= MDC_RUN_POINTS:
            event = _run_event("shift", sides[run_start], inc[run_start:k])
            event["variation"] = judged(sides[run_start])
            events.append(event)
            for w in range(run_start, k):
                shift[w] = True
        run_start = k

    for k, i in enumerate(inc):
        j = i - start
        if outside[j]:
            code, side = "outside", sides[k]
            event = _outside_event(i, side)
            event["variation"] = judged(side)
            events.append(event)
        elif k in trend_dir:
            code, side = "trend", trend_dir[k]
        elif two_of_three[k]:
            code, side = "two_of_three", sides[k]
        elif shift[k]:
            code, side = "shift", sides[k]
        else:
            variation[j] = "common"
            continue
        codes[j].append(code)
        variation[j] = judged(side)


# --------------------------------------------------------------------------------------
# Helpers for summarize_change
# --------------------------------------------------------------------------------------


def _centre_of(chart: str, points: list[dict]) -> float | None:
    included = [p for p in points if p["y"] is not None]
    if not included:
        return None
    if chart == "run":
        return statistics.median(p["y"] for p in included)
    if chart in ("p", "u"):
        den_sum = math.fsum(p["denominator"] for p in included)
        return math.fsum(p["value"] for p in included) / den_sum if den_sum > 0 else None
    return _mean([p["y"] for p in included])
