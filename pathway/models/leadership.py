"""Leadership development: the resident's log of meetings with leaders."""

from django.db import models

from pathway.core.limits import LONG_TEXT
from pathway.models.people import ResidentProfile
from pathway.models.records import ResidentRecordQuerySet


class LeaderGroup(models.TextChoices):
    PATHWAY = "pathway", "Pathway leadership or advisory member"
    PHYSICIAN = "physician", "Physician leader"
    NON_PHYSICIAN = "non_physician", "Non-physician leader"


class LeadershipMeeting(models.Model):
    resident = models.ForeignKey(
        ResidentProfile, on_delete=models.CASCADE, related_name="leadership_meetings"
    )
    met_on = models.DateField("date")
    person = models.CharField("who", max_length=200)
    role = models.CharField(
        "their role", max_length=200, help_text="E.g. Chief Nursing Officer, pathway advisor."
    )
    group = models.CharField(
        "kind of leader", max_length=20, choices=LeaderGroup.choices, default=LeaderGroup.PHYSICIAN
    )
    notes = models.TextField(
        blank=True, help_text="What you discussed and what you took away.", max_length=LONG_TEXT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ResidentRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-met_on", "-pk"]

    def __str__(self):
        return f"{self.resident} met {self.person} on {self.met_on}"
