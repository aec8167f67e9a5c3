"""Implementation and sustainment: the action plan, standard work and the 30/60/90 follow-ups."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from capstone.models.measures import ChartSettings
from capstone.models.owned import OwnedItem
from capstone.models.project import Project, ProjectPartQuerySet
from pathway.core.academic import refuse_future
from pathway.core.limits import LONG_TEXT

FOLLOW_UP_DAYS = (30, 60, 90)


class ActionItemQuerySet(ProjectPartQuerySet):
    def overdue(self, on: date | None = None):
        on = on or timezone.localdate()
        return self.exclude(status=ActionItem.Status.DONE).filter(due_on__lt=on)


class ActionItem(OwnedItem):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        BLOCKED = "blocked", "Blocked"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="action_items")
    what = models.CharField(max_length=300)
    due_on = models.DateField("due")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    notes = models.TextField(blank=True, max_length=LONG_TEXT)
    completed_on = models.DateField(null=True, blank=True, editable=False)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.what

    def save(self, *args, **kwargs):
        # The completion date follows the status, so "done" always says since when.
        if self.status == self.Status.DONE and self.completed_on is None:
            self.completed_on = timezone.localdate()
        elif self.status != self.Status.DONE:
            self.completed_on = None
        super().save(*args, **kwargs)

    def is_overdue(self, on: date | None = None) -> bool:
        return self.status != self.Status.DONE and self.due_on < (on or timezone.localdate())


class StandardWorkDoc(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="standard_work_docs"
    )
    title = models.CharField(max_length=200)
    version = models.CharField(max_length=20, default="1.0")
    adopted_on = models.DateField("date adopted", null=True, blank=True)
    attachment = models.ForeignKey(
        "capstone.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self):
        return f"{self.title} v{self.version}"


class FollowUp(models.Model):
    """Re-measuring 30, 60 and 90 days after the event to check the change is sustained.

    The due date follows the event's last day until someone edits it."""

    class Sustained(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly"
        NO = "no", "No"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="follow_ups")
    day = models.PositiveSmallIntegerField(choices=[(d, f"{d}-day") for d in FOLLOW_UP_DAYS])
    due_on = models.DateField("due")
    due_on_edited = models.BooleanField(default=False, editable=False)
    held_on = models.DateField("held on", null=True, blank=True)
    measures_reviewed = models.TextField(blank=True, max_length=LONG_TEXT)
    sustained = models.CharField(
        "is the change sustained?", max_length=6, choices=Sustained.choices, blank=True
    )
    actions_agreed = models.TextField(blank=True, max_length=LONG_TEXT)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["project", "day"], name="one_follow_up_per_day_mark")
        ]

    def __str__(self):
        return f"{self.day}-day follow-up: {self.project}"

    def clean(self):
        if self.held_on is None:
            return
        refuse_future(self.held_on, "held_on", "The follow-up date")
        last_day = self.project.event_last_day if self.project_id else None
        if last_day is not None and self.held_on < last_day:
            raise ValidationError(
                {
                    "held_on": "A follow-up comes after the event: its last day was "
                    f"{last_day:%-d %b %Y}."
                }
            )
        if self.due_on is None:
            return
        window = ChartSettings.follow_up_window_for(self.project.program_id)
        if abs((self.held_on - self.due_on).days) > window:
            start, end = self.due_on - timedelta(days=window), self.due_on + timedelta(days=window)
            raise ValidationError(
                {
                    "held_on": f"The {self.day}-day follow-up is due on {self.due_on:%-d %b %Y}; "
                    f"the program accepts it within {window} days either side "
                    f"({start:%-d %b} – {end:%-d %b %Y})."
                }
            )

    @staticmethod
    def computed_due(event_last_day: date, day: int) -> date:
        return event_last_day + timedelta(days=day)

    def is_overdue(self, on: date | None = None) -> bool:
        return self.held_on is None and self.due_on < (on or timezone.localdate())
