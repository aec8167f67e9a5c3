"""Celery tasks: thin wrappers that take ids (or nothing), call a service and own the retries.

The sweep is idempotent (every send is claimed in the database), so retrying a task that
died half-way sends only what it had not sent yet."""

from celery import shared_task
from django.utils import timezone

from pathway.models import Program
from pathway.outbox import outbox_deliver, outbox_drain
from pathway.reminder_delivery import reminders_deliver
from pathway.reminders import reminders_catch_up, reminders_retry, reminders_sweep
from pathway.services_milestones import milestones_sync

RETRY = {
    "autoretry_for": (Exception,),
    "retry_backoff": 30,
    "retry_backoff_max": 15 * 60,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(**RETRY)
def reminders_sweep_task(program_id=None):
    program = Program.objects.filter(pk=program_id).first() if program_id else None
    if program_id and program is None:
        return "program no longer exists"
    return reminders_sweep(now=timezone.now(), program=program).summary()


@shared_task(**RETRY)
def reminders_deliver_task(log_ids, claim):
    return reminders_deliver(log_ids=log_ids, claim=claim, now=timezone.now()).summary()


@shared_task(**RETRY)
def reminders_retry_task():
    now = timezone.now()
    caught_up = reminders_catch_up(now=now)
    drained = outbox_drain(now=now)
    return (
        f"{reminders_retry(now=now).summary()}; outbox delivered: {drained}; "
        f"missed sweeps caught up: {caught_up.claimed} reminders claimed"
    )


@shared_task(**RETRY)
def milestones_sync_task(program_id):
    program = Program.objects.filter(pk=program_id).first()
    if program is not None:
        milestones_sync(program=program)


@shared_task(**RETRY)
def outbox_deliver_task(outbox_id):
    outbox_deliver(outbox_id=outbox_id)
