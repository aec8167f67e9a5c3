"""The daily digest of workflow notifications, as a Celery task (scheduled by
pathway.notifications.services.reminder_schedule_sync). A retried or repeated run sends only
what no earlier run claimed."""

from celery import shared_task

from pathway.core.tasks import RETRY
from pathway.notifications.notify import notification_digests_send


@shared_task(name="pathway.tasks.notification_digests_task", **RETRY)
def notification_digests_task():
    return f"{notification_digests_send()} digest emails queued"
