"""Emailing what the sweep claimed: one email per person per batch, over one mail session.

The sweep (pathway.reminders.sweep) decides and claims; this module sends. Without a broker it runs
inside the sweep; with Redis the sweep queues `reminders_deliver_task` batches and the workers
send them in parallel. A failed email is recorded on its log rows and retried with backoff by
`reminders_retry`; one bad address fails only its own email.

Exactly once, message by message: before each email the sender re-checks that its claim still
holds the rows and renews the claim's lease; right after it, the rows are marked sent. A sender
killed mid-batch leaves at most the one message in flight to be sent again, and a retry pass
cannot take rows whose sender is still at work.
"""

import logging
import uuid
from collections import defaultdict
from contextlib import contextmanager

from django.core.mail import get_connection
from django.db.models import F, Q
from django.urls import reverse

from pathway.core.emails import absolute_url, email_send_now
from pathway.core.outbox import MAX_ATTEMPTS, RETRY_BASE, lease_end
from pathway.models import ReminderKind, ReminderLog, SendStatus, User
from pathway.reminders.rules import (
    SECTIONS,
    SweepResult,
    load_logs,
)

logger = logging.getLogger(__name__)


def reminders_deliver(*, log_ids, claim, now) -> SweepResult:
    """Send claimed reminders queued by a sweep.

    The rows are taken over with a conditional UPDATE on the sweep's claim, so a retry pass
    that meanwhile judged them stale cannot send them as well: whichever UPDATE comes first
    owns them."""
    result = SweepResult()
    token = uuid.uuid4()
    taken = ReminderLog.objects.filter(
        pk__in=log_ids, claim=claim, status=SendStatus.PENDING
    ).update(claim=token, claimed_at=now, lease_until=lease_end())
    if taken:
        deliver_claimed(load_logs(ReminderLog.objects.filter(claim=token)), now=now, result=result)
    return result


def deliver_claimed(logs, *, now, result):
    """Email what these claimed rows stand for: reminders, daily digests, weekly digests."""
    digest_kinds = (ReminderKind.DAILY_DIGEST, ReminderKind.WEEKLY_DIGEST)
    _deliver_items([log for log in logs if log.kind not in digest_kinds], now=now, result=result)
    daily = [log for log in logs if log.kind == ReminderKind.DAILY_DIGEST]
    if daily:
        _send_daily_digests(daily, now=now, result=result)
    weekly = defaultdict(list)
    for log in logs:
        if log.kind == ReminderKind.WEEKLY_DIGEST:
            weekly[(log.program, log.due_on)].append(log)
    for (program, day), digests in weekly.items():
        _send_weekly_digests(program, digests, today=day, now=now, result=result)


def _section_items(logs):
    sections = []
    for title, kinds in SECTIONS:
        rows = [
            {"text": log.text, "url": absolute_url(log.link) if log.link else ""}
            for log in logs
            if log.kind in kinds
        ]
        if rows:
            sections.append({"title": title, "items": rows})
    return sections


def _links():
    return {
        "notifications_url": absolute_url(reverse("pathway:notification_list")),
        "preferences_url": absolute_url(reverse("pathway:notification_preferences")),
    }


def _common_context(recipient, program, links):
    return {"user": recipient, "program": program or recipient.program, **links}


@contextmanager
def mail_session():
    """One mail connection for a batch of emails (one SMTP session, not one per email)."""
    connection = get_connection()
    try:
        connection.open()
    except Exception:  # noqa: BLE001 - each send retries the connection and records its failure
        logger.warning("Could not open the mail connection; trying email by email", exc_info=True)
    try:
        yield connection
    finally:
        connection.close()


def _deliver_items(logs, *, now, result):
    """Email each recipient their claimed, immediate items in one message."""
    by_recipient = defaultdict(list)
    for log in logs:
        if log.status == SendStatus.PENDING:
            by_recipient[log.recipient].append(log)
    links = _links()
    with mail_session() as connection:
        for recipient, rows in by_recipient.items():
            rows = _hold(rows)
            if not rows:
                continue
            context = _common_context(recipient, rows[0].program, links) | {
                "sections": _section_items(rows),
                "count": len(rows),
                "first": rows[0].text,
            }
            error = _attempt(recipient, "reminders/notice", context, connection)
            _record([(rows, error)], now=now, result=result)


def _hold(rows) -> list:
    """The rows whose claim still holds, with their lease renewed; [] when another sender took
    them. Called right before each message."""
    pks = [row.pk for row in rows]
    held = ReminderLog.objects.filter(
        pk__in=pks, claim=rows[0].claim, status=SendStatus.PENDING
    ).update(lease_until=lease_end())
    if held == len(rows):
        return rows
    if not held:
        return []
    still = set(
        ReminderLog.objects.filter(
            pk__in=pks, claim=rows[0].claim, status=SendStatus.PENDING
        ).values_list("pk", flat=True)
    )
    return [row for row in rows if row.pk in still]


def _attempt(recipient, template, context, connection):
    """None when the email went out, else the error. One bad address stops only its own email."""
    try:
        email_send_now(
            to=recipient.email, template=template, context=context, connection=connection
        )
    except Exception as error:  # noqa: BLE001 - any failure is recorded and retried
        # A broken session is reopened by the next send.
        connection.close()
        return error
    return None


def _record(outcomes, *, now, result):
    """Mark sends as sent, or failed with the next attempt backed off. Two queries at most.

    Only rows still held by the sender's claim are written."""
    sent, failed = [], []
    for rows, error in outcomes:
        if error is None:
            sent.extend(row.pk for row in rows)
            continue
        for row in rows:
            row.attempts += 1
            row.lease_until = None
            row.last_error = f"{type(error).__name__}: {error}"[:1000]
            if row.attempts >= MAX_ATTEMPTS:
                row.status, row.next_attempt_at = SendStatus.GAVE_UP, None
                logger.error(
                    "Giving up on reminder %s to %s after %s attempts: %s",
                    row.key,
                    row.recipient.email,
                    row.attempts,
                    row.last_error,
                )
            else:
                row.status = SendStatus.FAILED
                row.next_attempt_at = now + RETRY_BASE * 2 ** (row.attempts - 1)
                logger.warning(
                    "Reminder %s to %s failed (attempt %s), retrying at %s: %s",
                    row.key,
                    row.recipient.email,
                    row.attempts,
                    row.next_attempt_at,
                    row.last_error,
                )
            failed.append(row)
    if sent:
        # A digest's items are sent with it.
        ReminderLog.objects.filter(Q(pk__in=sent) | Q(digest_id__in=sent)).update(
            lease_until=None,
            status=SendStatus.SENT,
            sent_at=now,
            next_attempt_at=None,
            last_error="",
            attempts=F("attempts") + 1,
        )
    if failed:
        ReminderLog.objects.bulk_update(
            failed,
            ["status", "attempts", "last_error", "next_attempt_at", "lease_until"],
            batch_size=500,
        )
    sent_emails = sum(1 for rows, error in outcomes if error is None)
    result.emails_sent += sent_emails
    result.emails_failed += len(outcomes) - sent_emails
    return sent_emails


def _send_daily_digests(digests, *, now, result):
    items = defaultdict(list)
    for item in ReminderLog.objects.filter(digest__in=digests).order_by("due_on", "pk"):
        items[item.digest_id].append(item)
    links = _links()
    with mail_session() as connection:
        for digest in digests:
            if not _hold([digest]):
                continue
            rows = items.get(digest.pk, [])
            context = _common_context(digest.recipient, digest.program, links) | {
                "sections": _section_items(rows),
                "count": len(rows),
                "day": digest.due_on,
            }
            error = _attempt(digest.recipient, "reminders/daily_digest", context, connection)
            result.digests += _record([([digest], error)], now=now, result=result)


def _send_weekly_digests(program, digests, *, today, now, result):
    from pathway.reminders.digests import director_digest
    from pathway.reminders.sources import coach_caseloads

    if not digests:
        return
    wanted = {d.recipient_id for d in digests}
    directors = set(
        User.objects.filter(pk__in=wanted, director_profile__isnull=False).values_list(
            "pk", flat=True
        )
    )
    director_context = director_digest(program, today) if directors else None
    coach_contexts = coach_caseloads(program, today, coach_ids=wanted)
    links = _links()
    with mail_session() as connection:
        for digest in digests:
            if not _hold([digest]):
                continue
            recipient = digest.recipient
            base = _common_context(recipient, program, links) | {"day": today}
            if recipient.pk in directors:
                context = base | director_context | {"caseload": coach_contexts.get(recipient.pk)}
                template = "reminders/weekly_digest_director"
            else:
                context = base | {"caseload": coach_contexts.get(recipient.pk, [])}
                template = "reminders/weekly_digest_coach"
            error = _attempt(recipient, template, context, connection)
            result.digests += _record([([digest], error)], now=now, result=result)
