"""The project library's two consents: a lead offering a capstone to the library before it
reaches Results (listed once a director approves), and a director sharing their program's
library with the other programs of the installation (revocable: the row is deleted)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from capstone.models.project import Project, ProjectPartQuerySet
from pathway.models import Program


class LibraryOffer(models.Model):
    """The lead offers the project to the library early; it is listed once a program director
    approves. Withdrawing the offer (or the approval) deletes the row."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="library_offer")
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    offered_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["offered_at", "pk"]

    def __str__(self):
        state = "approved" if self.approved_at else "offered"
        return f"{self.project}: {state} for the library"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class LibraryShare(models.Model):
    """The program's library is open to every other program of the installation while this row
    exists; a director revokes the sharing by deleting it."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="library_share")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["program"]

    def __str__(self):
        return f"{self.program} shares its project library"
