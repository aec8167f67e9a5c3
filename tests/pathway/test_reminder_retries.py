"""A failed email is logged and retried with backoff; one bad address does not block others."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from pathway.core.outbox import MAX_ATTEMPTS, RETRY_BASE, STALE_CLAIM
from pathway.models import ReminderKind, ReminderLog, SendStatus
from pathway.reminders.sweep import reminders_retry, reminders_sweep
from tests.pathway.cohort import make_cohort, pinned_now

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def bouncing_backend(settings):
    settings.EMAIL_BACKEND = "tests.pathway.failing_email.EmailBackend"


def bad_and_good():
    cohort = make_cohort(2)
    bad, good = cohort.residents
    bad.email = "bounce.resident@example.org"
    bad.save()
    for resident in cohort.residents:
        cohort.milestone(resident, due_in=7)
    return cohort, bad, good


def test_one_bad_address_does_not_stop_the_others(caplog):
    cohort, bad, good = bad_and_good()

    result = reminders_sweep(now=pinned_now(), program=cohort.program)

    assert [m.to for m in mail.outbox] == [[good.email]]
    assert (result.emails_sent, result.emails_failed) == (1, 1)
    failed = ReminderLog.objects.get(recipient=bad)
    assert failed.status == SendStatus.FAILED
    assert failed.attempts == 1
    assert "SMTPRecipientsRefused" in failed.last_error
    assert failed.next_attempt_at == pinned_now() + RETRY_BASE
    assert ReminderLog.objects.get(recipient=good).status == SendStatus.SENT
    assert "bounce.resident@example.org failed" in caplog.text


def test_a_failed_send_is_retried_once_its_backoff_is_over(settings):
    cohort, bad, good = bad_and_good()
    reminders_sweep(now=pinned_now(), program=cohort.program)
    mail.outbox.clear()

    too_early = reminders_retry(now=pinned_now() + RETRY_BASE - timedelta(seconds=1))
    assert too_early.retried == 0

    bad.email = "fixed.resident@example.org"
    bad.save()
    result = reminders_retry(now=pinned_now() + RETRY_BASE)

    assert result.retried == 1
    [email] = mail.outbox
    assert email.to == ["fixed.resident@example.org"]
    log = ReminderLog.objects.get(recipient=bad)
    assert (log.status, log.attempts, log.last_error) == (SendStatus.SENT, 2, "")


def test_the_backoff_doubles_and_the_sweep_gives_up_after_the_last_attempt(caplog):
    cohort, bad, good = bad_and_good()
    moment = pinned_now()
    reminders_sweep(now=moment, program=cohort.program)
    waits = []
    for _ in range(MAX_ATTEMPTS - 1):
        log = ReminderLog.objects.get(recipient=bad)
        waits.append(log.next_attempt_at - moment)
        moment = log.next_attempt_at
        reminders_retry(now=moment)

    log = ReminderLog.objects.get(recipient=bad)
    assert waits == [RETRY_BASE * 2**n for n in range(MAX_ATTEMPTS - 1)]
    assert (log.status, log.attempts, log.next_attempt_at) == (
        SendStatus.GAVE_UP,
        MAX_ATTEMPTS,
        None,
    )
    assert "Giving up on reminder" in caplog.text
    assert reminders_retry(now=moment + timedelta(days=1)).retried == 0


def test_a_send_claimed_by_a_sweep_that_died_is_sent_later():
    cohort = make_cohort(1)
    resident = cohort.residents[0]
    milestone = cohort.milestone(resident, due_in=7)
    # What a crash between the claim and the email leaves behind.
    ReminderLog.objects.create(
        key=f"due_7:{resident.pk}:m{milestone.pk}:{milestone.due_on.isoformat()}",
        recipient=resident,
        program=cohort.program,
        milestone=milestone,
        kind=ReminderKind.DUE_7,
        due_on=milestone.due_on,
        text="Milestone: due in 7 days",
        link=milestone.get_absolute_url(),
        claim="00000000-0000-0000-0000-000000000001",
        claimed_at=pinned_now(),
        lease_until=timezone.now() + STALE_CLAIM,
    )

    reminders_sweep(now=pinned_now(), program=cohort.program)
    assert mail.outbox == []  # the rerun finds the claim and does not send twice

    # The claim's lease runs out: its sweep died.
    ReminderLog.objects.update(lease_until=timezone.now() - timedelta(seconds=1))
    reminders_sweep(now=pinned_now() + STALE_CLAIM + timedelta(minutes=1), program=cohort.program)

    assert [m.to for m in mail.outbox] == [[resident.email]]
    assert ReminderLog.objects.get().status == SendStatus.SENT
