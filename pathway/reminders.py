"""The reminder sweep: who must be reminded of what today, each send claimed exactly once.

`reminders_sweep(now=...)` is a plain function. The Celery task (pathway.tasks), the
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
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from mentoring.models import CoachAssignment
from pathway.emails import absolute_url, email_send
from pathway.models import (
    ROUTINE_KINDS,
    Milestone,
    Notification,
    NotificationPreference,
    PathwayStatus,
    Program,
    ProgramReminderSettings,
    ReminderKind,
    ReminderLog,
    RoutineDelivery,
    SendStatus,
    User,
)
from pathway.services_milestones import SyncResult, milestones_sync
from pathway.services_notifications import notifications_create

logger = logging.getLogger(__name__)

# A reminder goes out on its day or, when sweeps were missed, on a later day of its window.
# A milestone first seen after its windows (a new resident, a rule moved into the past) gets
# no notice for them; it is listed on the directors' weekly digest instead.
BEFORE_DUE = (  # kind, most days before the due date, fewest days before
    (ReminderKind.DUE_14, 14, 8),
    (ReminderKind.DUE_7, 7, 2),
    (ReminderKind.DUE_1, 1, 0),
)
OVERDUE_DAYS = (1, 7)
ESCALATE_AFTER_DAYS = 14
ESCALATION_DAYS = (ESCALATE_AFTER_DAYS + 1, ESCALATE_AFTER_DAYS + 7)

MAX_ATTEMPTS = 5
RETRY_BASE = timedelta(minutes=10)
# A claimed send still pending after this long belongs to a sweep that died: send it again.
STALE_CLAIM = timedelta(minutes=30)
DIGEST_LIST_LIMIT = 50

LATE_KINDS = (ReminderKind.OVERDUE, ReminderKind.REPORT_OVERDUE, ReminderKind.REPORT_WAITING)
SECTIONS = (
    ("Overdue", LATE_KINDS),
    (f"More than {ESCALATE_AFTER_DAYS} days overdue", (ReminderKind.ESCALATION,)),
    ("Coming up", tuple(ROUTINE_KINDS)),
)


def fmt_date(on: date) -> str:
    return f"{on.day} {on:%B %Y}"


@dataclass
class Item:
    """One reminder to one person, before it is claimed."""

    key: str
    recipient: User
    kind: str
    text: str
    link: str
    due_on: date | None = None
    milestone_id: int | None = None


@dataclass
class SweepResult:
    milestones: SyncResult = field(default_factory=SyncResult)
    claimed: int = 0
    emails_sent: int = 0
    emails_failed: int = 0
    digests: int = 0
    retried: int = 0

    def summary(self) -> str:
        m = self.milestones
        return (
            f"milestones: {m.created} created, {m.updated} updated, {m.removed} removed; "
            f"reminders claimed: {self.claimed}; emails sent: {self.emails_sent}, "
            f"failed: {self.emails_failed}; digests: {self.digests}; retried: {self.retried}"
        )


def item_key(kind, recipient, subject: str, due_on: date | None) -> str:
    return f"{kind}:{recipient.pk}:{subject}:{due_on.isoformat() if due_on else '-'}"


# --- What is due today -------------------------------------------------------------------------


def reminder_scope(program, today):
    """Open milestones of the program's residents who can still act on them."""
    return (
        Milestone.objects.open()
        .filter(
            resident__user__program=program,
            resident__user__is_active=True,
            resident__expected_graduation__gte=today,
        )
        .exclude(resident__pathway_status__in=[PathwayStatus.WITHDRAWN, PathwayStatus.COMPLETED])
    )


def current_coaches(resident_ids) -> dict:
    """{resident id: coach User} for residents with a current, active coach. One query."""
    assignments = (
        CoachAssignment.objects.current()
        .filter(resident_id__in=resident_ids, coach__is_active=True)
        .select_related("coach")
    )
    return {a.resident_id: a.coach for a in assignments}


def program_directors(program) -> list:
    return list(
        User.objects.filter(program=program, is_active=True, director_profile__isnull=False)
    )


def milestone_items(program, today) -> list[Item]:
    first = today - timedelta(days=ESCALATION_DAYS[1])
    last = today + timedelta(days=BEFORE_DUE[0][1])
    milestones = list(
        reminder_scope(program, today)
        .filter(due_on__range=(first, last))
        .select_related("template", "resident__user")
        .order_by("pk")
    )
    if not milestones:
        return []
    coaches = current_coaches({m.resident_id for m in milestones})
    directors = None
    items = []
    for m in milestones:
        resident = m.resident.user
        days = (m.due_on - today).days

        def add(kind, recipient, text, m=m):
            key = item_key(kind, recipient, f"m{m.pk}", m.due_on)
            link = m.get_absolute_url()
            items.append(Item(key, recipient, kind, text, link, m.due_on, m.pk))

        if days >= 0:
            for kind, most, fewest in BEFORE_DUE:
                if fewest <= days <= most:
                    add(kind, resident, _due_text(m.name, m.due_on, days))
            continue
        late = -days
        when = fmt_date(m.due_on)
        if OVERDUE_DAYS[0] <= late <= OVERDUE_DAYS[1]:
            add(ReminderKind.OVERDUE, resident, f"“{m.name}” was due on {when} and is overdue")
            coach = coaches.get(m.resident_id)
            if coach is not None:
                add(
                    ReminderKind.OVERDUE,
                    coach,
                    f"{resident.display_name}: “{m.name}” was due on {when} and is overdue",
                )
        elif ESCALATION_DAYS[0] <= late <= ESCALATION_DAYS[1]:
            if directors is None:
                directors = program_directors(program)
            for director in directors:
                add(
                    ReminderKind.ESCALATION,
                    director,
                    f"{resident.display_name}: “{m.name}” is {late} days overdue (due {when})",
                )
    return items


def _due_text(name, due_on, days):
    if days == 0:
        return f"“{name}” is due today"
    if days == 1:
        return f"“{name}” is due tomorrow, {fmt_date(due_on)}"
    return f"“{name}” is due in {days} days, on {fmt_date(due_on)}"


# Each returns the program's Items for today. The capstone and mentoring apps' reminders
# (follow-ups, progress reports) are added here as those apps provide their dates.
ITEM_COLLECTORS = [milestone_items]


# --- Claiming and sending ----------------------------------------------------------------------


def _claim(items, *, program, now) -> list[ReminderLog]:
    """Insert one log row per item and return the rows this call inserted: the sends it owns.

    The in-app notifications are created in the same transaction, so a claimed reminder always
    reaches the notification centre even if its email has to be retried."""
    if not items:
        return []
    prefs = {
        p.user_id: p
        for p in NotificationPreference.objects.filter(
            user_id__in={item.recipient.pk for item in items}
        )
    }
    token = uuid.uuid4()
    rows = []
    # Every sweep inserts in key order, so two sweeps at once wait on each other, never deadlock.
    for item in sorted(items, key=lambda i: i.key):
        pref = prefs.get(item.recipient.pk)
        digest = (
            item.kind in ROUTINE_KINDS
            and pref is not None
            and pref.routine_delivery == RoutineDelivery.DAILY
        )
        rows.append(
            ReminderLog(
                key=item.key,
                recipient_id=item.recipient.pk,
                program=program,
                milestone_id=item.milestone_id,
                kind=item.kind,
                due_on=item.due_on,
                text=item.text[:300],
                link=item.link,
                status=SendStatus.DIGEST if digest else SendStatus.PENDING,
                claim=token,
                claimed_at=now,
            )
        )
    with transaction.atomic():
        ReminderLog.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        claimed = list(
            ReminderLog.objects.filter(claim=token)
            .select_related("recipient__program", "program")
            .order_by("pk")
        )
        notifications_create(
            notifications=[
                Notification(
                    user_id=log.recipient_id,
                    kind=log.kind,
                    text=log.text,
                    link=log.link,
                    created_at=now,
                    reminder=log,
                )
                for log in claimed
            ]
        )
    return claimed


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


def _common_context(recipient, program):
    return {
        "user": recipient,
        "program": program or recipient.program,
        "notifications_url": absolute_url(reverse("pathway:notification_list")),
        "preferences_url": absolute_url(reverse("pathway:notification_preferences")),
    }


def _send(recipient, template, context):
    return email_send(to=recipient.email, template=template, context=context)


def _deliver_items(logs, *, now, result):
    """Email each recipient their claimed, immediate items in one message."""
    by_recipient = defaultdict(list)
    for log in logs:
        if log.status == SendStatus.PENDING:
            by_recipient[log.recipient].append(log)
    outcomes = []
    for recipient, rows in by_recipient.items():
        context = _common_context(recipient, rows[0].program) | {
            "sections": _section_items(rows),
            "count": len(rows),
            "first": rows[0].text,
        }
        outcomes.append((rows, _attempt(recipient, "reminders/notice", context)))
    _record(outcomes, now=now, result=result)


def _attempt(recipient, template, context):
    """None when the email went out, else the error. One bad address stops only its own email."""
    try:
        _send(recipient, template, context)
    except Exception as error:  # noqa: BLE001 - any failure is recorded and retried
        return error
    return None


def _record(outcomes, *, now, result):
    """Mark sends as sent, or failed with the next attempt backed off. Two queries at most."""
    sent, failed = [], []
    for rows, error in outcomes:
        if error is None:
            sent.extend(row.pk for row in rows)
            continue
        for row in rows:
            row.attempts += 1
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
            status=SendStatus.SENT,
            sent_at=now,
            next_attempt_at=None,
            last_error="",
            attempts=F("attempts") + 1,
        )
    if failed:
        ReminderLog.objects.bulk_update(
            failed, ["status", "attempts", "last_error", "next_attempt_at"], batch_size=500
        )
    result.emails_sent += sum(1 for rows, error in outcomes if error is None)
    result.emails_failed += sum(1 for rows, error in outcomes if error is not None)


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
        )
        for uid in sorted(recipient_ids)
    ]
    ReminderLog.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return list(
        ReminderLog.objects.filter(claim=token).select_related("recipient__program", "program")
    )


def daily_digests(program, *, today, now, result):
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
    _send_daily_digests(digests, now=now, result=result)


def _send_daily_digests(digests, *, now, result):
    items = defaultdict(list)
    for item in ReminderLog.objects.filter(digest__in=digests).order_by("due_on", "pk"):
        items[item.digest_id].append(item)
    outcomes = []
    for digest in digests:
        rows = items.get(digest.pk, [])
        context = _common_context(digest.recipient, digest.program) | {
            "sections": _section_items(rows),
            "count": len(rows),
            "day": digest.due_on,
        }
        outcomes.append(([digest], _attempt(digest.recipient, "reminders/daily_digest", context)))
    _record(outcomes, now=now, result=result)
    result.digests += sum(1 for _, error in outcomes if error is None)


def weekly_digest_recipients(program) -> tuple[list, list]:
    """(directors, coaches) of the program who want the weekly digest."""
    directors = program_directors(program)
    coaches = list(
        User.objects.filter(
            is_active=True,
            coachees__ended_on__isnull=True,
            coachees__resident__user__program=program,
        ).distinct()
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


def weekly_digests(program, *, today, now, result):
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
    _send_weekly_digests(program, digests, today=today, now=now, result=result)


def _send_weekly_digests(program, digests, *, today, now, result):
    from pathway.digests import coach_digests, director_digest

    if not digests:
        return
    wanted = {d.recipient_id for d in digests}
    directors = set(
        User.objects.filter(pk__in=wanted, director_profile__isnull=False).values_list(
            "pk", flat=True
        )
    )
    director_context = director_digest(program, today) if directors else None
    coach_contexts = coach_digests(program, today, coach_ids=wanted)
    outcomes = []
    for digest in digests:
        recipient = digest.recipient
        base = _common_context(recipient, program) | {"day": today}
        if recipient.pk in directors:
            context = base | director_context | {"caseload": coach_contexts.get(recipient.pk)}
            template = "reminders/weekly_digest_director"
        else:
            context = base | {"caseload": coach_contexts.get(recipient.pk, [])}
            template = "reminders/weekly_digest_coach"
        outcomes.append(([digest], _attempt(recipient, template, context)))
    _record(outcomes, now=now, result=result)
    result.digests += sum(1 for _, error in outcomes if error is None)


# --- Retries -----------------------------------------------------------------------------------


def reminders_retry(*, now, program=None, result=None) -> SweepResult:
    """Send again what failed (once its backoff is over) or was claimed by a sweep that died."""
    result = result or SweepResult()
    token = uuid.uuid4()
    due = Q(status=SendStatus.FAILED, next_attempt_at__lte=now) | Q(
        status=SendStatus.PENDING, claimed_at__lt=now - STALE_CLAIM
    )
    scope = ReminderLog.objects.filter(due, digest__isnull=True)
    if program is not None:
        scope = scope.filter(program=program)
    if not scope.update(claim=token, claimed_at=now, status=SendStatus.PENDING):
        return result
    logs = list(
        ReminderLog.objects.filter(claim=token)
        .select_related("recipient__program", "program")
        .order_by("pk")
    )
    result.retried += len(logs)
    _deliver_items(
        [
            log
            for log in logs
            if log.kind not in (ReminderKind.DAILY_DIGEST, ReminderKind.WEEKLY_DIGEST)
        ],
        now=now,
        result=result,
    )
    daily = [log for log in logs if log.kind == ReminderKind.DAILY_DIGEST]
    if daily:
        _send_daily_digests(daily, now=now, result=result)
    weekly = defaultdict(list)
    for log in logs:
        if log.kind == ReminderKind.WEEKLY_DIGEST:
            weekly[(log.program, log.due_on)].append(log)
    for (digest_program, day), digests in weekly.items():
        _send_weekly_digests(digest_program, digests, today=day, now=now, result=result)
    return result


# --- The sweep ---------------------------------------------------------------------------------


def reminders_sweep(*, now, program=None) -> SweepResult:
    """Today's reminders and digests for one program, or for every program."""
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
        items = [item for collect in ITEM_COLLECTORS for item in collect(each, today)]
        claimed = _claim(items, program=each, now=now)
        result.claimed += len(claimed)
        _deliver_items(claimed, now=now, result=result)
        daily_digests(each, today=today, now=now, result=result)
        if today.weekday() == settings.digest_weekday:
            weekly_digests(each, today=today, now=now, result=result)
        reminders_retry(now=now, program=each, result=result)
    return result
