from datetime import date, datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pathway.models import Program
from pathway.reminders.sweep import reminders_sweep


def parse_now(value: str) -> datetime:
    """An ISO date-time, or a date (taken as 07:00 that day), in the site's time zone."""
    try:
        if ":" in value:
            moment = datetime.fromisoformat(value)
        else:
            moment = datetime.combine(date.fromisoformat(value), time(7, 0))
    except ValueError:
        raise CommandError(f"--now '{value}' is not an ISO date or date-time.")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = (
        "Run the reminder sweep once: milestone reminders, overdue notices, escalations and "
        "digests. For cron where Redis is absent; safe to run as often as you like, nothing is "
        "sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Run as of this ISO date-time (default: now).")
        parser.add_argument("--program", help="Only this program (its slug).")

    def handle(self, *args, now=None, program=None, **options):
        moment = parse_now(now) if now else timezone.now()
        chosen = None
        if program:
            chosen = Program.objects.filter(slug=program).first()
            if chosen is None:
                raise CommandError(f"No program has the slug '{program}'.")
        result = reminders_sweep(now=moment, program=chosen)
        when = f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"
        self.stdout.write(f"Reminder sweep as of {when}: {result.summary()}")
