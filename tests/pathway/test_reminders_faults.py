"""Exactly once under faults, on PostgreSQL: a sender killed mid-batch, a relay so slow that
claims look old, a retry pass run for a later day while a sender is still at work."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection

from pathway.models import ReminderLog, SendStatus
from pathway.reminders.sweep import reminders_retry, reminders_sweep
from tests.pathway.cohort import make_cohort, pinned_now
from tests.pathway.faults import Killed, expire_claims, recipients_count

pytestmark = pytest.mark.services


def cohort_with_reminders(size):
    cohort = make_cohort(size)
    for resident in cohort.residents:
        cohort.milestone(resident, due_in=7)
    return cohort


def test_a_sender_killed_mid_batch_resends_at_most_the_message_in_flight(on_postgres, relay):
    cohort = cohort_with_reminders(6)
    relay.kill_after = 3  # the third message reaches the server, then the worker dies

    with pytest.raises(Killed):
        reminders_sweep(now=pinned_now(), program=cohort.program)
    assert len(mail.outbox) == 3

    expire_claims()
    reminders_retry(now=pinned_now() + timedelta(hours=1))

    counts = recipients_count()
    assert set(counts) == {r.email for r in cohort.residents}
    assert sum(counts.values()) - len(counts) <= 1  # only the message in flight, if any
    assert set(ReminderLog.objects.values_list("status", flat=True)) == {SendStatus.SENT}


def test_a_retry_pass_for_a_later_day_leaves_a_slow_senders_rows_alone(on_postgres, relay):
    cohort = cohort_with_reminders(6)
    relay.delay = 0.4  # a relay slow enough that the claims look old to a later `now`
    errors = []

    def sweep():
        try:
            reminders_sweep(now=pinned_now(), program=cohort.program)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    sender = threading.Thread(target=sweep)
    sender.start()
    deadline = time.monotonic() + 30
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.05)
    # `send_reminders --now <tomorrow>` while the sender is busy.
    retried = reminders_retry(now=pinned_now() + timedelta(days=1))
    sender.join(60)

    assert errors == []
    assert retried.retried == 0
    counts = recipients_count()
    assert set(counts) == {r.email for r in cohort.residents}
    assert max(counts.values()) == 1
