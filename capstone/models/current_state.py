"""Current state: the process steps, waste and time observations, and the problem analysis."""

import re
import statistics
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from capstone.models.project import Project, ProjectPartQuerySet
from pathway.core.academic import refuse_future
from pathway.core.limits import LONG_TEXT


class Waste(models.TextChoices):
    DEFECTS = "defects", "Defects"
    OVERPRODUCTION = "overproduction", "Overproduction"
    WAITING = "waiting", "Waiting"
    NON_UTILIZED_TALENT = "talent", "Non-utilized talent"
    TRANSPORTATION = "transportation", "Transportation"
    INVENTORY = "inventory", "Inventory"
    MOTION = "motion", "Motion"
    EXTRA_PROCESSING = "extra_processing", "Extra-processing"


class FishboneCategory(models.TextChoices):
    PEOPLE = "people", "People"
    METHODS = "methods", "Methods"
    EQUIPMENT = "equipment", "Equipment"
    MATERIALS = "materials", "Materials"
    MEASUREMENT = "measurement", "Measurement"
    ENVIRONMENT = "environment", "Environment"


class MapState(models.TextChoices):
    """Which process map a step belongs to: as it was before the event, or as it runs after."""

    CURRENT = "current", "Before the event (current state)"
    AFTER = "after", "After the event (new state)"


class ProcessStep(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(
        "step number", help_text="Steps are shown in this order."
    )
    description = models.CharField("step", max_length=300)
    performed_by = models.CharField(
        "who does it", max_length=120, blank=True, help_text="e.g. Bedside nurse"
    )
    minutes = models.DecimalField(
        "time taken (minutes)", max_digits=8, decimal_places=1, null=True, blank=True
    )
    state = models.CharField(
        "process map", max_length=8, choices=MapState.choices, default=MapState.CURRENT
    )
    value_added = models.BooleanField(
        "adds value",
        default=False,
        help_text="Tick when the patient would want to pay for this step; leave unticked for "
        "checking, moving, re-doing and other non-value-added work.",
    )

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.position}. {self.description}"


class WasteObservation(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="waste_observations"
    )
    waste = models.CharField(max_length=20, choices=Waste.choices)
    where = models.CharField(max_length=200, help_text="The step or place, e.g. pharmacy window")
    what = models.TextField("what was seen", max_length=LONG_TEXT)
    observed_on = models.DateField()
    estimated_impact = models.CharField(
        max_length=200, blank=True, help_text="e.g. 25 minutes per discharge, 3 calls a day"
    )

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["observed_on", "pk"]

    def __str__(self):
        return f"{self.get_waste_display()}: {self.where}"

    def clean(self):
        refuse_future(self.observed_on, "observed_on", "The observation date")


def summarize_wastes(observations):
    """(label, count) for each of the 8 wastes, in the glossary's order, zero counts included."""
    counts = dict.fromkeys(Waste.values, 0)
    for observation in observations:
        counts[observation.waste] += 1
    return [(Waste(value).label, count) for value, count in counts.items()]


def parse_minutes(text: str) -> list[Decimal]:
    """'12, 15 9.5; 14' -> the observed times, refusing anything that is not a positive number."""
    values = []
    for word in text.replace(";", " ").replace(",", " ").split():
        try:
            value = Decimal(word)
        except ArithmeticError:
            raise ValidationError(f"'{word}' is not a number of minutes.") from None
        if not value.is_finite() or value <= 0:
            raise ValidationError(f"'{word}' is not a positive number of minutes.")
        values.append(value)
    return values


class TimeObservation(models.Model):
    """Several observed cycle times for one step, summarised as mean, median and range."""

    class Kind(models.TextChoices):
        CYCLE = "cycle", "Time doing the step"
        WAIT = "wait", "Waiting before the step"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="time_observations")
    step = models.CharField(max_length=200)
    kind = models.CharField(
        "what was timed",
        max_length=5,
        choices=Kind.choices,
        default=Kind.CYCLE,
        help_text="Waits feed the process map's lead time. Observations dated after the event "
        "belong to the after-the-event map.",
    )
    observed_on = models.DateField(null=True, blank=True)
    # Minutes, as strings of decimals so that JSON round-trips them exactly.
    cycle_times = models.JSONField(default=list)
    note = models.CharField(max_length=300, blank=True)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.step

    def clean(self):
        refuse_future(self.observed_on, "observed_on", "The observation date")

    @property
    def times(self) -> list[Decimal]:
        return [Decimal(str(value)) for value in self.cycle_times]

    @property
    def count(self):
        return len(self.cycle_times)

    @property
    def mean(self):
        return statistics.mean(self.times) if self.times else None

    @property
    def median(self):
        return statistics.median(self.times) if self.times else None

    @property
    def minimum(self):
        return min(self.times) if self.times else None

    @property
    def maximum(self):
        return max(self.times) if self.times else None

    @property
    def range(self):
        return self.maximum - self.minimum if self.times else None


_LEADING_WHY = re.compile(r"^why\b[\s,:]*", re.IGNORECASE)


class WhyStep(models.Model):
    """One link of the 5 Whys chain: why? → because …"""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="why_steps")
    position = models.PositiveSmallIntegerField("order")
    why = models.CharField("why?", max_length=300)
    because = models.CharField("because", max_length=300)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.question} Because {self.because}"

    @property
    def why_rest(self) -> str:
        """The question after its "Why": leads type "are discharges late" or, as often, "Why
        are discharges late?"; either way it is shown once as "Why are discharges late?"."""
        text = _LEADING_WHY.sub("", self.why.strip()).rstrip(" ?")
        return f"{text}?" if text else "?"

    @property
    def question(self) -> str:
        return f"Why {self.why_rest}"


class Cause(models.Model):
    """A cause on the fishbone diagram, by category."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="causes")
    category = models.CharField(max_length=20, choices=FishboneCategory.choices)
    text = models.CharField("cause", max_length=300)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["category", "pk"]

    def __str__(self):
        return self.text
