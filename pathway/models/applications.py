"""Applying to the pathway: residents apply in PGY-1; directors accept or decline."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pathway.core.fields import acting_user
from pathway.core.limits import LONG_TEXT
from pathway.core.links import link
from pathway.models.people import InterestArea, ResidentProfile, Role
from pathway.models.records import ResidentRecordQuerySet, is_program_role, private_storage

CV_UPLOAD_KINDS = ("pdf", "docx")
CV_MAX_BYTES = 5 * 1024 * 1024
# Residents apply during PGY-1; a later application needs a director's allowance.
LAST_PGY_TO_APPLY = 1


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Awaiting decision"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


def cv_upload_to(instance, filename):
    return (
        f"applications/{instance.resident_id}/{timezone.now():%Y%m%d%H%M%S}-{secrets.token_hex(8)}"
    )


class ApplicationQuerySet(ResidentRecordQuerySet):
    def open(self):
        return self.filter(status=ApplicationStatus.SUBMITTED)


class Application(models.Model):
    resident = models.ForeignKey(
        ResidentProfile, on_delete=models.CASCADE, related_name="applications"
    )
    statement = models.TextField(
        "statement of interest",
        help_text="Why you want to join the pathway and what you hope to improve.",
        max_length=LONG_TEXT,
    )
    areas_of_interest = models.ManyToManyField(InterestArea, blank=True, related_name="+")
    cv = models.FileField(
        "CV", upload_to=cv_upload_to, storage=private_storage, blank=True, max_length=200
    )
    cv_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    is_late = models.BooleanField(
        "late application", default=False, help_text="Submitted after PGY-1, allowed by a director."
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = acting_user()
    decision_note = models.TextField(blank=True, max_length=LONG_TEXT)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident"],
                condition=Q(status="submitted"),
                name="one_open_application_per_resident",
            ),
        ]

    def __str__(self):
        return f"{self.resident}: application of {timezone.localdate(self.submitted_at)}"

    def get_absolute_url(self):
        return link("pathway:application_detail", self.pk)

    @property
    def is_open(self) -> bool:
        return self.status == ApplicationStatus.SUBMITTED

    def can_decide(self, user) -> bool:
        return self.is_open and is_program_role(user, self.resident.user.program_id, Role.DIRECTOR)


class LateApplicationAllowance(models.Model):
    """A director's permission for one application after PGY-1; used up by that application."""

    resident = models.ForeignKey(
        ResidentProfile, on_delete=models.CASCADE, related_name="late_application_allowances"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(max_length=LONG_TEXT)
    used_by = models.OneToOneField(
        Application,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="allowance",
    )

    objects = ResidentRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident"],
                condition=Q(used_by__isnull=True),
                name="one_unused_late_allowance",
            ),
        ]

    def __str__(self):
        return f"Late application allowed for {self.resident}"
