"""What the bench data builders share: the accounts' password, the focus program, batch size."""

from datetime import date, datetime, time

from django.utils import timezone

BENCH_PASSWORD = "pathway-bench-2026"
FOCUS_SLUG = "bench-60"
BATCH = 2000
ALUMNI = 4  # the level given to graduates in the spread PGY-1, PGY-2, PGY-3, alumni


def aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def chunks(ids, size=BATCH):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
