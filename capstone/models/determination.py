"""Quality improvement or research? What a project records before its results are submitted
for presentation or publication, with the optional letter kept in private storage."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from capstone.models.project import Project, ProjectPartQuerySet
from pathway.core.dates import short_date
from pathway.core.uploads import UploadValidator
from pathway.models.records import private_storage

LETTER_KINDS = ("pdf", "png", "jpg", "docx")
LETTER_MAX_BYTES = 10 * 1024 * 1024
letter_validator = UploadValidator(LETTER_KINDS, LETTER_MAX_BYTES)


def letter_upload_to(instance, filename):
    # A random name: stored paths reveal nothing; the original name is kept apart.
    return f"determinations/{instance.project_id}/{secrets.token_hex(12)}"


class Determination(models.Model):
    class Kind(models.TextChoices):
        QI = "qi", "Quality improvement (not human-subjects research)"
        EXEMPT = "exempt", "Exempt from IRB review"
        IRB = "irb", "IRB-approved research"

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="determination")
    kind = models.CharField("determination", max_length=10, choices=Kind.choices)
    board = models.CharField(
        "review board", max_length=200, blank=True, help_text="e.g. Virginia Mason IRB"
    )
    protocol_number = models.CharField("protocol number", max_length=60, blank=True)
    approved_on = models.DateField("date of approval", null=True, blank=True)
    letter = models.FileField(
        "determination letter",
        upload_to=letter_upload_to,
        storage=private_storage,
        blank=True,
        max_length=200,
    )
    letter_name = models.CharField(max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="irb")
                | (
                    ~models.Q(board="")
                    & ~models.Q(protocol_number="")
                    & models.Q(approved_on__isnull=False)
                ),
                name="irb_determination_names_board_protocol_and_date",
            )
        ]

    def __str__(self):
        return f"{self.project}: {self.get_kind_display()}"

    def clean(self):
        errors = {}
        if self.kind == self.Kind.IRB:
            for name, label in [
                ("board", "the review board"),
                ("protocol_number", "the protocol number"),
                ("approved_on", "the date of approval"),
            ]:
                if getattr(self, name) in (None, ""):
                    errors[name] = f"An IRB approval needs {label}."
        if self.approved_on and self.approved_on > timezone.localdate():
            errors["approved_on"] = "The approval date cannot be in the future."
        if errors:
            raise ValidationError(errors)

    @property
    def summary(self) -> str:
        """One line, as the scholarly export and the Dissemination tab show it."""
        if self.kind == self.Kind.IRB:
            return (
                f"IRB-approved: {self.board}, protocol {self.protocol_number}, "
                f"{short_date(self.approved_on)}"
            )
        return self.get_kind_display()
