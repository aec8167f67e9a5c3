"""Centre lines and limits of the qicharts2 0.8.1 chart family beyond run/I/P/C/U.

MR, Xbar, S, T, G, P′ and U′ (``mr``, ``xbar``, ``s``, ``t``, ``g``, ``pp``, ``up``); the
semantics are written down in ``shared/spc-chart-family.md`` and follow qicharts2's
``R/helper.functions.R`` (``qic.mr``, ``qic.xbar``, ``qic.s``, ``qic.t``, ``qic.g``,
``qic.pp``, ``qic.up``). Each phase function returns a :class:`FamilyLimits`; the shared
per-phase code in ``limits`` turns it into points, runs analysis and signal codes.
"""

from __future__ import annotations

import functools
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from capstone.spc.constants import D2, MR_SCREEN_FACTOR, T_POWER


@dataclass
class FamilyLimits:
    """One phase's centre and per-point limits (lists are indexed from the phase start).

    ``judge_*`` are the values the rules compare (the runs analysis and "outside"): the T
    chart judges on its transformed scale, every other chart on the reported values.
    """

    cl: float | None
    lcl: list[float | None]
    ucl: list[float | None]
    sigma: float | None = None
    extra: dict = field(default_factory=dict)
    judge_y: list[float | None] | None = None
    judge_cl: float | None = None
    judge_lcl: list[float | None] | None = None
    judge_ucl: list[float | None] | None = None
    moving_ranges_all_zero: bool = False


def _mean(xs: Sequence[float]) -> float:
    return math.fsum(xs) / len(xs)


def average_moving_range(ys: Sequence[float], screen: bool) -> float | None:
    """MR̄ over consecutive values; with ``screen`` Nelson's 3.267·MR̄ cut is applied once."""
    if len(ys) < 2:
        return None
    mrs = [abs(ys[k] - ys[k - 1]) for k in range(1, len(ys))]
    amr = math.fsum(mrs) / len(mrs)
    if screen:
        # qicharts2: mr <- mr[mr < 3.267 * amr]; an all-zero series leaves nothing (NaN in R)
        upper = MR_SCREEN_FACTOR * amr
        mrs = [m for m in mrs if m < upper]
        if not mrs:
            return None
        amr = math.fsum(mrs) / len(mrs)
    return amr


# --------------------------------------------------------------------------------------
# Control-chart constants, exact (qicharts2's c4/c5/a3/b3/b4)
# --------------------------------------------------------------------------------------


# Subgroup sizes repeat (often one size for every subgroup) and each subgroup's limits need
# these constants: caching them per size takes a fifth off an Xbar or S chart of 1,000
# subgroups each.
@functools.lru_cache(maxsize=1024)
def c4(n: int) -> float | None:
    if n <= 1:
        return None
    return math.sqrt(2 / (n - 1)) * math.exp(math.lgamma(n / 2) - math.lgamma((n - 1) / 2))


@functools.lru_cache(maxsize=1024)
def c5(n: int) -> float | None:
    c = c4(n)
    return None if c is None else math.sqrt(1 - c * c)


@functools.lru_cache(maxsize=1024)
def a3(n: int) -> float | None:
    c = c4(n)
    return None if c is None else 3 / (c * math.sqrt(n))


@functools.lru_cache(maxsize=1024)
def b3(n: int) -> float | None:
    c = c4(n)
    return None if c is None else max(0.0, 1 - 3 * c5(n) / c)


@functools.lru_cache(maxsize=1024)
def b4(n: int) -> float | None:
    c = c4(n)
    return None if c is None else 1 + 3 * c5(n) / c


# --------------------------------------------------------------------------------------
# Subgroups (Xbar, S)
# --------------------------------------------------------------------------------------


class Subgroup:
    """One subgroup's observations (missing ones already dropped), summarised once."""

    __slots__ = ("mean", "n", "observations", "sd")

    def __init__(self, observations: tuple[float, ...]):
        self.observations = observations
        self.n = n = len(observations)
        self.mean = mean = math.fsum(observations) / n if n else None
        # Two-pass sample standard deviation (n − 1 divisor), as R's sd()
        self.sd = (
            math.sqrt(math.fsum([(x - mean) ** 2 for x in observations]) / (n - 1))
            if n > 1
            else None
        )


def subgroup_s_bar(groups: Sequence[Subgroup]) -> float | None:
    """s̄ of baseline subgroups: plain mean of sᵢ for equal sizes, else pooled (Montgomery)."""
    if not groups:
        return None
    if len({g.n for g in groups}) == 1:
        sds = [g.sd for g in groups if g.sd is not None]
        return _mean(sds) if sds else None
    dof = sum(g.n - 1 for g in groups)
    if dof <= 0:
        return None
    return math.sqrt(math.fsum((g.n - 1) * g.sd**2 for g in groups if g.sd is not None) / dof)


def grand_mean(groups: Sequence[Subgroup]) -> float | None:
    total = sum(g.n for g in groups)
    if not total:
        return None
    return math.fsum([x for g in groups for x in g.observations]) / total


def xbar_s_limits(
    chart: str, groups: list[Subgroup | None], start: int, end: int, base_end: int
) -> FamilyLimits:
    size = end - start + 1
    base = [g for g in groups[start : base_end + 1] if g is not None]
    s_bar = subgroup_s_bar(base)
    lcl: list[float | None] = [None] * size
    ucl: list[float | None] = [None] * size
    phase_groups = groups[start : end + 1]
    if chart == "xbar":
        cl = grand_mean(base)
        for j, g in enumerate(phase_groups):
            factor = None if g is None else a3(g.n)
            if cl is not None and s_bar is not None and factor is not None:
                lcl[j], ucl[j] = cl - factor * s_bar, cl + factor * s_bar
    else:
        cl = s_bar
        for j, g in enumerate(phase_groups):
            if cl is not None and g is not None and g.n > 1:
                lcl[j], ucl[j] = b3(g.n) * cl, b4(g.n) * cl
    return FamilyLimits(cl=cl, lcl=lcl, ucl=ucl, extra={"s_bar": s_bar})


# --------------------------------------------------------------------------------------
# MR, T, G
# --------------------------------------------------------------------------------------


def mr_limits(ys: list, start: int, end: int, base_end: int) -> FamilyLimits:
    size = end - start + 1
    base = [ys[i] for i in range(start, base_end + 1) if ys[i] is not None]
    cl = _mean(base) if base else None
    # qicharts2 reports a lower limit of 0 even where the centre is undefined.
    ucl = [None if cl is None else MR_SCREEN_FACTOR * cl] * size
    return FamilyLimits(cl=cl, lcl=[0.0] * size, ucl=ucl)


def t_limits(ys: list, start: int, end: int, base_end: int, screen_mr: bool) -> FamilyLimits:
    size = end - start + 1
    z = [None if y is None else y ** (1 / T_POWER) for y in ys[start : end + 1]]
    base_z = [z[j] for j in range(base_end - start + 1) if z[j] is not None]
    cl_z = _mean(base_z) if base_z else None
    amr = average_moving_range(base_z, screen_mr)
    sigma_z = None if amr is None else amr / D2
    lcl_z = ucl_z = None
    cl = ucl = None
    if cl_z is not None:
        cl = cl_z**T_POWER
        if sigma_z is not None:
            lcl_z, ucl_z = cl_z - 3 * sigma_z, cl_z + 3 * sigma_z
            ucl = ucl_z**T_POWER
    # A negative transformed limit has no real power (NaN in R), nor has an undefined one:
    # qicharts2 sets the lower limit to 0 in both cases.
    lcl = lcl_z**T_POWER if lcl_z is not None and lcl_z >= 0 else 0.0
    return FamilyLimits(
        cl=cl,
        moving_ranges_all_zero=amr is None and len(base_z) >= 2,
        lcl=[lcl] * size,
        ucl=[ucl] * size,
        extra={"sigma_transformed": sigma_z},
        judge_y=z,
        judge_cl=cl_z,
        judge_lcl=[lcl_z if lcl_z is not None and lcl_z >= 0 else None] * size,
        judge_ucl=[ucl_z] * size,
    )


def g_limits(ys: list, start: int, end: int, base_end: int) -> FamilyLimits:
    size = end - start + 1
    base = [ys[i] for i in range(start, base_end + 1) if ys[i] is not None]
    if not base:
        return FamilyLimits(cl=None, lcl=[None] * size, ucl=[None] * size)
    m = _mean(base)
    sigma = math.sqrt(m * (m + 1))  # geometric distribution, Montgomery p. 319
    # m − 3·sqrt(m(m+1)) is never positive, so the lower limit is always 0.
    return FamilyLimits(
        cl=statistics.median(base),
        lcl=[max(0.0, m - 3 * sigma)] * size,
        ucl=[m + 3 * sigma] * size,
        sigma=sigma,
        extra={"mean": m},
    )


# --------------------------------------------------------------------------------------
# Laney P′ and U′
# --------------------------------------------------------------------------------------


def laney_limits(
    chart: str,
    ys: list,
    nums: list,
    dens: list,
    start: int,
    end: int,
    base_end: int,
    screen_mr: bool,
) -> FamilyLimits:
    size = end - start + 1
    lcl: list[float | None] = [None] * size
    ucl: list[float | None] = [None] * size
    base_idx = [i for i in range(start, base_end + 1) if ys[i] is not None]
    den_sum = math.fsum(dens[i] for i in base_idx)
    if den_sum <= 0:
        return FamilyLimits(cl=None, lcl=lcl, ucl=ucl, extra={"sigma_z": None})
    cl = math.fsum(nums[i] for i in base_idx) / den_sum
    spread = cl * (1 - cl) if chart == "pp" else cl
    if spread <= 0:  # p̄ of 0 or 1, ū of 0: every z is undefined, so are the limits
        return FamilyLimits(cl=cl, lcl=lcl, ucl=ucl, extra={"sigma_z": None})
    z = [(ys[i] - cl) / math.sqrt(spread / dens[i]) for i in base_idx]
    amr = average_moving_range(z, screen_mr)
    sigma_z = None if amr is None else amr / D2
    if sigma_z is not None:
        for j in range(size):
            den = dens[start + j]
            if den is None or den <= 0:
                continue
            half = 3 * math.sqrt(spread / den) * sigma_z
            lo, hi = max(0.0, cl - half), cl + half
            if chart == "pp":
                hi = min(1.0, hi)
            lcl[j], ucl[j] = lo, hi
    return FamilyLimits(
        cl=cl,
        lcl=lcl,
        ucl=ucl,
        extra={"sigma_z": sigma_z},
        moving_ranges_all_zero=amr is None and len(z) >= 2,
    )


# --------------------------------------------------------------------------------------
# Centres of arbitrary points, for summarize_change
# --------------------------------------------------------------------------------------


def family_centre_of(chart: str, points: list[dict]) -> float | None:
    included = [p for p in points if p["y"] is not None]
    if chart in ("xbar", "s"):
        groups = [Subgroup(tuple(p["observations"])) for p in included]
        return grand_mean(groups) if chart == "xbar" else subgroup_s_bar(groups)
    if not included:
        return None
    if chart == "g":
        return statistics.median(p["y"] for p in included)
    if chart == "t":
        return _mean([p["y"] ** (1 / T_POWER) for p in included]) ** T_POWER
    if chart in ("pp", "up"):
        den_sum = math.fsum(p["denominator"] for p in included)
        return math.fsum(p["value"] for p in included) / den_sum if den_sum > 0 else None
    return _mean([p["y"] for p in included])  # mr
