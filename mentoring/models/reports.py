"""Progress reports: the resident reports to their KPO coach on the program's cadence; the coach
reviews. Every submission and every review is kept as a row, so the history can be shown."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from capstone.models import Stage
from mentoring.models.coaching import CoachAssignment
from pathway.core.dates import short_date
from pathway.core.limits import LONG_TEXT
from pathway.core.links import link
from pathway.core.visibility import scoped

REVIEW_OVERDUE_DAYS = 7


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for review"
    REVISION_REQUESTED = "revision", "Revision requested"
    REVIEWED = "reviewed", "Reviewed"


class ReviewDecision(models.TextChoices):
    REVIEWED = "reviewed", "Reviewed"
    REVISION_REQUESTED = "revision", "Revision requested"


class ProgressReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The resident sees all their reports, drafts included. Their current coach, the
        sponsor of the reported project and the program's staff see submitted reports only:
        a draft is the resident's own until they submit it."""
        if not user.is_authenticated:
            return self.none()
        own = Q(resident__user=user)
        coaches_now = Exists(
            CoachAssignment.objects.current().filter(resident=OuterRef("resident"), coach=user)
        )
        # Drafts are left out first, for everyone but their author and site administrators;
        # the house rule then narrows what is left to the program, and to the coach's and
        # sponsor's residents.
        shared = self if user.is_superuser else self.filter(own | ~Q(status=ReportStatus.DRAFT))
        return scoped(
            shared,
            user,
            program="resident__user__program",
            own=own
            | Q(coaches_now)
            | Q(project__sponsor=user, project__sponsor_accepted_on__isnull=False),
        )

    def awaiting_review(self):
        return self.filter(status=ReportStatus.SUBMITTED)

    def waiting_longer_than(self, days: int, *, now=None):
        """Submitted reports whose latest submission has waited more than `days` days."""
        return self.waiting_since_before((now or timezone.now()) - timedelta(days=days))

    def waiting_since_before(self, cutoff):
        """Submitted reports whose latest submission was before `cutoff`."""
        return self.awaiting_review().filter(submitted_at__lt=cutoff)

    def for_coach(self, coach):
        # Never the coach's own reports, should a resident who coaches be assigned to themselves.
        return self.filter(
            Exists(
                CoachAssignment.objects.current().filter(resident=OuterRef("resident"), coach=coach)
            )
        ).exclude(resident__user=coach)

    def shared(self):
        return self.exclude(status=ReportStatus.DRAFT)


class ProgressReport(models.Model):
    resident = models.ForeignKey(
        "pathway.ResidentProfile", on_delete=models.CASCADE, related_name="progress_reports"
    )
    project = models.ForeignKey(
        "capstone.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="progress_reports",
        verbose_name="capstone project",
    )
    stage_snapshot = models.CharField("project stage when submitted", max_length=30, blank=True)
    period_from = models.DateField("period from")
    period_to = models.DateField("period to")
    work_done = models.TextField("what was done", max_length=LONG_TEXT)
    measures = models.ManyToManyField(
        "capstone.Measure", blank=True, related_name="+", verbose_name="measures updated"
    )
    measure_links = models.TextField(
        "links to measures or data",
        blank=True,
        help_text="One web address per line, e.g. a shared spreadsheet.",
        max_length=LONG_TEXT,
    )
    next_steps = models.TextField("next steps", max_length=LONG_TEXT)
    barriers = models.TextField(blank=True, max_length=LONG_TEXT)
    help_from_coach = models.TextField(
        "help needed from the coach", blank=True, max_length=LONG_TEXT
    )
    help_from_sponsor = models.TextField(
        "help needed from the sponsor", blank=True, max_length=LONG_TEXT
    )
    hours_spent = models.DecimalField(
        "hours spent",
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(500)],
    )
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="Latest submission.")
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True, help_text="Latest review.")
    # The token of the form that created the report: a second click on "submit" (or a resent
    # request) finds this report instead of creating another.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_to", "-pk"]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            # A resident's latest submission (mentoring.models.residents.last_submission_at).
            models.Index(fields=["resident", "submitted_at"], name="report_resident_submitted"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_from__lte=models.F("period_to")),
                name="report_period_in_order",
            )
        ]

    def __str__(self):
        return f"Progress report of {self.resident}, {self.period_label}"

    def get_absolute_url(self):
        return link("mentoring:report_detail", self.pk)

    @staticmethod
    def next_due_on(last_shared_period_to, cadence: int, today, *, coached_since=None):
        """When the next report is due: one cadence after the end of the period of the latest
        submitted report; for a resident who never reported, one cadence after their KPO
        coach took them on, else today. The home, the reports page and the reminders all
        say it."""
        if last_shared_period_to is not None:
            return last_shared_period_to + timedelta(days=cadence)
        if coached_since is not None:
            return coached_since + timedelta(days=cadence)
        return today

    @classmethod
    def next_due_for(cls, resident_id, last_shared_period_to, cadence: int, today):
        """next_due_on for one resident, reading when their coach took them on only when
        they never reported (the reminders read that for a whole program at once)."""
        coached_since = None
        if last_shared_period_to is None:
            coached_since = CoachAssignment.coached_since(resident_id)
        return cls.next_due_on(last_shared_period_to, cadence, today, coached_since=coached_since)

    def clean(self):
        start, end, hours = self.period_from, self.period_to, self.hours_spent
        if start is None or end is None or hours is None or start > end:
            return
        days = (end - start).days + 1
        if hours > days * 24:
            held = "1 day holds" if days == 1 else f"{days} days hold"
            raise ValidationError(
                {
                    "hours_spent": f"{Decimal(str(hours)).normalize():f} hours is more than "
                    f"the period can hold: {held} {days * 24} hours."
                }
            )

    @property
    def period_label(self) -> str:
        start, end = self.period_from, self.period_to
        return f"{start.day} {start:%b} – {short_date(end)}"

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.REVISION_REQUESTED)

    @property
    def is_awaiting_review(self) -> bool:
        return self.status == ReportStatus.SUBMITTED

    def days_waiting(self, today=None) -> int | None:
        if not self.is_awaiting_review or self.submitted_at is None:
            return None
        today = today or timezone.localdate()
        return (today - timezone.localdate(self.submitted_at)).days

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.measure_links.splitlines() if line.strip()]

    @property
    def stage_label(self) -> str:
        return dict(Stage.choices).get(self.stage_snapshot, self.stage_snapshot)


class ReportSubmission(models.Model):
    """One submission of a report, with a copy of what the coach was given to read: a
    revision rewrites the report, the submissions keep every version."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveSmallIntegerField()
    submitted_at = models.DateTimeField()
    content = models.JSONField(help_text="The report's fields as submitted.")

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_submission_number")
        ]

    def __str__(self):
        return f"Submission {self.number} of {self.report}"

    def changes_since(self, earlier: "ReportSubmission") -> list[tuple[str, str, str]]:
        """What the resident changed between two versions: (what, before, after) per field."""
        changes = []
        for key, new in self.content.items():
            old = earlier.content.get(key, "")
            if old != new:
                changes.append((self._label(key), self._shown(old), self._shown(new)))
        return changes

    @staticmethod
    def _label(key: str) -> str:
        if key == "stage":
            return "Project stage"
        try:
            return str(ProgressReport._meta.get_field(key).verbose_name).capitalize()
        except FieldDoesNotExist:
            return key.replace("_", " ").capitalize()

    @staticmethod
    def _shown(value) -> str:
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        return str(value) if value not in ("", None) else "—"


class ReportReview(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="reviews")
    submission = models.OneToOneField(
        ReportSubmission, on_delete=models.CASCADE, related_name="review"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=ReviewDecision.choices)
    feedback = models.TextField(max_length=LONG_TEXT)
    reviewed_at = models.DateTimeField()

    class Meta:
        ordering = ["reviewed_at", "pk"]

    def __str__(self):
        return f"{self.get_decision_display()}: {self.report}"
