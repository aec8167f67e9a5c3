"""Statistical process control (SPC) analysis for run charts and control charts.

Pure Python (standard library only) so it can be used from views, tasks and tests alike.
The calculations reproduce the R package qicharts2 0.8 (Anhøj rules, I/P/C/U limits) and,
for ``rules="mdc"``, NHSRplotthedots 0.2 (NHS England "Making Data Count").

Layout: ``inputs`` checks and normalises the arguments, ``limits`` computes each phase's centre,
limits and point flags, ``runs`` holds the Anhøj runs analysis and the IHI rules, ``mdc`` the
Making Data Count rules, ``constants`` the rule constants.

Public API
==========

``analyze(values, *, chart, denominators=None, freeze=None, parts=None, screen_mr=True,
rules="anhoej", improvement="up") -> dict``

``summarize_change(analysis, *, improvement) -> dict``

``laney_sigma_z(values, denominators, *, chart="p") -> float | None`` (the chooser's fit check)

``c4(n)``, ``a3(n)``, ``b3(n)``, ``b4(n)``: exact control-chart constants (None for n ≤ 1)

Input
-----
* ``chart``: ``"run"`` (centre = median, no limits), ``"i"`` (individuals, centre = mean),
  ``"p"`` (proportions: ``values`` are numerators, ``denominators`` required, y = num/den),
  ``"c"`` (counts, y = count) or ``"u"`` (rates: ``values`` are counts, ``denominators``
  exposures, y = count/exposure). Run and I charts also accept ``denominators``; y is then
  value/denominator, as in qicharts2.
* The rest of qicharts2 0.8.1's family (``family`` module; semantics in
  ``shared/spc-chart-family.md``): ``"mr"`` (values are observations, y is the moving range
  within a phase, a gap removes both ranges; UCL 3.267·MR̄, LCL 0, never a runs signal),
  ``"xbar"`` and ``"s"`` (values are subgroups: one list of raw observations per point, None
  inside a list is dropped, None or an empty list excludes the subgroup; s̄ is the mean sᵢ for
  equal baseline sizes and pooled otherwise; limits A3(nᵢ)·s̄, B3/B4(nᵢ)·s̄; points also carry
  ``n`` and ``observations``, phases ``s_bar``), ``"t"`` (times between events, each > 0: an
  I chart on y^(1/3.6), back-transformed, LCL 0 where negative; rules judge on the transformed
  scale; phases carry ``sigma_transformed``), ``"g"`` (whole counts between events: centre the
  median, UCL m + 3·sqrt(m(m+1)) from the mean m, LCL 0; phases carry ``mean``), ``"pp"`` and
  ``"up"`` (Laney P′/U′: P/U limits widened by σ_z, the screened MR̄/1.128 of the baseline's
  z-scores; phases carry ``sigma_z``). Making Data Count rules are for i, p, c and u only.
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

import math
from collections.abc import Iterable

from capstone.spc.constants import (
    _CHANGE_SIGNAL_CODES,
    CHARTS,
    D2,
    IHI_SHIFT_POINTS,
    IHI_TREND_POINTS,
    IMPROVEMENTS,
    MDC_CHARTS,
    MDC_LIMIT_FACTOR,
    MDC_MIN_BASELINE,
    MDC_NEAR_FACTOR,
    MDC_RUN_POINTS,
    MDC_TREND_POINTS,
    MR_SCREEN_FACTOR,
    RATIO_CHARTS,
    RULES,
    SIGNAL_CODES,
    SUBGROUP_CHARTS,
)
from capstone.spc.family import a3, b3, b4, c4
from capstone.spc.inputs import (
    _as_list,
    _check_options,
    _number,
    _phase_bounds,
    _subgroups,
    _y_values,
)
from capstone.spc.limits import _analyse_phase, _centre_of
from capstone.spc.runs import crossings_min_for

__all__ = [
    "CHARTS",
    "D2",
    "IHI_SHIFT_POINTS",
    "IHI_TREND_POINTS",
    "IMPROVEMENTS",
    "MDC_CHARTS",
    "MDC_LIMIT_FACTOR",
    "MDC_MIN_BASELINE",
    "MDC_NEAR_FACTOR",
    "MDC_RUN_POINTS",
    "MDC_TREND_POINTS",
    "MR_SCREEN_FACTOR",
    "RULES",
    "SIGNAL_CODES",
    "a3",
    "analyze",
    "b3",
    "b4",
    "c4",
    "crossings_min_for",
    "laney_sigma_z",
    "summarize_change",
]


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
    warnings: list[str] = []
    groups = None
    if chart in SUBGROUP_CHARTS:
        if raw_dens is not None:
            raise ValueError(f"chart '{chart}' takes no denominators; values are subgroups.")
        groups = _subgroups(raw_values)
        nums = [None if g is None else g.mean for g in groups]
        dens = None
        ys = nums if chart == "xbar" else [None if g is None else g.sd for g in groups]
    else:
        # A finite float is its own number: only other values need _number's checks.
        nums = [
            v if type(v) is float and math.isfinite(v) else _number(v, "values", i)
            for i, v in enumerate(raw_values)
        ]
        dens = (
            None
            if raw_dens is None
            else [_number(v, "denominators", i) for i, v in enumerate(raw_dens)]
        )
        ys = _y_values(chart, nums, dens, warnings)
    bounds, eff_freeze, eff_parts = _phase_bounds(n, freeze, parts, warnings)
    if chart == "mr":
        ys = _moving_ranges(nums, bounds)

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
            groups=groups,
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


def laney_sigma_z(values: Iterable[object], denominators: Iterable[object], *, chart: str = "p"):
    """Laney's σ_z for a P (``chart="p"``) or U (``"u"``) series, one phase, screened MR.

    It is the factor by which the points vary more than the binomial (Poisson) model says:
    near 1 the P/U chart fits; above 2 its limits are far too narrow and the P′/U′ chart
    suits the data. None when it cannot be computed.
    """
    if chart not in ("p", "u"):
        raise ValueError(f"laney_sigma_z is for p and u data; got chart {chart!r}.")
    prime = {"p": "pp", "u": "up"}[chart]
    result = analyze(values, chart=prime, denominators=denominators)
    return result["phases"][0]["sigma_z"] if result["phases"] else None


def _moving_ranges(obs: list, bounds: list[tuple[int, int]]) -> list:
    """MR chart y: |xᵢ − xᵢ₋₁| within a phase; a missing value removes both of its ranges."""
    ys: list[float | None] = [None] * len(obs)
    for start, end in bounds:
        for i in range(start + 1, end + 1):
            if obs[i] is not None and obs[i - 1] is not None:
                ys[i] = abs(obs[i] - obs[i - 1])
    return ys


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
        if chart not in RATIO_CHARTS and all(d is None for d in dens):
            dens = None
        if chart in SUBGROUP_CHARTS:
            inputs = [p["observations"] for p in points]
        else:
            inputs = [p["value"] for p in points]
        judged = analyze(
            inputs,
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
            if y is None or _CHANGE_SIGNAL_CODES.isdisjoint(point["signals"]):
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
