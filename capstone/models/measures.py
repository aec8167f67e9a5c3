"""A project's measures, their data points (with the history of every edit and deletion),
annotations on their charts, and the program's choice of run-chart rules.

Measure and DataPoint carry what the stage guards need (is there baseline data? post-event
data? does a signal support the change?). The chart itself, built from these rows with
capstone.spc, is in capstone/charts.py; `Measure.summary()` is the one place the baseline vs
post-event comparison and its signal are decided."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q

from capstone.chartwords import value_with_unit
from capstone.models.choices import Direction
from capstone.models.measure_kinds import (
    BaselineMode,
    ChartMode,
    ControlChart,
    DataType,
    Frequency,
    MeasureKind,
    Phase,
    RuleSet,
)
from capstone.models.project import Project, ProjectPartQuerySet
from pathway.core.academic import future_problem
from pathway.core.compiled_lists import CompiledList
from pathway.core.dates import month_year, short_date, short_day
from pathway.core.fields import acting_user
from pathway.core.limits import LONG_TEXT

FOLLOW_UP_WINDOW_DAYS = 14


class ChartSettings(models.Model):
    """The program's choice of signal rules for every chart; Anhøj when none is recorded."""

    program = models.OneToOneField(
        "pathway.Program", on_delete=models.CASCADE, related_name="chart_settings"
    )
    rules = models.CharField(
        "signal rules", max_length=10, choices=RuleSet.choices, default=RuleSet.ANHOEJ
    )
    follow_up_window_days = models.PositiveSmallIntegerField(
        "follow-up window (days)",
        default=FOLLOW_UP_WINDOW_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="How many days before or after its due day a 30/60/90-day follow-up may be held.",
    )

    class Meta:
        verbose_name = "chart settings"
        verbose_name_plural = "chart settings"

    def __str__(self):
        return f"{self.program}: {self.get_rules_display()}"

    @classmethod
    def rules_for(cls, program_id) -> str:
        if program_id is None:
            return RuleSet.ANHOEJ
        rules = _program_rules(None, program=program_id)
        return (rules[0] if rules else None) or RuleSet.ANHOEJ

    @classmethod
    def follow_up_window_for(cls, program_id) -> int:
        days = cls.objects.filter(program_id=program_id).values_list(
            "follow_up_window_days", flat=True
        )
        return days.first() or FOLLOW_UP_WINDOW_DAYS


# Every chart asks for its program's rules: the SQL is written once (compiled_lists).
_program_rules = CompiledList(
    ChartSettings,
    lambda user, program: (
        ChartSettings.objects.filter(program_id=program)
        .order_by("pk")
        .values_list("rules", flat=True)[:1]
    ),
)


class MeasureQuerySet(ProjectPartQuerySet):
    def _with_phase(self, phase):
        points = DataPoint.objects.filter(measure=OuterRef("pk"), phase=phase, excluded=False)
        return self.filter(Exists(points))

    def with_baseline(self):
        return self._with_phase(Phase.BASELINE)

    def with_post_event(self):
        return self._with_phase(Phase.POST_EVENT)

    def for_charts(self):
        """Everything a chart reads, in a fixed number of queries whatever the data size."""
        return self.select_related("project__program").prefetch_related(
            "data_points", "annotations", "project__tests_of_change"
        )


class Measure(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=200, help_text="e.g. Discharges before noon")
    kind = models.CharField(max_length=10, choices=MeasureKind.choices)
    operational_definition = models.TextField(
        blank=True,
        help_text="Exactly what is counted, from which patients, when and how, so that anyone "
        "collecting it gets the same number.",
        max_length=LONG_TEXT,
    )
    unit = models.CharField(max_length=40, help_text="e.g. %, minutes, falls")
    data_type = models.CharField(
        max_length=12,
        choices=DataType.choices,
        default=DataType.CONTINUOUS,
        help_text="It decides the control chart.",
    )
    control_chart = models.CharField(
        "control chart",
        max_length=4,
        choices=ControlChart.choices,
        blank=True,
        help_text="Empty: the usual chart for the data type.",
    )
    direction = models.CharField(
        "direction of improvement",
        max_length=4,
        choices=Direction.choices,
        help_text="Whether an increase or a decrease is the improvement.",
    )
    target = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="The goal, in the measure's unit; drawn as a green dotted line.",
    )
    data_source = models.CharField(
        max_length=200, blank=True, help_text="e.g. Epic discharge report, manual audit"
    )
    collection_frequency = models.CharField(
        max_length=12, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    chart_mode = models.CharField(
        "chart", max_length=8, choices=ChartMode.choices, default=ChartMode.CONTROL
    )
    baseline_mode = models.CharField(
        "baseline",
        max_length=8,
        choices=BaselineMode.choices,
        default=BaselineMode.FREEZE,
        help_text="Frozen shows whether the post-event points differ from the baseline; split "
        "shows the new process once the change is established.",
    )
    effect_summary = models.TextField(
        "effect of the changes",
        blank=True,
        help_text="In words, what happened to this measure after the event.",
        max_length=LONG_TEXT,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeasureQuerySet.as_manager()

    # How the measure is judged and charted (the data plan); the measure form and the API
    # both take it from here.
    PLAN_FIELDS = (
        "direction",
        "target",
        "data_source",
        "collection_frequency",
        "chart_mode",
        "baseline_mode",
    )

    class Meta:
        ordering = ["kind", "pk"]

    def __str__(self):
        return self.name

    @property
    def better_when(self):
        return "higher is better" if self.direction == Direction.UP else "lower is better"

    @property
    def chart_type(self):
        """The control chart drawn: the one chosen, if it suits the data type, else the usual."""
        options = DataType(self.data_type).control_charts
        return self.control_chart if self.control_chart in options else options[0]

    @property
    def is_percent(self):
        return self.unit.strip() == "%"

    def ordered_points(self):
        """Every point, excluded ones too, in chart order. Reads `data_points.all()` so a
        prefetch is used."""
        return sorted(self.data_points.all(), key=DataPoint.sort_key)

    def included_points(self, phase=None):
        """Points that count, oldest first."""
        points = [p for p in self.ordered_points() if not p.excluded and p.y is not None]
        if phase:
            points = [p for p in points if p.phase == phase]
        return points

    @property
    def baseline_points(self):
        """How many baseline points count (not excluded)."""
        return len(self.included_points(Phase.BASELINE))

    def chart(self, *, mode=None, rules=None):
        from capstone.charts import measure_chart

        return measure_chart(self, mode=mode, rules=rules)

    def summary(self, *, rules=None):
        """Baseline vs post-event centres, the change, and whether a signal supports it."""
        return self.chart(rules=rules).summary

    def shows_improvement_signal(self, *, rules=None) -> bool:
        """A signal (a long run or shift, or a point outside the baseline's limits) on the
        better side of the baseline centre after the event, by the program's rules."""
        return bool(self.summary(rules=rules).signal)


class DataPointQuerySet(ProjectPartQuerySet):
    project_path = "measure__project"


class DataPoint(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="data_points")
    period = models.DateField(
        null=True, blank=True, help_text="The date or the start of the period the value is for."
    )
    sequence = models.PositiveIntegerField(
        "sequence number",
        null=True,
        blank=True,
        help_text="Instead of a date: 1, 2, 3… (e.g. consecutive patients).",
    )
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    observations = models.JSONField(
        null=True,
        blank=True,
        help_text="A subgroup's measurements (numbers); the value is their mean.",
    )
    numerator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    phase = models.CharField(max_length=10, choices=Phase.choices)
    phase_overridden = models.BooleanField(
        "phase set by hand",
        default=False,
        help_text="Otherwise the phase follows the event's dates.",
    )
    note = models.CharField(max_length=300, blank=True)
    excluded = models.BooleanField(
        default=False, help_text="Left out of the analysis but kept, with the reason."
    )
    excluded_reason = models.CharField(max_length=300, blank=True)
    entered_by = acting_user()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DataPointQuerySet.as_manager()

    class Meta:
        ordering = ["period", "sequence", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=False) | Q(numerator__isnull=False, denominator__gt=0),
                name="data_point_has_a_value_or_a_proportion",
            ),
            models.CheckConstraint(
                condition=Q(excluded=False) | ~Q(excluded_reason=""),
                name="excluded_data_point_has_a_reason",
            ),
            models.CheckConstraint(
                condition=Q(period__isnull=False) | Q(sequence__isnull=False),
                name="data_point_has_a_date_or_a_sequence_number",
            ),
        ]

    # The reading itself: which of these are filled depends on the measure's data type.
    # The history, the charts and the API all take them from here.
    READING_FIELDS = ("value", "numerator", "denominator", "observations")

    # Fields whose old and new values the history keeps.
    TRACKED = (
        "period",
        "sequence",
        *READING_FIELDS,
        "phase",
        "note",
        "excluded",
        "excluded_reason",
    )

    def __str__(self):
        return f"{self.y_text(unit=False)} on {self.when} ({self.get_phase_display().lower()})"

    def y_text(self, unit=True) -> str:
        """The plotted value as the chart's table shows it (43.33%, not 43.3333333…)."""
        return value_with_unit(self.y, self.measure.unit if unit else "")

    @property
    def when(self):
        if self.period is not None:
            return f"{short_date(self.period)}"
        return f"#{self.sequence}"

    def label(self, frequency=None):
        """The x-axis label: a month for monthly data, else a day; #n for sequence numbers."""
        if self.period is None:
            return f"#{self.sequence}"
        if frequency in (Frequency.MONTHLY, Frequency.QUARTERLY):
            return month_year(self.period)
        return short_day(self.period)

    @staticmethod
    def sort_key(point):
        return (point.period or date.min, point.sequence or 0, point.pk or 0)

    # The database keeps these; clean() checks the same conditions first, with a message on
    # the field at fault. Validating them again would ask the database once each, for every
    # point entered, pasted or uploaded (full_clean runs a query per check constraint).
    CHECKED_BY_CLEAN = frozenset(
        {
            "data_point_has_a_value_or_a_proportion",
            "excluded_data_point_has_a_reason",
            "data_point_has_a_date_or_a_sequence_number",
        }
    )

    def get_constraints(self):
        return [
            (model, [c for c in constraints if c.name not in self.CHECKED_BY_CLEAN])
            for model, constraints in super().get_constraints()
        ]

    def clean(self):
        errors = {}
        if self.observations is not None:
            problem = observations_problem(self.observations)
            if problem:
                errors["observations"] = problem
            else:
                self.value = subgroup_mean(self.observations)
        if self.period is None and self.sequence is None:
            errors["period"] = "Give the date, or a sequence number."
        elif future := future_problem(self.period, "A data point's date"):
            errors["period"] = future
        if self.value is None and (self.numerator is None or self.denominator is None):
            errors["value"] = "Give a value, or a numerator and a denominator."
        if self.denominator is not None and self.denominator <= 0:
            errors["denominator"] = "The denominator must be more than zero."
        if self.excluded and not self.excluded_reason.strip():
            errors["excluded_reason"] = "Say why this point is excluded."
        if errors:
            raise ValidationError(errors)

    @property
    def y(self):
        """The plotted value: the value, or the proportion (in percent when the unit is %)."""
        if self.value is not None:
            return self.value
        if self.numerator is None or not self.denominator:
            return None
        ratio = self.numerator / self.denominator
        return ratio * 100 if self.measure.is_percent else ratio

    def snapshot(self) -> str:
        """The tracked fields in words, for the history."""
        parts = []
        for name in self.TRACKED:
            value = getattr(self, name)
            if value is None or value == "" or value is False:
                continue
            if isinstance(value, Decimal):
                value = f"{value.normalize():f}"
            elif isinstance(value, list):
                value = ", ".join(f"{v:g}" for v in value)
            elif value is True:
                value = "yes"
            parts.append(f"{self._meta.get_field(name).verbose_name}: {value}")
        return "; ".join(parts)

    @staticmethod
    def phase_for(project, period):
        """Baseline before the event's first day (or while it has no date); post-event after."""
        if project.event_first_day is None or period is None or period < project.event_first_day:
            return Phase.BASELINE
        return Phase.POST_EVENT


MAX_OBSERVATIONS = 100  # per subgroup; a subgroup is a handful of measurements per period


def observations_problem(observations) -> str:
    """Why a list of subgroup measurements cannot be stored, or "" when it can."""
    if not isinstance(observations, list) or not observations:
        return "Give at least one measurement."
    if len(observations) > MAX_OBSERVATIONS:
        return f"At most {MAX_OBSERVATIONS} measurements in one subgroup."
    for value in observations:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"'{value}' is not a number."
        if not abs(value) < 1e10:
            return f"'{value}' is not a number of a sensible size."
    return ""


def subgroup_mean(observations) -> Decimal:
    """The stored value of a subgroup point: its mean, as a value field holds it."""
    mean = Decimal(str(sum(observations) / len(observations)))
    return mean.quantize(Decimal("0.0001"))


class DataPointChange(models.Model):
    """One edit or deletion of a data point: who, when, and the values before and after."""

    class Action(models.TextChoices):
        EDIT = "edit", "Edited"
        DELETE = "delete", "Deleted"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="point_changes")
    data_point = models.ForeignKey(
        DataPoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    action = models.CharField(max_length=6, choices=Action.choices)
    before = models.TextField()
    after = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    objects = DataPointQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.before}"


class MeasureAnnotation(models.Model):
    """A note at a date on a measure's chart ("PDSA 2: discharge checklist")."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="annotations")
    on = models.DateField("date")
    text = models.CharField(max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DataPointQuerySet.as_manager()

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{short_date(self.on)}: {self.text}"
