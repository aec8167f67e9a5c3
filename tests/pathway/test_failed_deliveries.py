"""After every retry fails, a delivery is listed for site administrators, who can retry it
now; /healthz/ready counts them."""

import pytest
from django.core import mail
from django.urls import reverse

from pathway.core.outbox import MAX_ATTEMPTS
from pathway.models import Outbox, OutboxKind, ReminderKind, ReminderLog, SendStatus
from tests.pathway.cohort import make_cohort, pinned_now

pytestmark = pytest.mark.django_db


def given_up_reminder(cohort):
    resident = cohort.residents[0]
    return ReminderLog.objects.create(
        key=f"overdue:{resident.pk}:x:-",
        recipient=resident,
        program=cohort.program,
        kind=ReminderKind.OVERDUE,
        text="Select a sponsor: overdue",
        status=SendStatus.GAVE_UP,
        attempts=MAX_ATTEMPTS,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        claim="00000000-0000-0000-0000-000000000009",
        claimed_at=pinned_now(),
    )


def given_up_email():
    return Outbox.objects.create(
        kind=OutboxKind.EMAIL,
        description="mentoring/report_submitted to coach@example.org",
        payload={"to": ["coach@example.org"], "subject": "Report", "text": "Hi", "html": "<p>Hi"},
        status=SendStatus.GAVE_UP,
        attempts=MAX_ATTEMPTS,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
    )


def test_site_administrators_see_failed_deliveries_and_retry_them_now(
    world, as_user, django_capture_on_commit_callbacks
):
    cohort = make_cohort(1)
    reminder, email = given_up_reminder(cohort), given_up_email()
    client = as_user(world.superuser)

    reminders = client.get(reverse("admin:pathway_reminderlog_changelist") + "?status=gave_up")
    emails = client.get(reverse("admin:pathway_outbox_changelist") + "?status=gave_up")
    assert b"Connection unexpectedly closed" in reminders.content
    assert b"Connection refused" in emails.content

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:pathway_reminderlog_changelist"),
            {"action": "retry_now", "_selected_action": [reminder.pk]},
        )
        client.post(
            reverse("admin:pathway_outbox_changelist"),
            {"action": "retry_now", "_selected_action": [email.pk]},
        )

    reminder.refresh_from_db()
    email.refresh_from_db()
    assert reminder.status == SendStatus.SENT and email.status == SendStatus.SENT
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [cohort.residents[0].email, "coach@example.org"]
    )


def test_program_staff_do_not_reach_the_failed_deliveries(world, as_user):
    response = as_user(world.director).get(reverse("admin:pathway_outbox_changelist"))

    assert response.status_code == 302 and "/admin/login/" in response.url


def test_the_readiness_check_counts_failed_deliveries(client):
    cohort = make_cohort(1)
    given_up_reminder(cohort)
    given_up_email()

    response = client.get(reverse("healthz_ready"))

    assert response.status_code == 200
    assert "failed deliveries: 2 given up, 0 being retried" in response.content.decode()
