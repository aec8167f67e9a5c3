"""Constants of the SPC rules (qicharts2, IHI, NHSRplotthedots)."""

from __future__ import annotations

CHARTS = ("run", "i", "p", "c", "u", "mr", "xbar", "s", "t", "g", "pp", "up")
# Charts whose values are subgroups (lists of raw observations), one per point.
SUBGROUP_CHARTS = ("xbar", "s")
# Charts that take denominators (and must have them).
RATIO_CHARTS = ("p", "u", "pp", "up")
# Charts with Making Data Count rules (NHSRplotthedots has no others).
MDC_CHARTS = ("i", "p", "c", "u")
T_POWER = 3.6  # T chart: y^(1/3.6) makes exponential times nearly normal (Nelson 1994)
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
