"""The Celery app. Broker from REDIS_URL (settings); tasks are discovered in each app's tasks.py."""

import os
import sys

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def worker_command(queue: str, name: str, *options: str) -> list[str]:
    """The command line of a worker of this app that serves only `queue`, for the tests and the
    chaos bench that start their own: without gossip, mingle or heartbeat it starts quickly and
    ignores any other worker on the broker."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "-Q",
        queue,
        "-n",
        name,
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        *options,
    ]
