"""The outbox: emails and background tasks written in the caller's transaction and carried out
exactly once after it commits.

After the commit the entry is handed to a worker (`outbox_deliver_task`); without a broker
(the embedded default) it is delivered in-process. When the broker is down the hand-over is
only logged: the entry waits in the database and `outbox_drain` (run by every reminder sweep,
by the periodic retry task and by `send_reminders`) delivers it. A failed delivery is retried
with the reminders' backoff, then given up and listed for site administrators.

Exactly once: a deliverer takes an entry with a conditional UPDATE that sets its own claim and a
lease (in the database's clock), and marks it done only under that claim. A deliverer that died
holding an entry is replaced once the lease runs out."""

import logging
import uuid
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Least, Now
from django.utils import timezone
from django.utils.module_loading import import_string

from pathway.core.tasks import RETRY
from pathway.models import Outbox, OutboxKind, SendStatus

logger = logging.getLogger(__name__)

DRAIN_LIMIT = 500

# Delivery policy, shared with the reminders (pathway.reminders.rules reads it from here):
# attempts, then backoff doubling from RETRY_BASE, then given up and listed for administrators.
MAX_ATTEMPTS = 5
RETRY_BASE = timedelta(minutes=10)
# A claim is a lease: a send still pending once its lease has run out belongs to a sender that
# died, and a retry pass sends it again. Senders renew the lease before each message, so a slow
# relay never makes a live claim look stale.
# 30 minutes unless REMINDER_LEASE_SECONDS says otherwise (`make chaos` shortens it).
STALE_CLAIM = timedelta(seconds=settings.REMINDER_LEASE_SECONDS)


def lease_end():
    """The end of a lease taken now, in the database's clock."""
    return Now() + STALE_CLAIM


def email_message(*, to: list, subject: str, text: str, html: str, connection=None):
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, list(to), connection=connection
    )
    message.attach_alternative(html, "text/html")
    return message


def outbox_email(*, to, subject, text, html, template="") -> Outbox:
    """Queue a rendered email; it goes out once the current transaction commits."""
    return _add(
        kind=OutboxKind.EMAIL,
        description=f"{template or 'email'} to {', '.join(to)}"[:300],
        payload={"to": list(to), "subject": subject, "text": text, "html": html},
    )


def outbox_task(*, task: str, description="", **kwargs) -> Outbox:
    """Queue a background task, named as Celery knows it ("pathway.tasks.…"), with JSON keyword
    arguments. By name, so that services need not import the tasks that call them."""
    return _add(kind=OutboxKind.TASK, task=task, description=description, payload=kwargs)


def _add(**fields) -> Outbox:
    entry = Outbox.objects.create(**fields)
    transaction.on_commit(lambda pk=entry.pk: outbox_dispatch(outbox_id=pk))
    return entry


def outbox_dispatch(*, outbox_id):
    """Hand a committed entry to the workers (in-process without a broker). Never raises: a
    broker that is down leaves the entry for the drain."""
    task_queue(outbox_deliver_task, outbox_id=outbox_id)


PUBLISH_ONCE = {"max_retries": 0}


def task_queue(task, **kwargs) -> bool:
    """Queue a task for the workers, or run it here when tasks run in-process. Never raises,
    so a request that saved its work never fails on the broker: only for tasks whose work is
    recorded in the database (an outbox entry, a retry), which a later pass picks up."""
    try:
        # Tried once: the default publish retries against a broker that is down held each
        # request 0.6 s per task queued (a submitted progress report queues one or two), when the
        # work waits in the database for the next pass anyway.
        task.apply_async(kwargs=kwargs, retry_policy=PUBLISH_ONCE)
    except Exception:  # noqa: BLE001 - whatever the broker (or the eager task) raises
        logger.warning(
            "Could not run or queue %s%s; a later pass does it", task.name, kwargs, exc_info=True
        )
        return False
    return True


def _take(scope) -> uuid.UUID | None:
    token = uuid.uuid4()
    taken = scope.update(claim=token, lease_until=lease_end(), status=SendStatus.PENDING)
    return token if taken else None


def _free():
    """Pending entries nobody holds (never taken, or their deliverer died)."""
    return Q(status=SendStatus.PENDING) & (Q(lease_until__isnull=True) | Q(lease_until__lt=Now()))


def outbox_deliver(*, outbox_id, now=None) -> bool:
    """Deliver one entry if nobody else holds it and it is due. True when it was done now."""
    now = now or timezone.now()
    due = _free() | Q(status=SendStatus.FAILED, next_attempt_at__lte=now)
    token = _take(Outbox.objects.filter(due, pk=outbox_id))
    if token is None:
        return False
    entry = Outbox.objects.get(pk=outbox_id)
    try:
        _perform(entry)
    except Exception as error:  # noqa: BLE001 - recorded on the entry and retried
        _failed(entry, token, error, now=now)
        return False
    Outbox.objects.filter(pk=outbox_id, claim=token).update(
        status=SendStatus.SENT, done_at=Now(), lease_until=None, last_error=""
    )
    return True


def _perform(entry: Outbox):
    if entry.kind == OutboxKind.EMAIL:
        p = entry.payload
        email_message(to=p["to"], subject=p["subject"], text=p["text"], html=p["html"]).send()
    else:
        # The task's own body, run here: the entry is its exactly-once record.
        import_string(entry.task).run(**entry.payload)


def _failed(entry, token, error, *, now):
    attempts = entry.attempts + 1
    gave_up = attempts >= MAX_ATTEMPTS
    Outbox.objects.filter(pk=entry.pk, claim=token).update(
        attempts=attempts,
        last_error=f"{type(error).__name__}: {error}"[:1000],
        status=SendStatus.GAVE_UP if gave_up else SendStatus.FAILED,
        next_attempt_at=None if gave_up else now + RETRY_BASE * 2 ** (attempts - 1),
        lease_until=None,
    )
    log = logger.error if gave_up else logger.warning
    log(
        "Outbox entry %s (%s) failed, attempt %s%s: %s",
        entry.pk,
        entry,
        attempts,
        ", giving up" if gave_up else "",
        error,
    )


def outbox_drain(*, now=None, limit=DRAIN_LIMIT) -> int:
    """Deliver what waits: entries never handed over (broker down), entries whose deliverer
    died, and failed ones whose backoff is over. Returns how many were delivered."""
    now = now or timezone.now()
    due = _free() | Q(status=SendStatus.FAILED, next_attempt_at__lte=now)
    ids = list(Outbox.objects.filter(due).order_by("pk").values_list("pk", flat=True)[:limit])
    return sum(outbox_deliver(outbox_id=pk, now=now) for pk in ids)


def outbox_retry_now(*, entries) -> int:
    """A site administrator's "retry now" on failed entries: one more attempt, queued once
    this commits."""
    ids = list(
        entries.filter(status__in=[SendStatus.FAILED, SendStatus.GAVE_UP]).values_list(
            "pk", flat=True
        )
    )
    Outbox.objects.filter(pk__in=ids).update(
        status=SendStatus.FAILED,
        attempts=Least(F("attempts"), MAX_ATTEMPTS - 1),
        next_attempt_at=Now(),
        lease_until=None,
    )
    for pk in ids:
        transaction.on_commit(lambda pk=pk: task_queue(outbox_deliver_task, outbox_id=pk))
    return len(ids)


@shared_task(name="pathway.tasks.outbox_deliver_task", **RETRY)
def outbox_deliver_task(outbox_id):
    outbox_deliver(outbox_id=outbox_id)
