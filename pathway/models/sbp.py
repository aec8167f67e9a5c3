"""The Systems-Based Practice rotation: program-set activity targets, each resident's rotation
block and activity log, and the sign-off that records the fact other features rely on."""

import math
from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from pathway.core.fields import acting_user
from pathway.core.limits import LONG_TEXT
from pathway.core.links import link
from pathway.models.people import Program, ResidentProfile, Role
from pathway.models.records import (
    ProgramCatalogQuerySet,
    ResidentRecordQuerySet,
    is_current_coach,
    is_program_role,
)


class SBPRequirement(models.Model):
    """An activity every rotation must include, with how many times."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sbp_requirements")
    name = models.CharField(max_length=200)
    description = models.CharField(max_length=300, blank=True)
    target = models.PositiveSmallIntegerField(
        default=1, help_text="How many are required (per rotation week, if ticked)."
    )
    per_week = models.BooleanField(
        "per rotation week", default=False, help_text="Multiply the target by the rotation's weeks."
    )
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(
        "in use", default=True, help_text="Untick to stop requiring it; logged activities stay."
    )

    objects = ProgramCatalogQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "SBP activity requirement"
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="sbp_requirement_unique"),
            models.CheckConstraint(condition=Q(target__gte=1), name="sbp_target_at_least_one"),
        ]

    def __str__(self):
        return self.name

    def target_for(self, weeks: int) -> int:
        return self.target * max(weeks, 1) if self.per_week else self.target

    @property
    def target_label(self) -> str:
        if self.per_week:
            return "one per rotation week" if self.target == 1 else f"{self.target} per week"
        return str(self.target)


@dataclass(frozen=True)
class RequirementProgress:
    requirement: SBPRequirement
    done: int
    target: int

    @property
    def met(self) -> bool:
        return self.done >= self.target

    @property
    def counted(self) -> int:
        return min(self.done, self.target)


@dataclass(frozen=True)
class RotationProgress:
    items: list

    @property
    def done(self) -> int:
        return sum(item.counted for item in self.items)

    @property
    def target(self) -> int:
        return sum(item.target for item in self.items)

    @property
    def met(self) -> bool:
        return all(item.met for item in self.items)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.target) if self.target else 100

    @property
    def requirements_met(self) -> int:
        return sum(1 for item in self.items if item.met)


class SBPRotationQuerySet(ResidentRecordQuerySet):
    pass


class SBPRotation(models.Model):
    """A resident's rotation block. One per resident; the dates can be changed."""

    resident = models.OneToOneField(
        ResidentProfile, on_delete=models.CASCADE, related_name="sbp_rotation"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    scheduled_by = acting_user()
    signed_off_on = models.DateField(null=True, blank=True)
    signed_off_by = acting_user()
    sign_off_note = models.TextField(
        blank=True,
        help_text="Required when signing off before every target is met.",
        max_length=LONG_TEXT,
    )

    objects = SBPRotationQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = "SBP rotation"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="sbp_rotation_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"SBP rotation of {self.resident}"

    def get_absolute_url(self):
        return link("pathway:sbp_rotation_detail", self.pk)

    @property
    def weeks(self) -> int:
        return max(1, math.ceil(((self.ends_on - self.starts_on).days + 1) / 7))

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_on is not None

    def progress(self, requirements) -> RotationProgress:
        """Progress against the program's active requirements; reads `activities.all()` so the
        caller can prefetch them."""
        counts = {}
        for activity in self.activities.all():
            counts[activity.requirement_id] = counts.get(activity.requirement_id, 0) + 1
        return RotationProgress(
            [
                RequirementProgress(r, counts.get(r.pk, 0), r.target_for(self.weeks))
                for r in requirements
            ]
        )

    def can_sign_off(self, user) -> bool:
        if self.is_signed_off or self.resident.user_id == user.pk:
            return False
        program_id = self.resident.user.program_id
        return is_program_role(user, program_id, Role.DIRECTOR) or is_current_coach(
            user, self.resident
        )

    def can_reopen(self, user) -> bool:
        return self.is_signed_off and is_program_role(
            user, self.resident.user.program_id, Role.DIRECTOR
        )

    def can_schedule(self, user) -> bool:
        return is_program_role(user, self.resident.user.program_id, Role.COORDINATOR)


class SBPActivityQuerySet(ResidentRecordQuerySet):
    resident_field = "rotation__resident"


class SBPActivity(models.Model):
    rotation = models.ForeignKey(SBPRotation, on_delete=models.CASCADE, related_name="activities")
    requirement = models.ForeignKey(
        SBPRequirement, on_delete=models.PROTECT, related_name="activities", verbose_name="activity"
    )
    occurred_on = models.DateField("date")
    what = models.CharField("what", max_length=300, help_text="E.g. 5S event on 7 East.")
    with_whom = models.CharField("with whom", max_length=300, blank=True)
    reflection = models.TextField(
        help_text="What waste or improvement did you see?", max_length=LONG_TEXT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SBPActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = "SBP activity"
        verbose_name_plural = "SBP activities"

    def __str__(self):
        return f"{self.requirement}: {self.what}"
