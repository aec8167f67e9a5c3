"""With a broker, the sweep claims and queues the emails in batches for the workers; a batch
sends only what is still its own."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from pathway.core.outbox import STALE_CLAIM
from pathway.models import NotificationPreference, ReminderLog, RoutineDelivery, SendStatus
from pathway.reminders import sweep as reminders
from pathway.reminders.delivery import reminders_deliver
from pathway.reminders.sweep import reminders_retry, reminders_sweep
from tests.pathway.cohort import make_cohort, pinned_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """The batches the sweep queues, instead of sending them to a broker."""
    batches = []
    from pathway import tasks

    monkeypatch.setattr(
        tasks.reminders_deliver_task, "delay", lambda **kwargs: batches.append(kwargs)
    )
    return batches


def sweep_queueing(cohort, capture, now=None):
    with capture(execute=True):
        return reminders_sweep(now=now or pinned_now(), program=cohort.program, queue_emails=True)


def test_the_sweep_claims_and_queues_and_the_batches_send(
    queued, django_capture_on_commit_callbacks
):
    cohort = make_cohort(3)
    for resident in cohort.residents:
        cohort.milestone(resident, due_in=7)
        cohort.milestone(resident, due_in=-1)

    result = sweep_queueing(cohort, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert result.claimed == result.queued == 3 * 2 + 3  # two each, and the coach thrice
    assert set(ReminderLog.objects.values_list("status", flat=True)) == {SendStatus.PENDING}
    for batch in queued:
        reminders_deliver(now=pinned_now(), **batch)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [r.email for r in cohort.residents] + [cohort.coach.email]
    )
    assert set(ReminderLog.objects.values_list("status", flat=True)) == {SendStatus.SENT}


def test_a_persons_reminders_stay_in_one_batch(
    queued, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(reminders, "DELIVERY_BATCH", 1)
    cohort = make_cohort(2)
    for resident in cohort.residents:
        cohort.milestone(resident, due_in=7)
        cohort.milestone(resident, due_in=1)

    sweep_queueing(cohort, django_capture_on_commit_callbacks)

    assert len(queued) == 2
    for batch in queued:
        recipients = set(
            ReminderLog.objects.filter(pk__in=batch["log_ids"]).values_list("recipient", flat=True)
        )
        assert len(recipients) == 1 and len(batch["log_ids"]) == 2


def test_digests_are_queued_too(queued, django_capture_on_commit_callbacks):
    cohort = make_cohort(1)
    resident = cohort.residents[0]
    NotificationPreference.objects.create(user=resident, routine_delivery=RoutineDelivery.DAILY)
    cohort.milestone(resident, due_in=7, name="Select a sponsor")

    sweep_queueing(cohort, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    for batch in queued:
        reminders_deliver(now=pinned_now(), **batch)

    [email] = mail.outbox
    assert "daily digest" in email.subject and "Select a sponsor" in email.body


def test_a_batch_that_waited_too_long_is_not_sent_twice(queued, django_capture_on_commit_callbacks):
    cohort = make_cohort(1)
    cohort.milestone(cohort.residents[0], due_in=7)
    sweep_queueing(cohort, django_capture_on_commit_callbacks)
    later = pinned_now() + STALE_CLAIM + timedelta(minutes=1)
    # The workers were down until the claim's lease ran out.
    ReminderLog.objects.update(lease_until=timezone.now() - timedelta(seconds=1))

    # The retry pass took the rows over and sent them.
    assert reminders_retry(now=later).retried == 1
    [batch] = queued
    delivered = reminders_deliver(now=later, **batch)

    assert delivered.emails_sent == 0
    assert len(mail.outbox) == 1


def test_the_task_is_a_thin_wrapper_over_the_delivery(queued, django_capture_on_commit_callbacks):
    from pathway.tasks import reminders_deliver_task

    cohort = make_cohort(1)
    cohort.milestone(cohort.residents[0], due_in=7)
    sweep_queueing(cohort, django_capture_on_commit_callbacks)
    [batch] = queued

    summary = reminders_deliver_task(**batch)

    assert "emails sent: 1" in summary
    assert len(mail.outbox) == 1
