"""Where Celery's autodiscovery (config/celery.py) finds the pathway's tasks: each lives with its
package; importing them here registers them under their unchanged names."""

from pathway.core.outbox import outbox_deliver_task
from pathway.milestones.tasks import milestones_sync_task
from pathway.notifications.tasks import notification_digests_task
from pathway.reminders.tasks import (
    reminders_deliver_task,
    reminders_retry_task,
    reminders_sweep_task,
)

__all__ = [
    "milestones_sync_task",
    "notification_digests_task",
    "outbox_deliver_task",
    "reminders_deliver_task",
    "reminders_retry_task",
    "reminders_sweep_task",
]
