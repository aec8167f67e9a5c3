"""`make bench-reminders`: the reminder sweep at scale, on PostgreSQL, in a database of its own.

Seeds one program with 5,000 residents and about 100,000 milestones (bulk inserts). Then, as
beat and the workers would: one sweep (it must take under 10 seconds), which queues its emails
in batches, and those batches shared out to one process per CPU; then a second run at the same
moment, which must send nothing. Emails are rendered and serialised exactly as for SMTP, then
dropped: the figures are the app's work, not a mail server's."""

import multiprocessing
import os
import random
import time
from datetime import date, timedelta

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.utils import timezone

from mentoring.models import CoachAssignment
from pathway.core.academic import academic_year_start
from pathway.milestones.services import milestone_templates_seed, milestones_sync
from pathway.models import (
    CoachProfile,
    DirectorProfile,
    DueRule,
    Milestone,
    MilestoneTemplate,
    NotificationPreference,
    PathwayStatus,
    Program,
    ProgramReminderSettings,
    ReminderLog,
    ResidentProfile,
    RoutineDelivery,
    SendStatus,
    Track,
    User,
)
from pathway.reminders.delivery import reminders_deliver
from pathway.reminders.sweep import reminders_sweep
from pathway.reminders.tasks import reminders_deliver_task

LIMIT_SECONDS = 10.0
WORKERS = os.cpu_count() or 1
BACKEND = "pathway.bench.management.commands.bench_reminders.SerializingEmailBackend"


class SerializingEmailBackend(BaseEmailBackend):
    """Builds each message's bytes exactly as the SMTP backend would, then drops them: the
    bench measures the app's work, not a mail server's."""

    sent = 0

    def send_messages(self, email_messages):
        for message in email_messages:
            message.message().as_bytes(linesep="\r\n")
        SerializingEmailBackend.sent += len(email_messages)
        return len(email_messages)


# Extra program milestones counted from the day a resident joined the pathway, on top of the
# standard set, so a pathway resident has about twenty milestones.
EXTRA_AFTER_JOINING = (30, 60, 90, 150, 210, 270, 330, 390)


class Command(BaseCommand):
    help = (
        "Benchmark the reminder sweep: 5,000 residents, ~100,000 milestones, on PostgreSQL. "
        "Empties the database first, so it refuses one whose name lacks 'bench'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--residents", type=int, default=5000)
        parser.add_argument("--coaches", type=int, default=100)
        parser.add_argument("--seed", type=int, default=7, help="Random seed for the data.")

    def handle(self, *args, residents, coaches, seed, **options):
        name = connection.settings_dict["NAME"]
        if connection.vendor != "postgresql" or "bench" not in name:
            raise CommandError(
                "Run this on a PostgreSQL database of its own whose name contains 'bench' "
                "(make bench-reminders uses qipathway_bench_reminders); it empties it first."
            )
        settings.EMAIL_BACKEND = BACKEND
        now = timezone.now()
        today = timezone.localdate(now)

        started = time.perf_counter()
        call_command("flush", interactive=False, verbosity=0)
        program = self.seed(residents, coaches, today, random.Random(seed))
        with connection.cursor() as cursor:
            # Fresh tables have no planner statistics yet; a live database has.
            cursor.execute("ANALYZE")
        seeded = time.perf_counter() - started
        milestone_count = Milestone.objects.count()
        self.stdout.write(
            f"Seeded {residents:,} residents, {coaches} KPO coaches, "
            f"{program.milestone_templates.count()} milestone templates and "
            f"{milestone_count:,} milestones in {seeded:.1f} s (database {name})."
        )

        self.stdout.write(
            "Each run: the sweep (check and generate milestones, decide, claim, notify, queue the "
            "emails in batches), then its email batches, shared out to worker processes as the "
            "Celery worker does."
        )
        first, first_times = self.run_once(now, program)
        self.report("First run: ", first, first_times)
        second, second_times = self.run_once(now, program)
        self.report("Second run:", second, second_times)
        logs = ReminderLog.objects.count()
        sent = ReminderLog.objects.filter(status=SendStatus.SENT).count()
        self.stdout.write(f"Reminder log rows: {logs:,}; sent: {sent:,}")

        problems = []
        sweep_seconds = first_times[0]
        if sweep_seconds >= LIMIT_SECONDS:
            problems.append(f"the first sweep took {sweep_seconds:.2f} s (limit {LIMIT_SECONDS} s)")
        if second.claimed or second.emails_sent or second.digests or second.queued:
            problems.append("the second run sent something")
        if not first.claimed:
            problems.append("the first sweep found nothing to send: the data set is wrong")
        if sent != logs:
            problems.append(f"{logs - sent} reminders were not sent")
        if problems:
            raise CommandError("; ".join(problems))
        self.stdout.write(self.style.SUCCESS("OK: under the limit, and nothing sent twice."))

    def run_once(self, now, program):
        """The sweep, queueing its email batches, then the batches: what beat and the workers
        do. Returns the combined result and (sweep seconds, delivery seconds, batches)."""
        batches = []
        real_delay = reminders_deliver_task.delay
        reminders_deliver_task.delay = lambda **batch: batches.append(batch)
        try:
            started = time.perf_counter()
            result = reminders_sweep(now=now, program=program, queue_emails=True)
            swept = time.perf_counter()
        finally:
            reminders_deliver_task.delay = real_delay
        # As `celery -A config worker` does by default: one process per CPU takes batches.
        connections.close_all()
        with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
            for sent, failed, digests in pool.map(deliver_batch, [(b, now) for b in batches]):
                result.emails_sent += sent
                result.emails_failed += failed
                result.digests += digests
        done = time.perf_counter()
        return result, (swept - started, done - swept, len(batches))

    def report(self, label, result, times):
        sweep, delivery, batches = times
        self.stdout.write(
            f"{label} sweep {sweep:5.2f} s + {batches} email batches on {WORKERS} worker "
            f"processes {delivery:5.2f} s = {sweep + delivery:5.2f} s  ({result.summary()})"
        )

    def seed(self, residents, coaches, today, rng):
        program = Program.objects.create(name="Bench Internal Medicine", slug="bench-im")
        # Today is the weekly digest day, so the timed sweep includes every digest.
        ProgramReminderSettings.objects.create(program=program, digest_weekday=today.weekday())
        milestone_templates_seed(program=program)
        for n, offset in enumerate(EXTRA_AFTER_JOINING, start=1):
            MilestoneTemplate.objects.create(
                program=program,
                name=f"Coaching check-in {n} ({offset} days in)",
                position=200 + n,
                due_rule=DueRule.AFTER_EVENT,
                anchor_event="joined_pathway",
                offset_days=offset,
            )

        staff = User.objects.bulk_create(
            [
                User(
                    email=f"director{n}@bench.example.org",
                    full_name=f"Director {n}",
                    program=program,
                    password="!",
                )
                for n in range(2)
            ]
            + [
                User(
                    email=f"coach{n}@bench.example.org",
                    full_name=f"Coach {n:03d}",
                    program=program,
                    password="!",
                )
                for n in range(coaches)
            ]
        )
        DirectorProfile.objects.bulk_create([DirectorProfile(user=u) for u in staff[:2]])
        coach_users = staff[2:]
        CoachProfile.objects.bulk_create([CoachProfile(user=u) for u in coach_users])

        users = User.objects.bulk_create(
            [
                User(
                    email=f"resident{n}@bench.example.org",
                    full_name=f"Resident {n:05d}",
                    program=program,
                    password="!",
                )
                for n in range(residents)
            ],
            batch_size=1000,
        )
        this_year = academic_year_start(today)
        profiles = []
        for n, user in enumerate(users):
            pgy = n % 3 + 1
            start = date(this_year - pgy + 1, 7, 1)
            joined = start + timedelta(days=rng.randint(90, 300))
            joined = min(joined, today)
            status = PathwayStatus.ACTIVE if n % 20 else PathwayStatus.NOT_ENROLLED
            profiles.append(
                ResidentProfile(
                    user=user,
                    track=Track.PRIMARY_CARE if n % 4 == 0 else Track.CATEGORICAL,
                    residency_start=start,
                    expected_graduation=date(start.year + 3, 6, 30),
                    pathway_status=status,
                    applied_on=start + timedelta(days=100)
                    if status == PathwayStatus.ACTIVE
                    else None,
                    joined_on=joined if status == PathwayStatus.ACTIVE else None,
                    vmps_for_leaders_completed_on=(
                        start + timedelta(days=330) if pgy > 1 and rng.random() < 0.9 else None
                    ),
                    sbp_signed_off_on=(
                        start + timedelta(days=320) if pgy > 1 and rng.random() < 0.9 else None
                    ),
                    leading_at_vm_completed_on=(
                        start + timedelta(days=450) if pgy > 2 and rng.random() < 0.9 else None
                    ),
                )
            )
        profiles = ResidentProfile.objects.bulk_create(profiles, batch_size=1000)
        CoachAssignment.objects.bulk_create(
            [
                CoachAssignment(resident=profile, coach=coach_users[n % coaches], started_on=today)
                for n, profile in enumerate(profiles)
            ],
            batch_size=1000,
        )
        # A fifth of the residents take routine reminders as a daily digest.
        NotificationPreference.objects.bulk_create(
            [
                NotificationPreference(user=u, routine_delivery=RoutineDelivery.DAILY)
                for u in users[::5]
            ],
            batch_size=1000,
        )
        milestones_sync(program=program, today=today)
        return program


def deliver_batch(args):
    """One queued batch, in a worker process with its own database connection."""
    batch, now = args
    try:
        delivered = reminders_deliver(now=now, **batch)
        return delivered.emails_sent, delivered.emails_failed, delivered.digests
    finally:
        connections.close_all()
