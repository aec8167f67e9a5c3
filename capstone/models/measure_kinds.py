"""The kinds of data a measure holds and the charts that suit each: the choices the measure
form, the chart chooser and the SPC engine's callers share."""

from django.db import models


class MeasureKind(models.TextChoices):
    OUTCOME = "outcome", "Outcome"
    PROCESS = "process", "Process"
    BALANCING = "balancing", "Balancing"


class Phase(models.TextChoices):
    BASELINE = "baseline", "Baseline"
    POST_EVENT = "post_event", "Post-event"


class DataType(models.TextChoices):
    """What one data point is; it decides the control chart."""

    CONTINUOUS = "continuous", "Continuous value (e.g. minutes) — I chart"
    PROPORTION = "proportion", "Proportion: numerator / denominator — P chart"
    COUNT = "count", "Count of events (e.g. falls) — C chart"
    RATE = "rate", "Rate: count / exposure (e.g. falls per 1,000 patient days) — U chart"
    SUBGROUP = (
        "subgroup",
        "Several measurements per period (e.g. each patient's wait that week) — Xbar and S charts",
    )
    EVENT_DATES = (
        "event_dates",
        "Dates of rare events (e.g. each fall) — T chart of days between events",
    )
    BETWEEN = (
        "between",
        "Cases between rare events (e.g. deliveries between infections) — G chart",
    )

    @property
    def control_chart(self):
        """The usual control chart for this data."""
        return CONTROL_CHARTS[self][0]

    @property
    def control_charts(self):
        """Every control chart this data can be drawn as; the first is the usual one."""
        return CONTROL_CHARTS[self]

    @property
    def uses_fraction(self):
        return self in (DataType.PROPORTION, DataType.RATE)

    @property
    def uses_observations(self):
        return self == DataType.SUBGROUP


class ControlChart(models.TextChoices):
    """The capstone.spc chart names, in words."""

    I = "i", "I chart (individual values)"  # noqa: E741 - qicharts2's name
    MR = "mr", "MR chart (moving ranges)"
    P = "p", "P chart (proportions)"
    PP = "pp", "P′ chart (Laney: proportions with large denominators)"
    C = "c", "C chart (counts)"
    U = "u", "U chart (rates)"
    UP = "up", "U′ chart (Laney: rates with large exposures)"
    XBAR = "xbar", "Xbar chart (subgroup means)"
    S = "s", "S chart (subgroup standard deviations)"
    T = "t", "T chart (time between rare events)"
    G = "g", "G chart (cases between rare events)"


CONTROL_CHARTS = {
    DataType.CONTINUOUS: ("i", "mr"),
    DataType.PROPORTION: ("p", "pp"),
    DataType.COUNT: ("c",),
    DataType.RATE: ("u", "up"),
    DataType.SUBGROUP: ("xbar", "s"),
    DataType.EVENT_DATES: ("t",),
    DataType.BETWEEN: ("g",),
}


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    PER_CASE = "per_case", "Each case"


class ChartMode(models.TextChoices):
    CONTROL = "control", "Control chart (SPC)"
    RUN = "run", "Run chart"


class BaselineMode(models.TextChoices):
    FREEZE = "freeze", "Frozen baseline: the baseline's centre and limits extend after the event"
    SPLIT = "split", "Split at the event: baseline and post-event each get their own centre"


class RuleSet(models.TextChoices):
    ANHOEJ = "anhoej", "Anhøj rules (qicharts2)"
    IHI = "ihi", "IHI run-chart rules"
    MDC = "mdc", "Making Data Count (NHS England)"


# A 30-day follow-up held 20 days late is a 50-day one; programs may set a narrower window.
