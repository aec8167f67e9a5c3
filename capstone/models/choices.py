"""The capstone's vocabularies and small value types: stages and their order, origins, the
direction of an aim or a measure, the IHI progress scale, and the two-day event's date rule."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import models


class Stage(models.TextChoices):
    SELECTION = "selection", "Selection (charter)"
    CURRENT_STATE = "current_state", "Current state"
    EVENT_PREP = "event_prep", "Event preparation"
    EVENT = "event", "Two-day event"
    IMPLEMENTATION = "implementation", "Implementation"
    POST_EVENT = "post_event", "Post-event measurement"
    RESULTS = "results", "Results and report-out"
    DISSEMINATION = "dissemination", "Dissemination"
    CLOSED = "closed", "Closed"
    ON_HOLD = "on_hold", "On hold"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The forward path, in order. On hold and Withdrawn sit beside it.
FLOW = [
    Stage.SELECTION,
    Stage.CURRENT_STATE,
    Stage.EVENT_PREP,
    Stage.EVENT,
    Stage.IMPLEMENTATION,
    Stage.POST_EVENT,
    Stage.RESULTS,
    Stage.DISSEMINATION,
    Stage.CLOSED,
]
FINAL_STAGES = frozenset({Stage.CLOSED, Stage.WITHDRAWN})
# Short labels for the stepper, where the full names do not fit.
STEP_LABELS = {
    Stage.SELECTION: "Selection",
    Stage.CURRENT_STATE: "Current state",
    Stage.EVENT_PREP: "Event prep",
    Stage.EVENT: "Two-day event",
    Stage.IMPLEMENTATION: "Implementation",
    Stage.POST_EVENT: "Post-event data",
    Stage.RESULTS: "Results",
    Stage.DISSEMINATION: "Dissemination",
    Stage.CLOSED: "Closed",
}


class Origin(models.TextChoices):
    PSA = "psa", "Patient Safety Alert"
    REPORT_OUT = "report_out", "A report-out"
    FLOW_TOUR = "flow_tour", "A flow tour or SBP rotation"
    LEADER = "leader", "Suggested by a leader or sponsor"
    OWN_IDEA = "own_idea", "The resident's own idea"
    OTHER = "other", "Other"


class Direction(models.TextChoices):
    UP = "up", "Increase"
    DOWN = "down", "Decrease"


# The IHI progress scale: score -> its name.
PROGRESS_SCALE = {
    Decimal("0.5"): "Intent to participate",
    Decimal("1.0"): "Forming team",
    Decimal("1.5"): "Planning for the project has begun",
    Decimal("2.0"): "Activity, but no changes",
    Decimal("2.5"): "Changes tested, but no improvement",
    Decimal("3.0"): "Modest improvement",
    Decimal("3.5"): "Improvement",
    Decimal("4.0"): "Significant improvement",
    Decimal("4.5"): "Sustainable improvement",
    Decimal("5.0"): "Outstanding sustainable results",
}
PROGRESS_CHOICES = [(score, f"{score} — {name}") for score, name in PROGRESS_SCALE.items()]

# 0 Monday … 4 Friday. Two consecutive working days therefore start Monday to Thursday.
LAST_WORKING_WEEKDAY = 4


def event_days_problem(first: date | None, second: date | None) -> str | None:
    """Why two dates are not a valid two-day event, or None when they are."""
    if first is None and second is None:
        return None
    if first is None:
        return (
            f"The first day is missing (the second is {second:%A %-d %B %Y}): "
            "give both days of the event, or neither."
        )
    if second is None:
        return (
            f"The second day is missing (the first is {first:%A %-d %B %Y}): "
            "give both days of the event, or neither."
        )
    if first.weekday() > LAST_WORKING_WEEKDAY:
        return f"The first day, {first:%A %-d %B %Y}, is not a working day (Monday to Friday)."
    if second.weekday() > LAST_WORKING_WEEKDAY:
        return f"The second day, {second:%A %-d %B %Y}, is not a working day (Monday to Friday)."
    if second != first + timedelta(days=1):
        return (
            "The two days must be consecutive working days with no weekend between them, "
            f"e.g. {first:%A} and {(first + timedelta(days=1)):%A}."
            if first.weekday() < LAST_WORKING_WEEKDAY
            else "The two days must be consecutive working days with no weekend between them: "
            "an event cannot start on a Friday."
        )
    return None


@dataclass(frozen=True)
class Requirement:
    """One entry requirement of a stage: what is needed, whether it is met, where to fix it."""

    label: str
    met: bool
    tab: str = "project_detail"


@dataclass(frozen=True)
class ProgressSuggestion:
    score: Decimal
    reasons: list  # the criteria met, lowest first
    next_step: str | None  # what would raise the suggestion by one step

    @property
    def label(self):
        return PROGRESS_SCALE[self.score]
