"""The daily digest: the notifications a person chose to receive once a day are gathered into
one email, and each is emailed at most once, whether the run is repeated, overlaps another or
dies half-way."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from pathway.core import emails, outbox
from pathway.core.outbox import outbox_drain
from pathway.models import EmailDelivery, Notification, Outbox
from pathway.notifications import notify as notify_module
from pathway.notifications.notify import notification_digests_send, notify
from pathway.notifications.services import DIGEST_TASK, reminder_schedule_sync
from pathway.notifications.tasks import notification_digests_task
from tests import factories as f
from tests.pathway.notifications.helpers import choose, emails_to

pytestmark = pytest.mark.django_db
DIGEST = "pathway/notifications/daily_digest"


def comment(*recipients, text="Cora Coach commented on “Discharge before noon”."):
    notify(recipients=recipients, kind="comment_posted", text=text, link="/capstone/1/")


@pytest.fixture
def digesting(world):
    """The resident and the sponsor chose the digest for comments; each has two waiting."""
    for person in (world.resident, world.sponsor):
        choose(person, comment_posted=EmailDelivery.DIGEST)
    comment(world.resident, world.sponsor, text="First comment.")
    comment(world.resident, world.sponsor, text="Second comment.")
    return world


def test_the_digest_gathers_a_persons_waiting_notifications_into_one_email(digesting):
    assert emails_to(digesting.resident) == []

    assert notification_digests_send() == 2

    [email] = emails_to(digesting.resident, DIGEST)
    assert email.payload["subject"] == "Your QI Pathway digest: 2 notifications"
    text = email.payload["text"]
    assert text.index("First comment.") < text.index("Second comment.")
    assert "/capstone/1/" in text and "/notifications/preferences/" in text
    assert len(emails_to(digesting.sponsor, DIGEST)) == 1


def test_a_second_run_sends_nothing_again(digesting):
    notification_digests_send()
    assert notification_digests_send() == 0
    assert Outbox.objects.count() == 2


def test_what_arrives_after_a_run_goes_into_the_next_digest_only(digesting):
    notification_digests_send()
    comment(digesting.resident, text="Third comment.")

    notification_digests_send()

    later = emails_to(digesting.resident, DIGEST)[-1].payload["text"]
    assert "Third comment." in later and "First comment." not in later


def test_a_run_that_dies_half_way_claims_nothing_and_the_retry_sends_each_once(
    digesting, monkeypatch
):
    render = emails.email_render
    calls = []

    def render_then_die(template, context):
        calls.append(template)
        if len(calls) == 2:  # the second person's digest: the worker dies here
            raise RuntimeError("worker killed")
        return render(template, context)

    monkeypatch.setattr(emails, "email_render", render_then_die)
    with pytest.raises(RuntimeError):
        notification_digests_send()
    assert Outbox.objects.count() == 0
    assert not Notification.objects.filter(digest_claim__isnull=False).exists()

    monkeypatch.setattr(emails, "email_render", render)
    assert notification_digests_send() == 2
    assert notification_digests_send() == 0
    assert len(emails_to(digesting.resident, DIGEST)) == 1
    assert len(emails_to(digesting.sponsor, DIGEST)) == 1


def test_a_mail_server_that_is_down_loses_no_digest_and_sends_each_once(digesting, monkeypatch):
    """Once a run commits, the outbox owns the email: a failed send is retried, never
    rebuilt into a second digest."""
    notification_digests_send()
    real = outbox.email_message

    def refused(**kwargs):
        message = real(**kwargs)
        message.send = lambda: (_ for _ in ()).throw(ConnectionRefusedError("SMTP down"))
        return message

    monkeypatch.setattr(outbox, "email_message", refused)
    assert outbox_drain() == 0
    monkeypatch.setattr(outbox, "email_message", real)

    assert notification_digests_send() == 0
    later = timezone.now() + timedelta(hours=1)
    assert outbox_drain(now=later) == 2
    assert outbox_drain(now=later) == 0

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [digesting.resident.email, digesting.sponsor.email]
    )


def test_a_deactivated_person_gets_no_digest_and_it_is_not_kept_for_later(digesting):
    digesting.sponsor.is_active = False
    digesting.sponsor.save()

    assert notification_digests_send() == 1
    assert emails_to(digesting.sponsor) == []
    assert notification_digests_send() == 0


def test_a_long_digest_lists_the_first_ones_and_counts_the_rest(world, monkeypatch):
    monkeypatch.setattr(notify_module, "DIGEST_ITEMS_MAX", 3)
    choose(world.resident, comment_posted=EmailDelivery.DIGEST)
    for n in range(5):
        comment(world.resident, text=f"Comment {n}.")

    notification_digests_send()

    text = emails_to(world.resident, DIGEST)[0].payload["text"]
    assert "Comment 2." in text and "Comment 3." not in text
    assert "…and 2 more" in text


def test_notifications_emailed_at_once_never_reach_a_digest(world):
    comment(world.resident)
    assert notification_digests_send() == 0


def test_the_daily_task_runs_the_digest(digesting):
    assert notification_digests_task.apply().get() == "2 digest emails queued"
    assert notification_digests_send() == 0


def test_the_digest_is_scheduled_every_day(world):
    reminder_schedule_sync(program=world.program)
    reminder_schedule_sync(program=f.ProgramFactory())

    [task] = PeriodicTask.objects.filter(task=DIGEST_TASK)
    assert task.enabled and task.crontab.hour == "7" and task.crontab.day_of_week == "*"
