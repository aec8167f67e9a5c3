"""The two-day event: ideas, tests of change (PDSA) and the report-out. The event's dates,
location, agenda and target state are fields of the project."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from capstone.models.current_state import Waste
from capstone.models.owned import OwnedItem
from capstone.models.project import Project, ProjectPartQuerySet
from pathway.core.fields import acting_user
from pathway.core.limits import LONG_TEXT


class Idea(OwnedItem):
    class Decision(models.TextChoices):
        UNDECIDED = "", "Not decided yet"
        TEST_NOW = "test_now", "Test now"
        LATER = "later", "Later"
        REJECTED = "rejected", "Rejected"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="ideas")
    idea = models.CharField(max_length=300)
    waste = models.CharField("waste addressed", max_length=20, choices=Waste.choices, blank=True)
    expected_effect = models.CharField(max_length=300, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    rejected_reason = models.CharField("why rejected", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="rejected") | ~Q(rejected_reason=""),
                name="rejected_idea_has_a_reason",
            )
        ]

    def __str__(self):
        return self.idea

    def clean(self):
        if self.decision == self.Decision.REJECTED and not self.rejected_reason.strip():
            raise ValidationError({"rejected_reason": "Say why the idea was rejected."})


class TestOfChange(models.Model):
    """A PDSA cycle: plan, prediction, what happened (do), what was learned (study), act."""

    __test__ = False  # not a pytest test class, despite the name

    class Act(models.TextChoices):
        PENDING = "", "Not decided yet"
        ADOPT = "adopt", "Adopt"
        ADAPT = "adapt", "Adapt"
        ABANDON = "abandon", "Abandon"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tests_of_change")
    ideas = models.ManyToManyField(
        Idea, blank=True, related_name="tests", help_text="The ideas this cycle tests."
    )
    title = models.CharField(max_length=200)
    plan_what = models.TextField("plan: what", max_length=LONG_TEXT)
    plan_who = models.CharField("plan: who", max_length=200, blank=True)
    plan_when = models.DateField("plan: when", null=True, blank=True)
    plan_where = models.CharField("plan: where", max_length=200, blank=True)
    prediction = models.TextField(blank=True, max_length=LONG_TEXT)
    what_happened = models.TextField("do: what happened", blank=True, max_length=LONG_TEXT)
    learned = models.TextField("study: what was learned", blank=True, max_length=LONG_TEXT)
    act = models.CharField("act", max_length=10, choices=Act.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.act and not (self.what_happened.strip() and self.learned.strip()):
            raise ValidationError(
                {"act": "Record what happened and what was learned before deciding how to act."}
            )


class ReportOut(models.Model):
    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="report_out")
    summary = models.TextField(max_length=LONG_TEXT)
    before = models.TextField(
        "before", help_text="How the process worked before the event.", max_length=LONG_TEXT
    )
    after = models.TextField(
        "after", help_text="How it works after the event.", max_length=LONG_TEXT
    )
    next_steps = models.TextField("next steps", max_length=LONG_TEXT)
    attachment = models.ForeignKey(
        "capstone.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    posted_at = models.DateTimeField(null=True, blank=True)
    posted_by = acting_user()
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectPartQuerySet.as_manager()

    def __str__(self):
        return f"Report-out: {self.project}"
