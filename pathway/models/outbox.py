"""The outbox: work written in the same transaction as the change that causes it, and carried
out after the commit by a worker (or, while the broker is down, by the next sweep)."""

from django.db import models

from .notifications import SendStatus


class OutboxKind(models.TextChoices):
    EMAIL = "email", "Email"
    TASK = "task", "Background task"


class Outbox(models.Model):
    """One email or background task, delivered exactly once.

    An email is stored rendered (subject, text, HTML), so delivering it needs nothing but the
    row. Delivery claims the row with a conditional UPDATE and a lease, like a reminder (see
    pathway.core.outbox)."""

    kind = models.CharField(max_length=10, choices=OutboxKind.choices)
    task = models.CharField(max_length=200, blank=True, help_text="The task's dotted path.")
    description = models.CharField(max_length=300, blank=True)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=SendStatus.choices, default=SendStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claim = models.UUIDField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "outbox entry"
        verbose_name_plural = "outbox"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_status")]

    def __str__(self):
        return self.description or f"{self.get_kind_display()} {self.pk}"
