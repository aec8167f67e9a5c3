"""`make chaos`: exactly once under faults, at 5,000 residents, against the real pipeline.

PostgreSQL (a database of its own, emptied first), Redis (a queue of its own), a real Celery
worker started here, and a local SMTP sink (aiosmtpd) that records every message it accepts.
Two scenarios, each a full day's sweep (reminders, daily and weekly digests):

1. kill mid-batch: the worker is killed with SIGKILL while it sends; a new worker starts, and
   once the dead worker's claims have run out their lease the retry task sends the rest;
2. SMTP outage: the sink stops accepting connections while the worker sends, and transactional
   emails (the outbox) are written meanwhile; the sink comes back, the backoff passes, and the
   retry task sends the rest.

Each prints sent / expected / duplicated / lost, counted at the sink: a message is identified
by its recipient and what it is (their notice, daily digest or weekly digest, or a
transactional email, each to an address of its own). Not part of `make test`."""

import logging
import os
import random
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from collections import Counter
from email import message_from_bytes, policy
from pathlib import Path

import redis
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from config.celery import worker_command
from pathway.bench.management.commands.bench_reminders import Command as Bench
from pathway.core.outbox import outbox_email
from pathway.models import (
    DIGEST_KINDS,
    Notification,
    Outbox,
    Program,
    ReminderKind,
    ReminderLog,
    SendStatus,
)
from pathway.reminders.sweep import reminders_sweep
from pathway.tasks import reminders_retry_task

PROJECT = Path(__file__).resolve().parents[3]
DEADLINE = 900  # seconds per scenario
OUTBOX_EMAILS = 300


class Sink:
    """The aiosmtpd handler: keeps (recipient, identity) of every message accepted."""

    def __init__(self):
        self.received = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            for to in envelope.rcpt_tos:
                self.received.append((to, identity(message)))
        return "250 OK"


def identity(message) -> str:
    """What a message is to its recipient (each recipient gets at most one of each a day)."""
    subject = message["Subject"] or ""
    if subject.startswith("Transactional "):
        return "outbox"
    if "Your daily digest" in subject:
        return "daily"
    if "Weekly pathway digest" in subject or "Your coaching caseload this week" in subject:
        return "weekly"
    return "notice"


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--residents", type=int, default=5000)
        parser.add_argument("--kill-after", type=int, default=1500, help="Messages before kill.")

    def handle(self, *args, residents, kill_after, **options):
        name = connection.settings_dict["NAME"]
        if connection.vendor != "postgresql" or "chaos" not in name:
            raise CommandError("Run on a PostgreSQL database whose name contains 'chaos'.")
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError("Set REDIS_URL: the scenarios need the broker and a worker.")
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
        self.sink = Sink()
        self.port = int(os.environ.get("CHAOS_SMTP_PORT", "8725"))
        self.controller = None
        self.queue = settings.CELERY_TASK_DEFAULT_QUEUE
        self.worker = None
        self.logs = []
        self.log_dir = Path(tempfile.mkdtemp(prefix="qip-chaos-"))
        started = time.perf_counter()
        call_command("flush", interactive=False, verbosity=0)
        now = timezone.now()
        Bench().seed(residents, 100, timezone.localdate(now), random.Random(7))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"Seeded {residents:,} residents in {time.perf_counter() - started:.0f} s"
        )
        self.start_sink()
        results = []
        try:
            results.append(("kill mid-batch", self.kill_mid_batch(kill_after)))
            results.append(("SMTP outage", self.smtp_outage(kill_after)))
        finally:
            self.stop_worker(signal.SIGTERM)
            self.stop_sink()
            redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(
                self.queue, f"_kombu.binding.{self.queue}"
            )
        self.stdout.write("")
        self.stdout.write(
            f"{'scenario':<16} {'sent':>6} {'expected':>9} {'duplicated':>11} {'lost':>5}"
        )
        bad = False
        for label, (sent, expected, duplicated, lost) in results:
            self.stdout.write(f"{label:<16} {sent:>6} {expected:>9} {duplicated:>11} {lost:>5}")
            bad = bad or duplicated or lost
        if bad:
            raise CommandError("Duplicated or lost messages: see above.")
        self.stdout.write(self.style.SUCCESS("OK: 0 duplicated, 0 lost."))

    # --- Scenarios -----------------------------------------------------------------------------

    def kill_mid_batch(self, kill_after):
        self.fresh_day()
        self.start_worker()
        reminders_sweep(now=timezone.now(), program=Program.objects.get())
        self.wait(lambda: len(self.sink.received) >= kill_after, "the first messages")
        self.stop_worker(signal.SIGKILL)
        at_kill = len(self.sink.received)
        self.say(f"killed the worker (SIGKILL) after {at_kill} messages")
        self.start_worker()
        # The dead worker's claims are held until their lease runs out; the worker's queued
        # batches (redelivered or not) find their claim changed, or carry on.
        time.sleep(settings.REMINDER_LEASE_SECONDS + 2)
        self.until_all_sent()
        return self.count()

    def smtp_outage(self, stop_after):
        self.fresh_day()
        self.start_worker()
        reminders_sweep(now=timezone.now(), program=Program.objects.get())
        self.wait(lambda: len(self.sink.received) >= stop_after, "the first messages")
        self.stop_sink()
        self.say(f"SMTP sink stopped after {len(self.sink.received)} messages")
        for n in range(OUTBOX_EMAILS):
            outbox_email(
                to=[f"outbox{n}@chaos.example.org"],
                subject=f"Transactional {n}",
                text="Hello",
                html="<p>Hello</p>",
                template="chaos",
            )
        self.wait(
            lambda: (
                not ReminderLog.objects.filter(
                    status=SendStatus.PENDING, digest__isnull=True
                ).exists()
            ),
            "the worker to try every claimed send",
        )
        failed = ReminderLog.objects.filter(status=SendStatus.FAILED).count()
        self.say(f"{failed} sends failed during the outage; the sink comes back")
        self.start_sink()
        self.until_all_sent()
        return self.count()

    # --- Helpers -------------------------------------------------------------------------------

    def fresh_day(self):
        Notification.objects.all().delete()
        ReminderLog.objects.all().delete()
        Outbox.objects.all().delete()
        self.sink.received.clear()

    def until_all_sent(self):
        """What beat does every ten minutes: the retry task, with the backoff taken as over."""

        def done():
            if self.unsent():
                ReminderLog.objects.filter(status=SendStatus.FAILED).update(
                    next_attempt_at=timezone.now()
                )
                Outbox.objects.filter(status=SendStatus.FAILED).update(
                    next_attempt_at=timezone.now()
                )
                reminders_retry_task.apply_async(queue=self.queue)
                time.sleep(3)
                return False
            return True

        self.wait(done, "every send to be recorded as sent", poll=5)

    def unsent(self):
        return (
            ReminderLog.objects.exclude(status__in=[SendStatus.SENT, SendStatus.DIGEST]).count()
            + Outbox.objects.exclude(status=SendStatus.SENT).count()
        )

    def expected(self) -> set:
        keys = set()
        rows = ReminderLog.objects.select_related("recipient").values_list(
            "recipient__email", "kind", "digest_id"
        )
        for email, kind, digest_id in rows:
            if kind == ReminderKind.DAILY_DIGEST:
                keys.add((email, "daily"))
            elif kind == ReminderKind.WEEKLY_DIGEST:
                keys.add((email, "weekly"))
            elif digest_id is None and kind not in DIGEST_KINDS:
                keys.add((email, "notice"))
        for entry in Outbox.objects.all():
            keys.add((entry.payload["to"][0], "outbox"))
        return keys

    def count(self):
        time.sleep(2)  # the last messages in flight reach the sink
        received = Counter(self.sink.received)
        expected = self.expected()
        sent = len(set(received) & expected)
        duplicated = sum(n - 1 for n in received.values())
        lost = len(expected - set(received))
        unexpected = len(set(received) - expected)
        if unexpected:
            self.say(f"{unexpected} messages the database does not account for")
        return sent, len(expected), duplicated, lost

    def wait(self, condition, what, poll=0.5):
        deadline = time.monotonic() + DEADLINE
        while not condition():
            if time.monotonic() > deadline:
                raise CommandError(f"Timed out waiting for {what}; worker log: {self.logs[-1]}")
            time.sleep(poll)

    def say(self, text):
        self.stdout.write(f"  {timezone.localtime():%H:%M:%S} {text}")

    def start_sink(self):
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop_sink(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def start_worker(self):
        self.stop_worker(signal.SIGTERM)  # one worker at a time, and none left behind
        env = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.local",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(self.port),
                "EMAIL_USE_TLS": "0",
                "EMAIL_TIMEOUT": "5",
                "CONN_MAX_AGE": "0",
            }
        )
        log = self.log_dir / f"worker-{len(self.logs) + 1}.log"
        self.logs.append(log)
        self.worker = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            worker_command(
                self.queue,
                f"{self.queue}-{uuid.uuid4().hex[:4]}@%h",
                "--pool=prefork",
                "--concurrency=2",
                "--loglevel=WARNING",
            ),
            cwd=PROJECT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a kill reaches the pool too
        )
        self.say(f"worker started (pid {self.worker.pid}, log {log})")

    def stop_worker(self, how):
        if self.worker is None or self.worker.poll() is not None:
            return
        os.killpg(self.worker.pid, how)
        try:
            self.worker.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.worker.pid, signal.SIGKILL)
            self.worker.wait(10)
        self.worker = None
