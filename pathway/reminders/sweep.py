"""The reminder sweep: who must be reminded of what today, each send claimed exactly once.

`reminders_sweep(now=...)` is a plain function. The Celery task (pathway.reminders.tasks), the
`send_reminders` management command and the tests call it. It works in bulk: a fixed number of
queries per batch, never one per milestone.

Never twice: every send is first claimed by inserting a ReminderLog row whose unique `key`
names it (kind, recipient, subject, due date). Whoever's INSERT wins sends; a second sweep, a
parallel one or a retry after a crash finds the row and moves on. Retries of failed sends are
claimed with a conditional UPDATE, so two retry passes cannot both take the same row.
"""

import logging
import uuid
from collections import defaultdict
from datetime import timedelta

from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Least, Now
from django.urls import reverse
from django.utils import timezone

from pathway.core.outbox import MAX_ATTEMPTS, STALE_CLAIM, lease_end, outbox_drain, task_queue
from pathway.milestones.services import milestones_sync
from pathway.models import (
    ROUTINE_KINDS,
    NotificationPreference,
    Program,
    ProgramReminderSettings,
    ReminderKind,
    ReminderLog,
    RoutineDelivery,
    SendStatus,
    User,
)
from pathway.models.people import current_coach_assignments
from pathway.notifications.services import notifications_from_reminders
from pathway.reminders.delivery import deliver_claimed, reminders_deliver
from pathway.reminders.items import milestone_items, program_directors
from pathway.reminders.rules import (
    SweepResult,
    fmt_date,
    load_logs,
)
from pathway.reminders.sources import ITEM_COLLECTORS

logger = logging.getLogger(__name__)

# Recipients per queued delivery task: big enough to share one mail session, small enough that
# workers send a large day's emails in parallel.
DELIVERY_BATCH = 200

# --- Claiming and sending ----------------------------------------------------------------------


CHUNK = 1000


def _claim(items, *, program, now) -> list[ReminderLog]:
    """Insert one log row per item and return the rows this call inserted: the sends it owns.

    The in-app notifications are created in the same transaction, so a claimed reminder always
    reaches the notification centre even if its email has to be retried."""
    keys = [item.key for item in items]
    taken = set()
    for start in range(0, len(keys), CHUNK):
        # What an earlier sweep claimed is skipped without an INSERT; the INSERT below still
        # settles any race with a sweep running now.
        taken.update(
            ReminderLog.objects.filter(key__in=keys[start : start + CHUNK]).values_list(
                "key", flat=True
            )
        )
    items = [item for item in items if item.key not in taken]
    if not items:
        return []
    daily = set(
        NotificationPreference.objects.filter(
            user_id__in={item.recipient_id for item in items},
            routine_delivery=RoutineDelivery.DAILY,
        ).values_list("user_id", flat=True)
    )
    token = uuid.uuid4()
    lease = timezone.now() + STALE_CLAIM
    rows = [
        ReminderLog(
            key=item.key,
            recipient_id=item.recipient_id,
            program=program,
            milestone_id=item.milestone_id,
            kind=item.kind,
            due_on=item.due_on,
            text=item.text[:300],
            link=item.link,
            status=SendStatus.DIGEST
            if item.kind in ROUTINE_KINDS and item.recipient_id in daily
            else SendStatus.PENDING,
            claim=token,
            claimed_at=now,
            lease_until=lease,
        )
        # Every sweep inserts in key order, so two sweeps at once wait for each other rather
        # than deadlock.
        for item in sorted(items, key=lambda i: i.key)
    ]
    with transaction.atomic():
        ReminderLog.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)
        won = dict(ReminderLog.objects.filter(claim=token).values_list("key", "pk"))
        notifications_from_reminders(claim=token, now=now)
    # The rows this sweep inserted are the objects built above: give them their ids rather
    # than reading thousands of rows back.
    claimed = [row for row in rows if row.key in won]
    users = User.objects.select_related("program").in_bulk({row.recipient_id for row in claimed})
    for row in claimed:
        row.pk, row.recipient = won[row.key], users[row.recipient_id]
        row._state.adding, row._state.db = False, "default"
    return claimed


# --- Digests -----------------------------------------------------------------------------------


def _claim_digests(program, kind, recipient_ids, *, day, now, text) -> list[ReminderLog]:
    token = uuid.uuid4()
    rows = [
        ReminderLog(
            key=f"{kind}:{uid}:{day.isoformat()}",
            recipient_id=uid,
            program=program,
            kind=kind,
            due_on=day,
            text=text,
            link=reverse("pathway:notification_list"),
            status=SendStatus.PENDING,
            claim=token,
            claimed_at=now,
            lease_until=timezone.now() + STALE_CLAIM,
        )
        for uid in sorted(recipient_ids)
    ]
    ReminderLog.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)
    return load_logs(ReminderLog.objects.filter(claim=token))


def daily_digests(program, *, today, now, result, queue=False):
    """One email a day with the routine reminders of those who chose the daily digest."""
    waiting = set(
        ReminderLog.objects.filter(program=program, status=SendStatus.DIGEST)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    if not waiting:
        return
    with transaction.atomic():
        digests = _claim_digests(
            program,
            ReminderKind.DAILY_DIGEST,
            waiting,
            day=today,
            now=now,
            text=f"Daily digest of {fmt_date(today)}",
        )
        if not digests:
            return
        ids = [d.pk for d in digests]
        # The conditional UPDATE takes the waiting items for these digests only; a parallel
        # sweep's UPDATE finds them no longer waiting.
        ReminderLog.objects.filter(
            program=program,
            status=SendStatus.DIGEST,
            recipient_id__in=[d.recipient_id for d in digests],
        ).update(
            status=SendStatus.PENDING,
            digest_id=Subquery(
                ReminderLog.objects.filter(
                    pk__in=ids, recipient_id=OuterRef("recipient_id")
                ).values("pk")[:1]
            ),
        )
    hand_over(digests, now=now, result=result, queue=queue)


def weekly_digest_recipients(program) -> tuple[list, list]:
    """(directors, coaches) of the program who want the weekly digest."""
    directors = program_directors(program)
    coaches = list(
        User.objects.filter(
            is_active=True,
            pk__in=current_coach_assignments()
            .filter(resident__user__program=program)
            .values("coach"),
        )
    )
    people = {u.pk for u in directors + coaches}
    opted_out = set(
        NotificationPreference.objects.filter(user_id__in=people, weekly_digest=False).values_list(
            "user_id", flat=True
        )
    )
    return (
        [u for u in directors if u.pk not in opted_out],
        [u for u in coaches if u.pk not in opted_out],
    )


def weekly_digests(program, *, today, now, result, queue=False):
    directors, coaches = weekly_digest_recipients(program)
    if not directors and not coaches:
        return
    digests = _claim_digests(
        program,
        ReminderKind.WEEKLY_DIGEST,
        {u.pk for u in directors + coaches},
        day=today,
        now=now,
        text=f"Weekly digest of {fmt_date(today)}",
    )
    hand_over(digests, now=now, result=result, queue=queue)


# --- Handing over to delivery ------------------------------------------------------------------


def hand_over(logs, *, now, result, queue):
    """Send the claimed emails now, or queue them for the email workers in batches of people.

    Each batch names its rows and the claim they were taken under; see reminders_deliver."""
    pending = [log for log in logs if log.status == SendStatus.PENDING]
    if not pending:
        return
    if not queue:
        deliver_claimed(pending, now=now, result=result)
        return

    by_claim = defaultdict(lambda: defaultdict(list))
    for log in pending:
        by_claim[str(log.claim)][log.recipient_id].append(log.pk)
    for claim, people in by_claim.items():
        batches = list(people.values())
        for start in range(0, len(batches), DELIVERY_BATCH):
            ids = [pk for rows in batches[start : start + DELIVERY_BATCH] for pk in rows]
            transaction.on_commit(
                lambda ids=ids, claim=claim: _queue_or_send(ids, claim, now=now, result=result)
            )
            result.queued += len(ids)


def _queue_or_send(log_ids, claim, *, now, result):
    """Queue a batch for the workers or, when the broker cannot be reached, send it here: a
    Redis outage must not stop the sweep (and the programs after this one)."""
    from pathway.reminders.tasks import reminders_deliver_task

    try:
        reminders_deliver_task.delay(log_ids=log_ids, claim=claim)
    except Exception:  # noqa: BLE001 - whatever the broker raises, the batch is sent here
        logger.warning("Could not queue a reminder batch (broker down?); sending it here")
        result.queued -= len(log_ids)
        sent = reminders_deliver(log_ids=log_ids, claim=claim, now=now)
        result.emails_sent += sent.emails_sent
        result.emails_failed += sent.emails_failed
        result.digests += sent.digests


# --- Retries -----------------------------------------------------------------------------------


def reminders_retry(*, now, program=None, result=None) -> SweepResult:
    """Send again what failed (once its backoff is over) or was claimed by a sender that died.

    A pending row is taken only when its lease has run out by the database's clock: `now` (which
    `send_reminders --now` may set to a later day) says which backoffs are over, never whether
    a sender is still at work."""
    result = result or SweepResult()
    token = uuid.uuid4()
    due = Q(status=SendStatus.FAILED, next_attempt_at__lte=now) | (
        Q(status=SendStatus.PENDING) & (Q(lease_until__isnull=True) | Q(lease_until__lt=Now()))
    )
    scope = ReminderLog.objects.filter(due, digest__isnull=True)
    if program is not None:
        scope = scope.filter(program=program)
    taken = scope.update(
        claim=token, claimed_at=now, lease_until=lease_end(), status=SendStatus.PENDING
    )
    if not taken:
        return result
    logs = load_logs(ReminderLog.objects.filter(claim=token))
    result.retried += len(logs)
    deliver_claimed(logs, now=now, result=result)
    return result


def reminders_retry_now(*, logs) -> int:
    """A site administrator's "retry now" on failed sends: one more attempt, at the next retry
    pass, which is queued once this commits."""
    from pathway.reminders.tasks import reminders_retry_task

    failed = logs.filter(status__in=[SendStatus.FAILED, SendStatus.GAVE_UP], digest__isnull=True)
    count = failed.update(
        status=SendStatus.FAILED,
        attempts=Least(F("attempts"), MAX_ATTEMPTS - 1),
        next_attempt_at=Now(),
        lease_until=None,
    )
    if count:
        transaction.on_commit(lambda: task_queue(reminders_retry_task))
    return count


# --- The sweep ---------------------------------------------------------------------------------


def _digest_day_since(settings, today):
    """The weekly digest day this sweep owes: today's, or one missed since the last sweep."""
    last = settings.last_swept_on
    first = (
        today
        if last is None or last >= today
        else max(last + timedelta(days=1), today - timedelta(days=6))
    )
    day = today
    while day >= first:
        if day.weekday() == settings.digest_weekday:
            return day
        day -= timedelta(days=1)
    return None


def reminders_catch_up(*, now) -> SweepResult:
    """Sweep the programs whose sweep for today has not run though their reminder time has
    passed (the broker was down then, and beat does not retry). Run by the periodic retry task."""
    today = timezone.localdate(now)
    local = timezone.localtime(now).time()
    late = ProgramReminderSettings.objects.filter(enabled=True, reminder_time__lte=local).filter(
        Q(last_swept_on__isnull=True) | Q(last_swept_on__lt=today)
    )
    result = SweepResult()
    for program in Program.objects.filter(reminder_settings__in=late).order_by("pk"):
        swept = reminders_sweep(now=now, program=program)
        result.claimed += swept.claimed
        result.emails_sent += swept.emails_sent
        result.queued += swept.queued
    return result


def reminders_sweep(*, now, program=None, queue_emails=None) -> SweepResult:
    """Today's reminders and digests for one program, or for every program.

    Emails go out within the sweep when tasks run in-process (no broker: the embedded default,
    `send_reminders` from cron, the tests); with a broker they are queued for the workers.
    `queue_emails` overrides that choice."""
    if queue_emails is None:
        queue_emails = not django_settings.CELERY_TASK_ALWAYS_EAGER
    today = timezone.localdate(now)
    result = SweepResult()
    programs = [program] if program is not None else list(Program.objects.order_by("pk"))
    conf = {
        c.program_id: c
        for c in ProgramReminderSettings.objects.filter(program__in=[p.pk for p in programs])
    }
    for each in programs:
        settings = conf.get(each.pk) or ProgramReminderSettings(program=each)
        if not settings.enabled:
            continue
        result.milestones.add(milestones_sync(program=each, today=today))
        collectors = (milestone_items, *ITEM_COLLECTORS)
        items = [item for collect in collectors for item in collect(each, today)]
        claimed = _claim(items, program=each, now=now)
        result.claimed += len(claimed)
        hand_over(claimed, now=now, result=result, queue=queue_emails)
        daily_digests(each, today=today, now=now, result=result, queue=queue_emails)
        digest_day = _digest_day_since(settings, today)
        if digest_day is not None:
            weekly_digests(each, today=digest_day, now=now, result=result, queue=queue_emails)
        reminders_retry(now=now, program=each, result=result)
        # Only forwards: a sweep run for an earlier day (--now) does not undo a later one.
        if settings.pk is None:
            settings.save()
        ProgramReminderSettings.objects.filter(pk=settings.pk).filter(
            Q(last_swept_on__isnull=True) | Q(last_swept_on__lt=today)
        ).update(last_swept_on=today)
    # Emails and tasks the broker could not take meanwhile (see pathway.core.outbox).
    result.outbox = outbox_drain(now=now)
    return result
