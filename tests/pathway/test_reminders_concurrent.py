"""Two sweeps at once on PostgreSQL, in real transactions: each reminder is still sent once.

The database decides: both sweeps find the same reminders due and try to claim them at the same
moment; the unique key lets exactly one INSERT win each."""

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from pathway.models import (
    Notification,
    NotificationPreference,
    ReminderKind,
    ReminderLog,
    RoutineDelivery,
    SendStatus,
)
from pathway.reminders import sweep as reminders
from tests.pathway.cohort import make_cohort, pinned_now

pytestmark = pytest.mark.services


def test_two_sweeps_at_once_send_each_reminder_once(on_postgres, monkeypatch):
    cohort = make_cohort(12, directors=2)
    for n, resident in enumerate(cohort.residents):
        if n % 3 == 0:
            NotificationPreference.objects.create(
                user=resident, routine_delivery=RoutineDelivery.DAILY
            )
        cohort.milestone(resident, due_in=(14, 7, 1, -1, -15)[n % 5])
        cohort.milestone(resident, due_in=(7, -2)[n % 2], name=f"Second for {n}")

    # Both sweeps have found the same reminders before either claims one.
    ready = threading.Barrier(2, timeout=30)
    real_claim = reminders._claim

    def claim_together(items, **kwargs):
        if items:
            ready.wait()
        return real_claim(items, **kwargs)

    monkeypatch.setattr(reminders, "_claim", claim_together)
    start = threading.Barrier(2, timeout=30)
    results, errors = [], []

    def sweep():
        try:
            start.wait()
            results.append(reminders.reminders_sweep(now=pinned_now(), program=cohort.program))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    assert len(results) == 2
    logs = ReminderLog.objects.all()
    keys = Counter(logs.values_list("key", flat=True))
    assert keys and max(keys.values()) == 1
    claimed = sum(r.claimed for r in results)
    items = logs.exclude(kind__in=[ReminderKind.DAILY_DIGEST, ReminderKind.WEEKLY_DIGEST])
    assert claimed == items.count()
    assert set(logs.values_list("status", flat=True)) == {SendStatus.SENT}
    assert Notification.objects.count() == items.count()
    # Every reminder went out in exactly one email (on its own, with others, or in a digest).
    for log in items.select_related("recipient"):
        carrying = [m for m in mail.outbox if m.to == [log.recipient.email] and log.text in m.body]
        assert len(carrying) == 1, log.key
    assert sum(r.emails_sent for r in results) == len(mail.outbox)
