"""Coaching, sponsorship and peer mentoring. The coach assignment is part of the foundation:
coaches see the residents assigned to them."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class CoachAssignmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.is_program_staff:
            return self.filter(resident__user__program=user.program_id)
        # A coach sees only current assignments: once a resident is handed over, the old
        # coach no longer sees them. The resident keeps their whole coaching history.
        return self.filter(Q(coach=user, ended_on__isnull=True) | Q(resident__user=user)).filter(
            resident__user__program=user.program_id
        )


class CoachAssignment(models.Model):
    """Who coaches a resident, and since when. One current row per resident; history kept."""

    resident = models.ForeignKey(
        "pathway.ResidentProfile", on_delete=models.CASCADE, related_name="coach_assignments"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coachees"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CoachAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident"],
                condition=Q(ended_on__isnull=True),
                name="one_current_coach_per_resident",
            )
        ]

    def __str__(self):
        return f"{self.coach} coaches {self.resident}"
