"""Measures and their data, results and dissemination: presentations, abstracts, publications
and the structured abstract draft.

Measure and DataPoint carry what the stage guards need (is there baseline data? post-event
data?). The measures and charts work extends them with data types, targets, annotations and
the SPC analysis; `shows_improvement_signal()` is the one place the signal rule is decided."""

import re
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q

from capstone.models.choices import Direction
from capstone.models.project import Project, ProjectPartQuerySet

# The IHI run-chart shift rule: this many consecutive points on one side of the median.
SHIFT_LENGTH = 6


class MeasureKind(models.TextChoices):
    OUTCOME = "outcome", "Outcome"
    PROCESS = "process", "Process"
    BALANCING = "balancing", "Balancing"


class Phase(models.TextChoices):
    BASELINE = "baseline", "Baseline"
    POST_EVENT = "post_event", "Post-event"


class MeasureQuerySet(ProjectPartQuerySet):
    def _with_phase(self, phase):
        points = DataPoint.objects.filter(measure=OuterRef("pk"), phase=phase, excluded=False)
        return self.filter(Exists(points))

    def with_baseline(self):
        return self._with_phase(Phase.BASELINE)

    def with_post_event(self):
        return self._with_phase(Phase.POST_EVENT)


@dataclass(frozen=True)
class PhaseSummary:
    baseline_median: Decimal | None
    post_event_median: Decimal | None
    baseline_points: int
    post_event_points: int
    direction: str = Direction.UP

    @property
    def change(self):
        if self.baseline_median is None or self.post_event_median is None:
            return None
        return self.post_event_median - self.baseline_median

    @property
    def is_better(self):
        """Whether the post-event median moved in the direction of improvement (None: no data
        or no change)."""
        if not self.change:
            return None
        return (self.change > 0) == (self.direction == Direction.UP)

    @property
    def percent_change(self):
        if self.change is None or not self.baseline_median:
            return None
        return self.change / abs(self.baseline_median) * 100


class Measure(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=200, help_text="e.g. Discharges before noon")
    kind = models.CharField(max_length=10, choices=MeasureKind.choices)
    unit = models.CharField(max_length=40, help_text="e.g. %, minutes, messages")
    direction = models.CharField(
        "direction of improvement",
        max_length=4,
        choices=Direction.choices,
        help_text="Whether an increase or a decrease is the improvement.",
    )
    effect_summary = models.TextField(
        "effect of the changes",
        blank=True,
        help_text="In words, what happened to this measure after the event.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "pk"]

    def __str__(self):
        return self.name

    @property
    def better_when(self):
        return "higher is better" if self.direction == Direction.UP else "lower is better"

    def included_points(self, phase=None):
        """Points that count, oldest first. Reads `data_points.all()` so a prefetch is used."""
        points = [p for p in self.data_points.all() if not p.excluded and p.y is not None]
        if phase:
            points = [p for p in points if p.phase == phase]
        return sorted(points, key=lambda p: (p.period, p.pk))

    def phase_summary(self) -> PhaseSummary:
        baseline = [p.y for p in self.included_points(Phase.BASELINE)]
        post = [p.y for p in self.included_points(Phase.POST_EVENT)]
        return PhaseSummary(
            statistics.median(baseline) if baseline else None,
            statistics.median(post) if post else None,
            len(baseline),
            len(post),
            self.direction,
        )

    def shows_improvement_signal(self) -> bool:
        """A shift: SHIFT_LENGTH or more consecutive post-event points on the better side of
        the baseline median. Points exactly on the median neither count nor break the run."""
        baseline = [p.y for p in self.included_points(Phase.BASELINE)]
        if not baseline:
            return False
        centre = statistics.median(baseline)
        better = (
            (lambda y: y > centre) if self.direction == Direction.UP else (lambda y: y < centre)
        )
        run = 0
        for point in self.included_points(Phase.POST_EVENT):
            if point.y == centre:
                continue
            run = run + 1 if better(point.y) else 0
            if run >= SHIFT_LENGTH:
                return True
        return False


class DataPointQuerySet(ProjectPartQuerySet):
    project_path = "measure__project"


class DataPoint(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="data_points")
    period = models.DateField(help_text="The date or the start of the period the value is for.")
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    phase = models.CharField(max_length=10, choices=Phase.choices)
    excluded = models.BooleanField(
        default=False, help_text="Left out of the analysis but kept, with the reason."
    )
    excluded_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DataPointQuerySet.as_manager()

    class Meta:
        ordering = ["period", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=False) | Q(numerator__isnull=False, denominator__gt=0),
                name="data_point_has_a_value_or_a_proportion",
            ),
            models.CheckConstraint(
                condition=Q(excluded=False) | ~Q(excluded_reason=""),
                name="excluded_data_point_has_a_reason",
            ),
        ]

    def __str__(self):
        value = "—" if self.y is None else f"{Decimal(self.y).normalize():f}"
        return f"{value} on {self.period:%-d %b %Y} ({self.get_phase_display().lower()})"

    def clean(self):
        errors = {}
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
        return ratio * 100 if self.measure.unit.strip() == "%" else ratio

    @staticmethod
    def phase_for(project, period):
        """Baseline before the event's first day (or while it has no date); post-event after."""
        if project.event_first_day is None or period < project.event_first_day:
            return Phase.BASELINE
        return Phase.POST_EVENT


class Presentation(models.Model):
    class Format(models.TextChoices):
        ORAL = "oral", "Oral presentation"
        POSTER = "poster", "Poster"
        REPORT_OUT = "report_out", "Report-out"
        GRAND_ROUNDS = "grand_rounds", "Grand rounds"
        OTHER = "other", "Other"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="presentations")
    title = models.CharField(max_length=300, blank=True)
    venue = models.CharField(max_length=200, help_text="e.g. Medicine grand rounds, SGIM")
    presented_on = models.DateField("date")
    audience = models.CharField(max_length=200, blank=True)
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.ORAL)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["-presented_on", "pk"]

    def __str__(self):
        return f"{self.venue} ({self.presented_on})"


class AbstractSubmission(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        PRESENTED = "presented", "Presented"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="abstracts")
    title = models.CharField(max_length=300)
    conference = models.CharField(max_length=200)
    deadline = models.DateField(null=True, blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["-deadline", "pk"]

    def __str__(self):
        return f"{self.title} ({self.conference})"

    def clean(self):
        if self.status != self.Status.DRAFT and self.submitted_on is None:
            raise ValidationError(
                {"submitted_on": "Give the date it was submitted (the status is past draft)."}
            )


DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
PMID_PATTERN = re.compile(r"^\d{1,9}$")
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:")


def normalize_doi(text: str) -> str:
    text = text.strip()
    for prefix in DOI_PREFIXES:
        if text.lower().startswith(prefix):
            return text[len(prefix) :].strip()
    return text


def validate_doi(value):
    if value and not DOI_PATTERN.match(value):
        raise ValidationError(
            "This is not a DOI. A DOI looks like 10.1136/bmjoq-2023-002345.", code="bad_doi"
        )


def validate_pmid(value):
    if value and not PMID_PATTERN.match(value):
        raise ValidationError("A PMID is digits only, e.g. 37012345.", code="bad_pmid")


class Publication(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="publications")
    journal = models.CharField(max_length=200)
    citation = models.TextField(help_text="The full reference, as you would cite it.")
    doi = models.CharField("DOI", max_length=200, blank=True, validators=[validate_doi])
    pmid = models.CharField("PMID", max_length=12, blank=True, validators=[validate_pmid])
    published_on = models.DateField(null=True, blank=True)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(doi="") | ~Q(pmid=""), name="publication_has_doi_or_pmid"
            )
        ]

    def __str__(self):
        return f"{self.journal}: {self.citation[:60]}"

    def clean(self):
        self.doi = normalize_doi(self.doi)
        self.pmid = self.pmid.strip()
        if not self.doi and not self.pmid:
            raise ValidationError("Give a DOI or a PMID so that the publication can be found.")


class AbstractDraft(models.Model):
    """The structured abstract, prefilled from the record and then edited by the leads."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="abstract_draft")
    title = models.CharField(max_length=300)
    # A draft may be saved with sections still empty; nothing typed is lost.
    background = models.TextField(blank=True)
    aim = models.TextField(blank=True)
    methods = models.TextField(blank=True)
    results = models.TextField(blank=True)
    conclusions = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ProjectPartQuerySet.as_manager()

    SECTIONS = ("background", "aim", "methods", "results", "conclusions")

    def __str__(self):
        return f"Abstract draft: {self.project}"

    def word_count(self):
        return sum(len(getattr(self, name).split()) for name in self.SECTIONS)
