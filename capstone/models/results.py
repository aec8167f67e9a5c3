"""Results and dissemination: presentations, abstracts, publications and the structured
abstract draft. Measures and their data are in measures.py."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from capstone.models.project import Project, ProjectPartQuerySet
from pathway.core.academic import refuse_future
from pathway.core.limits import LONG_TEXT


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

    def clean(self):
        refuse_future(self.presented_on, "presented_on", "The presentation date")


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
        refuse_future(self.submitted_on, "submitted_on", "The submission date")


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
    citation = models.TextField(
        help_text="The full reference, as you would cite it.", max_length=LONG_TEXT
    )
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
    background = models.TextField(blank=True, max_length=LONG_TEXT)
    aim = models.TextField(blank=True, max_length=LONG_TEXT)
    methods = models.TextField(blank=True, max_length=LONG_TEXT)
    results = models.TextField(blank=True, max_length=LONG_TEXT)
    conclusions = models.TextField(blank=True, max_length=LONG_TEXT)
    word_limit = models.PositiveSmallIntegerField(
        default=300,
        validators=[MinValueValidator(50), MaxValueValidator(1000)],
        help_text="The conference's limit for the five sections (the title is not counted).",
    )
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
