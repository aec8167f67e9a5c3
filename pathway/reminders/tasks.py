"""The reminder sweep's Celery tasks.

The sweep is idempotent (every send is claimed in the database), so retrying a task that
died half-way sends only what it had not sent yet."""

from celery import shared_task
from django.utils import timezone

from pathway.core.outbox import outbox_drain
from pathway.core.tasks import RETRY
from pathway.models import Program
from pathway.reminders.delivery import reminders_deliver
from pathway.reminders.sweep import reminders_catch_up, reminders_retry, reminders_sweep


@shared_task(name="pathway.tasks.reminders_sweep_task", **RETRY)
def reminders_sweep_task(program_id=None):
    program = Program.objects.filter(pk=program_id).first() if program_id else None
    if program_id and program is None:
        return "program no longer exists"
    return reminders_sweep(now=timezone.now(), program=program).summary()


@shared_task(name="pathway.tasks.reminders_deliver_task", **RETRY)
def reminders_deliver_task(log_ids, claim):
    return reminders_deliver(log_ids=log_ids, claim=claim, now=timezone.now()).summary()


@shared_task(name="pathway.tasks.reminders_retry_task", **RETRY)
def reminders_retry_task():
    now = timezone.now()
    caught_up = reminders_catch_up(now=now)
    drained = outbox_drain(now=now)
    return (
        f"{reminders_retry(now=now).summary()}; outbox delivered: {drained}; "
        f"missed sweeps caught up: {caught_up.claimed} reminders claimed"
    )
