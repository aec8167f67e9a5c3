"""The driver diagram: the aim (the charter's), the primary drivers that must change to reach
it, the secondary drivers under each, and the change ideas (the event's ideas) each driver
leads to. A change idea's tests of change (PDSA) and their outcome come from the idea."""

from django.core.exceptions import ValidationError
from django.db import models

from capstone.models.event import Idea
from capstone.models.project import Project, ProjectPartQuerySet

DRIVER_TEXT_MAX = 200


class Driver(models.Model):
    """A primary driver (no parent) or a secondary driver (its parent is a primary driver)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="drivers")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name="primary driver",
        help_text="Leave empty for a primary driver; choose one to make this a secondary driver.",
    )
    text = models.CharField("driver", max_length=DRIVER_TEXT_MAX)
    position = models.PositiveSmallIntegerField("order", default=0)
    ideas = models.ManyToManyField(
        Idea,
        blank=True,
        related_name="drivers",
        verbose_name="change ideas",
        help_text="The ideas that act on this driver.",
    )

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text

    @property
    def is_primary(self) -> bool:
        return self.parent_id is None

    @property
    def level_label(self) -> str:
        return "Primary driver" if self.is_primary else "Secondary driver"

    def clean(self):
        parent = self.parent
        if parent is None:
            return
        if parent.project_id != self.project_id:
            raise ValidationError({"parent": "Choose a primary driver of this project."})
        if parent.parent_id is not None:
            raise ValidationError(
                {"parent": "A secondary driver hangs from a primary driver, not another secondary."}
            )
        if self.pk is not None and (parent.pk == self.pk or self.children.exists()):
            raise ValidationError(
                {"parent": "This driver has secondary drivers of its own; it stays primary."}
            )
