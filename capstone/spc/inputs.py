"""Checking and normalising the arguments of analyze()."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from itertools import chain

from capstone.spc.constants import CHARTS, IMPROVEMENTS, MDC_CHARTS, RATIO_CHARTS, RULES
from capstone.spc.family import Subgroup

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
    if rules == "mdc" and chart not in MDC_CHARTS:
        raise ValueError(
            f"rules='mdc' works with i, p, c and u charts only (as NHSRplotthedots); "
            f"use rules='anhoej' or 'ihi' for chart '{chart}'."
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


_PLAIN_NUMBERS = frozenset((float, int))


def _plain_observations(raw: Iterable) -> tuple[float, ...] | None:
    """The subgroup as floats when every observation is a finite plain int or float (the usual
    case, checked at C speed), else None so that _number explains or drops each one."""
    if not _PLAIN_NUMBERS.issuperset(map(type, raw)):
        return None
    kept = tuple(map(float, raw))
    return kept if all(map(math.isfinite, kept)) else None


def _subgroups(raw_values: list) -> list[Subgroup | None]:
    """Xbar/S input: a list per subgroup; None (or nothing left after dropping missing
    observations) excludes the subgroup."""
    # The usual input, lists of finite plain numbers, is checked in one pass at C speed.
    if (
        all(type(raw) in (list, tuple) for raw in raw_values)
        and _PLAIN_NUMBERS.issuperset(map(type, chain.from_iterable(raw_values)))
        and all(map(math.isfinite, chain.from_iterable(raw_values)))
    ):
        return [Subgroup(tuple(map(float, raw))) if raw else None for raw in raw_values]
    groups: list[Subgroup | None] = []
    for i, raw in enumerate(raw_values):
        if raw is None:
            groups.append(None)
            continue
        if type(raw) not in (list, tuple) and (  # lists skip the costly ABC check
            isinstance(raw, (str, bytes)) or not isinstance(raw, Iterable)
        ):
            raise ValueError(
                f"values[{i}] must be a list of observations (a subgroup) or None; got {raw!r}."
            )
        # Only a list or tuple can be read twice: any other iterable goes straight to _number.
        kept = _plain_observations(raw) if type(raw) in (list, tuple) else None
        if kept is None:
            obs = [_number(v, f"values[{i}]", k) for k, v in enumerate(raw)]
            kept = tuple(v for v in obs if v is not None)
        groups.append(Subgroup(kept) if kept else None)
    return groups


def _y_values(chart: str, nums: list, dens: list | None, warnings: list[str]) -> list:
    n = len(nums)
    if chart in RATIO_CHARTS and dens is None:
        kind = "numerators" if chart in ("p", "pp") else "counts"
        base = "sample sizes" if chart in ("p", "pp") else "exposures"
        raise ValueError(f"chart '{chart}' needs denominators ({base}); values are the {kind}.")
    if chart == "c" and dens is not None:
        raise ValueError("chart 'c' takes no denominators; use chart 'u' for counts per exposure.")
    if chart in ("mr", "t", "g") and dens is not None:
        raise ValueError(f"chart '{chart}' takes no denominators.")
    if chart == "t":
        for i, v in enumerate(nums):
            if v is not None and v <= 0:
                raise ValueError(
                    f"values[{i}] is {v:g}: a T chart needs times between events greater than 0."
                )
    if chart == "g":
        for i, v in enumerate(nums):
            if v is not None and (v < 0 or v != int(v)):
                raise ValueError(
                    f"values[{i}] is {v:g}: a G chart needs whole numbers of cases between "
                    "events (0 or more)."
                )
    if dens is not None and len(dens) != n:
        raise ValueError(
            f"denominators must have one entry per value: got {len(dens)} denominators "
            f"for {n} values."
        )
    for i, v in enumerate(nums):
        if v is not None and v < 0 and chart in ("p", "c", "u", "pp", "up"):
            raise ValueError(f"values[{i}] is negative ({v:g}); counts cannot be negative.")
    if dens is None:
        return list(nums)

    ys: list[float | None] = []
    zero_den = []
    for i, (num, den) in enumerate(zip(nums, dens, strict=True)):
        if den is not None and den < 0:
            raise ValueError(f"denominators[{i}] is negative ({den:g}).")
        if chart in ("p", "pp") and num is not None and den is not None and num > den:
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
