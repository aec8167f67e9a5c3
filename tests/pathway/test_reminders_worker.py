"""End to end: the reminder task goes through the real Redis broker to a real Celery worker,
which sweeps the test's PostgreSQL database and writes the emails to files we then read."""

import os
import subprocess
import time
import uuid
from email import message_from_bytes, policy
from pathlib import Path
from urllib.parse import urlparse

import pytest
import redis
from django.db import connection

from config.celery import app, worker_command
from pathway.models import ReminderKind, ReminderLog, SendStatus
from pathway.tasks import reminders_sweep_task
from tests.conftest import services_required
from tests.pathway.cohort import make_cohort

pytestmark = pytest.mark.services

PROJECT = Path(__file__).resolve().parents[2]
DEADLINE_SECONDS = 90


def worker_database_url(postgres_url):
    """The URL of the database pytest-django created, so the worker reads what the test wrote."""
    settings = connection.settings_dict
    parsed = urlparse(postgres_url)
    return parsed._replace(path=f"/{settings['NAME']}").geturl()


def read_emails(folder: Path):
    """The messages Django's file-based backend wrote (one file per connection, '-' lines apart)."""
    messages = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                messages.append(message_from_bytes(chunk.strip(), policy=policy.default))
    return messages


def text_body(message):
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def broker(redis_url, settings):
    """Send through Redis for real: the test settings run tasks eagerly otherwise."""
    eager = settings.CELERY_TASK_ALWAYS_EAGER
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = redis_url
    # The Celery app read the settings once; tell it too, and put it back afterwards.
    app.conf.task_always_eager = False
    yield redis_url
    app.conf.task_always_eager = eager


def start_worker(queue, database_url, redis_url, mail_dir, log_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
            "SITE_URL": "https://qi.example.org",
            "CONN_MAX_AGE": "0",
            # The sweep queues its email batches on the worker's own queue.
            "CELERY_QUEUE": queue,
        }
    )
    log = open(log_path, "w")  # noqa: SIM115 - closed with the worker below
    worker = subprocess.Popen(
        worker_command(queue, f"{queue}@%h", "--pool=solo", "--loglevel=INFO"),
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return worker, log


def test_a_real_worker_sends_the_reminders_and_logs_them(
    broker, postgres_url, transactional_db, tmp_path
):
    if connection.vendor != "postgresql":
        reason = "the worker test needs the test database on PostgreSQL"
        if services_required():
            pytest.fail(reason)
        pytest.skip(reason)
    cohort = make_cohort(2)
    soon, late = cohort.residents
    cohort.milestone(soon, due_in=7, name="Complete Leading at Virginia Mason")
    cohort.milestone(late, due_in=-1, name="Select a sponsor")
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    # A queue of our own, so no other worker on the shared Redis takes the task.
    queue = f"qip-test-{uuid.uuid4().hex[:10]}"
    log_path = tmp_path / "worker.log"
    worker, log = start_worker(queue, worker_database_url(postgres_url), broker, mail_dir, log_path)
    try:
        with app.connection_for_write(broker) as conn:
            reminders_sweep_task.apply_async(
                kwargs={"program_id": cohort.program.pk}, queue=queue, connection=conn
            )
        deadline = time.monotonic() + DEADLINE_SECONDS
        while time.monotonic() < deadline:
            done = ReminderLog.objects.filter(status=SendStatus.SENT).count()
            if done >= 3 and len(read_emails(mail_dir)) >= 3:
                break
            if worker.poll() is not None:
                break
            time.sleep(0.5)
    finally:
        worker.terminate()
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(10)
        log.close()
        # The queue was ours alone: leave nothing behind in the shared Redis.
        redis.Redis.from_url(broker).delete(
            queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
        )

    worker_log = log_path.read_text()
    logs = {(log.recipient_id, log.kind): log for log in ReminderLog.objects.all()}
    assert set(logs) == {
        (soon.pk, ReminderKind.DUE_7),
        (late.pk, ReminderKind.OVERDUE),
        (cohort.coach.pk, ReminderKind.OVERDUE),
    }, worker_log[-3000:]
    assert {log.status for log in logs.values()} == {SendStatus.SENT}
    emails = {m["To"]: m for m in read_emails(mail_dir)}
    assert set(emails) == {soon.email, late.email, cohort.coach.email}
    assert "Complete Leading at Virginia Mason" in emails[soon.email]["Subject"]
    body = text_body(emails[late.email])
    assert "Select a sponsor: overdue since" in body
    assert "https://qi.example.org/milestones/" in body
    assert "succeeded" in worker_log
