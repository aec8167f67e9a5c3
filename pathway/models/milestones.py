"""Pathway milestones: program-editable templates, and each resident's dated instances.

A Milestone's due date comes from its template's rule and the resident's dates; it is
recomputed by pathway.milestones.services.milestones_sync, which never drops a completion,
a waiver or a director's due-date change."""

import calendar
from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pathway.core.academic import academic_year_start
from pathway.core.dates import long_date
from pathway.core.events import ANCHOR_EVENTS, COMPLETION_EVENTS, MANUAL
from pathway.core.fields import acting_user
from pathway.core.limits import LONG_TEXT
from pathway.core.links import link
from pathway.core.visibility import scoped

from .people import PathwayStatus, Program, ResidentProfile, Role, Track

# A milestone is "due soon" this many days before its due date (the first reminder's lead).
DUE_SOON_DAYS = 14


class Audience(models.TextChoices):
    PATHWAY = "pathway", "Pathway residents"
    ALL = "all", "All residents of the program"


class DueRule(models.TextChoices):
    PGY_DATE = "pgy_date", "A date in a PGY year"
    AFTER_EVENT = "after_event", "A number of days after an event"
    ABSOLUTE = "absolute", "A fixed date"


class MilestoneStatus(models.TextChoices):
    UPCOMING = "upcoming", "Upcoming"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    DONE = "done", "Done"
    WAIVED = "waived", "Waived"


# Manual completion: nothing in the app records the event, so a director records it.


def clamp_day(year: int, month: int, day: int) -> date:
    """29 February (or 31 of a short month) falls back to the month's last day."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def pgy_year_date(residency_start: date, pgy: int, month: int, day: int) -> date:
    """The date `day month` inside the resident's PGY-`pgy` academic year (1 July – 30 June)."""
    start_year = academic_year_start(residency_start) + pgy - 1
    year = start_year if month >= 7 else start_year + 1
    return clamp_day(year, month, day)


class MilestoneTemplateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Templates are program rules, not private records: anyone in the program may read."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(program=user.program_id)

    def active(self):
        return self.filter(is_active=True)


class MilestoneTemplate(models.Model):
    """A step every applicable resident must reach by a date the rule computes."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="milestone_templates"
    )
    # Stable name for the standard set, so seeding again updates instead of duplicating.
    key = models.SlugField(max_length=60, blank=True, editable=False)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=LONG_TEXT)
    position = models.PositiveSmallIntegerField(
        default=100, help_text="Order on the timeline (smaller comes first)."
    )
    is_active = models.BooleanField(
        "in use",
        default=True,
        help_text="Retiring a template removes its open milestones; done or waived ones stay.",
    )

    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.PATHWAY)
    track = models.CharField(
        max_length=20, choices=Track.choices, blank=True, help_text="Leave empty for both tracks."
    )
    only_pgy = models.PositiveSmallIntegerField(
        "only while in PGY",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
        help_text="Only residents currently in this PGY year get it (e.g. applying in PGY-1).",
    )

    due_rule = models.CharField(max_length=20, choices=DueRule.choices, default=DueRule.PGY_DATE)
    due_pgy = models.PositiveSmallIntegerField(
        "PGY year",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )
    due_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    due_day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    # Event keys come from the registry in pathway.core.events (validated in clean(), not as
    # model choices, so adding an event kind needs no migration).
    anchor_event = models.CharField("after the event", max_length=60, blank=True)
    offset_days = models.IntegerField("days after the event", null=True, blank=True)
    due_date = models.DateField("fixed date", null=True, blank=True)

    completion_event = models.CharField(
        "completed by", max_length=60, default=MANUAL, help_text="The event that completes it."
    )

    updated_at = models.DateTimeField(auto_now=True)

    objects = MilestoneTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["program", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "key"], condition=~Q(key=""), name="milestone_template_key"
            ),
            models.UniqueConstraint(fields=["program", "name"], name="milestone_template_name"),
        ]

    def __str__(self):
        return self.name

    def clean(self):

        errors = {}
        if self.due_rule == DueRule.PGY_DATE:
            for name in ("due_pgy", "due_month", "due_day"):
                if getattr(self, name) is None:
                    errors[name] = "Required for a date in a PGY year."
            month, day = self.due_month, self.due_day
            # A leap year, so 29 February is allowed (clamp_day handles other years).
            if month and day and 1 <= month <= 12 and day > calendar.monthrange(2024, month)[1]:
                errors["due_day"] = f"{calendar.month_name[month]} has fewer days."
        elif self.due_rule == DueRule.AFTER_EVENT:
            if self.anchor_event not in ANCHOR_EVENTS:
                errors["anchor_event"] = "Choose the event the due date counts from."
            if self.offset_days is None:
                errors["offset_days"] = "Required: how many days after the event."
        elif self.due_rule == DueRule.ABSOLUTE and not self.due_date:
            errors["due_date"] = "Required for a fixed date."
        if self.completion_event != MANUAL and self.completion_event not in COMPLETION_EVENTS:
            errors["completion_event"] = "Choose an event from the list."
        if errors:
            raise ValidationError(errors)

    def applies_to(self, resident, *, on: date) -> bool:
        if self.track and resident.track != self.track:
            return False
        if resident.pathway_status == PathwayStatus.WITHDRAWN:
            return False
        if self.audience == Audience.PATHWAY and resident.pathway_status not in (
            PathwayStatus.ACTIVE,
            PathwayStatus.COMPLETED,
        ):
            return False
        return not (self.only_pgy and resident.pgy(on) != self.only_pgy)

    def rule_due_on(self, resident, anchors: dict) -> date | None:
        """The due date the rule gives for this resident; None while the anchor event is unset.

        `anchors` maps an anchor event key to {resident id: date}."""
        if self.due_rule == DueRule.PGY_DATE:
            return pgy_year_date(
                resident.residency_start, self.due_pgy, self.due_month, self.due_day
            )
        if self.due_rule == DueRule.AFTER_EVENT:
            anchor = anchors.get(self.anchor_event, {}).get(resident.pk)
            return anchor + timedelta(days=self.offset_days) if anchor else None
        return self.due_date

    @property
    def rule_text(self) -> str:

        if self.due_rule == DueRule.PGY_DATE:
            month = calendar.month_name[self.due_month or 1]
            return f"{self.due_day} {month} of PGY-{self.due_pgy}"
        if self.due_rule == DueRule.AFTER_EVENT:
            anchor = ANCHOR_EVENTS.get(self.anchor_event)
            label = anchor.after if anchor else "its event"
            if not self.offset_days:
                return f"on {label}"
            return f"{self.offset_days} days after {label}"
        return f"{long_date(self.due_date)}" if self.due_date else ""

    @property
    def completion_text(self) -> str:

        event = COMPLETION_EVENTS.get(self.completion_event)
        return event.label if event else "Recorded by a program director"


class MilestoneQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        q = Q(resident__user=user)
        if user.has_role(Role.COACH):
            q |= Q(resident__in=ResidentProfile.objects.coached_by(user))
        return scoped(self, user, program="resident__user__program", own=q)

    def open(self):
        return self.filter(completed_on__isnull=True, waived_on__isnull=True)

    def overdue(self, today: date):
        return self.open().filter(due_on__lt=today)

    def due_between(self, first: date, last: date):
        return self.open().filter(due_on__range=(first, last))

    def with_status(self, status, today: date):
        """The queryset version of Milestone.status_on, for filters."""
        soon = today + timedelta(days=DUE_SOON_DAYS)
        return {
            MilestoneStatus.DONE: self.filter(completed_on__isnull=False, waived_on__isnull=True),
            MilestoneStatus.WAIVED: self.filter(waived_on__isnull=False),
            MilestoneStatus.OVERDUE: self.overdue(today),
            MilestoneStatus.DUE_SOON: self.due_between(today, soon),
            MilestoneStatus.UPCOMING: self.open().filter(Q(due_on__gt=soon) | Q(due_on=None)),
        }[status]

    def timeline(self):
        return self.select_related("template").order_by(
            models.F("due_on").asc(nulls_last=True), "template__position"
        )


class Milestone(models.Model):
    resident = models.ForeignKey(
        "pathway.ResidentProfile", on_delete=models.CASCADE, related_name="milestones"
    )
    template = models.ForeignKey(
        MilestoneTemplate, on_delete=models.CASCADE, related_name="milestones"
    )
    # What the template's rule gives; `due_on` is the date in force (the override if any).
    rule_due_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True, db_index=True)
    due_override = models.DateField(null=True, blank=True)
    due_override_reason = models.CharField(max_length=300, blank=True)
    due_override_by = acting_user()

    completed_on = models.DateField(null=True, blank=True)
    completed_evidence = models.CharField(max_length=300, blank=True)
    # Null when an event completed it; the director who recorded it otherwise.
    completed_by = acting_user()

    waived_on = models.DateField(null=True, blank=True)
    waived_reason = models.CharField(max_length=300, blank=True)
    waived_by = acting_user()

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "template__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "template"], name="one_milestone_per_template"
            )
        ]
        indexes = [models.Index(fields=["resident", "due_on"], name="milestone_resident_due")]

    def __str__(self):
        return f"{self.template} for {self.resident}"

    def get_absolute_url(self):
        return link("pathway:milestone_detail", self.pk)

    @property
    def name(self):
        return self.template.name

    def status_on(self, today: date) -> MilestoneStatus:
        return self.status_of(
            due_on=self.due_on,
            completed_on=self.completed_on,
            waived_on=self.waived_on,
            today=today,
        )

    @staticmethod
    def status_of(*, due_on, completed_on, waived_on, today: date) -> MilestoneStatus:
        """status_on for dates read without building the model: boards of many milestones
        fetch them with values_list()."""
        if waived_on:
            return MilestoneStatus.WAIVED
        if completed_on:
            return MilestoneStatus.DONE
        if due_on is None:
            return MilestoneStatus.UPCOMING
        if today > due_on:
            return MilestoneStatus.OVERDUE
        if (due_on - today).days <= DUE_SOON_DAYS:
            return MilestoneStatus.DUE_SOON
        return MilestoneStatus.UPCOMING

    @property
    def status(self) -> MilestoneStatus:
        return self.status_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def is_open(self) -> bool:
        return self.open_of(completed_on=self.completed_on, waived_on=self.waived_on)

    @staticmethod
    def open_of(*, completed_on, waived_on) -> bool:
        """is_open for dates read without building the model (as status_of)."""
        return not (completed_on or waived_on)

    @property
    def is_overdue(self) -> bool:
        return self.status == MilestoneStatus.OVERDUE

    def days_overdue(self, today: date) -> int:
        return (today - self.due_on).days if self.due_on and self.is_open else 0

    def days_until_due(self, today: date) -> int | None:
        return (self.due_on - today).days if self.due_on else None

    @property
    def is_manual(self) -> bool:
        """Nothing in the app completes it: a director records it."""

        return self.template.completion_event not in COMPLETION_EVENTS


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class ProgramReminderSettings(models.Model):
    """When a program's reminder sweep runs (its periodic task) and when weekly digests go out."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    reminder_time = models.TimeField(
        default=time(7, 0), help_text="Local time of day at which reminders are sent."
    )
    digest_weekday = models.PositiveSmallIntegerField(
        "weekly digest day",
        choices=Weekday.choices,
        default=Weekday.MONDAY,
        help_text="Directors and KPO coaches get their weekly digest on this day.",
    )
    enabled = models.BooleanField(
        "send reminders", default=True, help_text="Pause every reminder for the program."
    )
    # The day of the last sweep that ran to the end: a sweep missed (the broker was down at the
    # reminder time) is caught up by the periodic retry task, and a weekly digest day missed is
    # still sent.
    last_swept_on = models.DateField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "program reminder settings"
        verbose_name_plural = "program reminder settings"

    def __str__(self):
        return f"Reminders for {self.program}"
