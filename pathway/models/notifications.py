"""Reminders sent, the in-app notification centre, delivery preferences and calendar feeds."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from .people import Program


class ReminderKind(models.TextChoices):
    DUE_14 = "due_14", "Due in two weeks"
    DUE_7 = "due_7", "Due in a week"
    DUE_1 = "due_1", "Due tomorrow"
    OVERDUE = "overdue", "Overdue"
    ESCALATION = "escalation", "More than 14 days overdue"
    REPORT_DUE = "report_due", "Progress report due"
    REPORT_OVERDUE = "report_overdue", "Progress report overdue"
    REPORT_WAITING = "report_waiting", "Report waiting for review"
    FOLLOW_UP_DUE = "follow_up_due", "Follow-up due"
    DAILY_DIGEST = "daily_digest", "Daily digest"
    WEEKLY_DIGEST = "weekly_digest", "Weekly digest"


# Reminders a user may batch into the daily digest. Everything else about something late
# (overdue notices, escalations, reports waiting) is always emailed at once.
ROUTINE_KINDS = frozenset(
    {
        ReminderKind.DUE_14,
        ReminderKind.DUE_7,
        ReminderKind.DUE_1,
        ReminderKind.REPORT_DUE,
        ReminderKind.FOLLOW_UP_DUE,
    }
)
DIGEST_KINDS = frozenset({ReminderKind.DAILY_DIGEST, ReminderKind.WEEKLY_DIGEST})


class SendStatus(models.TextChoices):
    PENDING = "pending", "Claimed, being sent"
    DIGEST = "digest", "Waiting for the daily digest"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed, will be retried"
    GAVE_UP = "gave_up", "Failed, no more retries"


class ReminderLog(models.Model):
    """One send, claimed before it happens.

    `key` names the send — kind, recipient, the thing reminded about and its due date — and is
    unique, so however many sweeps run, in parallel or after a crash, only the one whose INSERT
    wins sends it. `claim` identifies the sweep that holds the row."""

    key = models.CharField(max_length=200)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_logs"
    )
    # Queried together with the status (daily digests), so no index of its own: every index
    # slows the thousands of claims a sweep inserts.
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    milestone = models.ForeignKey(
        "pathway.Milestone",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminder_logs",
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    due_on = models.DateField(null=True, blank=True)
    text = models.CharField(max_length=300, blank=True, help_text="What the reminder says.")
    link = models.CharField(max_length=300, blank=True)

    status = models.CharField(max_length=10, choices=SendStatus.choices, default=SendStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claim = models.UUIDField(db_index=True)
    claimed_at = models.DateTimeField()
    # Until when the holder of `claim` may still be sending, in the database's own clock (never
    # a caller's `now`): a retry pass takes a pending row only once its lease has run out. The
    # sender renews it before each message.
    lease_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-claimed_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["key"], name="reminder_log_key_unique")]
        indexes = [
            # Retries (failed, due again) and daily digests (waiting) both start from the status.
            models.Index(fields=["status", "next_attempt_at"], name="reminder_log_status"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.recipient_id}: {self.text}"


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A notification is its recipient's inbox; nobody else reads it, superusers included."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30)
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    reminder = models.ForeignKey(
        ReminderLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Waiting for its recipient's daily digest email (they chose the digest for this kind).
    # A digest run claims the waiting rows by setting `digest_claim` in one conditional UPDATE,
    # so each is emailed at most once however many runs overlap or retry.
    # A database default too: the reminder sweep copies rows in with a raw INSERT … SELECT.
    in_digest = models.BooleanField(default=False, db_default=False)
    digest_claim = models.UUIDField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["user", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["user"],
                condition=models.Q(in_digest=True, digest_claim__isnull=True),
                name="notification_digest_waiting",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def is_unread(self):
        return self.read_at is None

    @property
    def kind_label(self):
        try:
            return ReminderKind(self.kind).label
        except ValueError:
            return self.kind.replace("_", " ").capitalize()


class RoutineDelivery(models.TextChoices):
    IMMEDIATE = "immediate", "Email each reminder when it comes up"
    DAILY = "daily", "One email a day with all of them (daily digest)"


class EmailDelivery(models.TextChoices):
    """How one kind of workflow notification is emailed. It is always shown in the app."""

    NOW = "now", "Email me at once"
    DIGEST = "digest", "In my daily digest"
    OFF = "off", "Not by email"


class NotificationPreference(models.Model):
    """How routine reminders reach a person. Overdue notices and escalations are not optional,
    so there is deliberately no field for them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    routine_delivery = models.CharField(
        "routine reminders",
        max_length=10,
        choices=RoutineDelivery.choices,
        default=RoutineDelivery.IMMEDIATE,
    )
    weekly_digest = models.BooleanField(
        "weekly digest",
        default=True,
        help_text="For program directors and KPO coaches: a summary of the week every week.",
    )
    # {kind name: EmailDelivery value} for the workflow notifications whose email the person chose;
    # a kind not named here has its registered default (pathway.notifications.kinds).
    deliveries = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Notification preferences of {self.user}"


def new_calendar_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret that makes a person's calendar URL private. Resetting it breaks old links."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(auto_now_add=True)
    reset_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"

    def get_absolute_url(self):
        return reverse("pathway:calendar_feed", args=[self.token])
