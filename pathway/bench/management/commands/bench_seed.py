"""`make bench`, step one: fill a database of its own with the bench data set (pathway.bench).

Refuses a database that already holds programs or people, unless --reset, which empties it
first, and only on a database whose name contains "bench": the bench data must never land
beside real records."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from pathway.bench.common import BENCH_PASSWORD
from pathway.bench.seed import BenchSize, bench_data_seed
from pathway.models import Program, ResidentProfile, User

DEFAULTS = BenchSize()


class Command(BaseCommand):
    help = (
        "Seed the dashboard bench data set: 50 programs, 2,000 residents, 2,000 capstones, "
        "100,000 data points, 20,000 progress reports, one measure of 5,000 daily points "
        "(bulk inserts)."
    )

    def add_arguments(self, parser):
        for name in (
            "programs",
            "residents",
            "focus_residents",
            "projects",
            "data_points",
            "reports",
            "big_measure_points",
            "coaches_per_program",
            "sponsors_per_program",
        ):
            parser.add_argument(
                f"--{name.replace('_', '-')}", type=int, default=getattr(DEFAULTS, name)
            )
        parser.add_argument("--seed", type=int, default=7, help="Random seed for the data.")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Empty the database first (only on a database whose name contains 'bench').",
        )

    def handle(self, *args, seed, reset, **options):
        name = str(connection.settings_dict["NAME"])
        if reset:
            if "bench" not in name:
                raise CommandError(
                    f"--reset empties the database; {name!r} does not look like a bench "
                    "database (its name must contain 'bench')."
                )
            call_command("flush", interactive=False, verbosity=0)
        elif Program.objects.exists() or User.objects.exists():
            raise CommandError(
                f"The database {name!r} already holds programs or people. Seed an empty "
                "database (make bench creates one), or pass --reset to empty a bench database."
            )
        size = BenchSize(**{k: options[k] for k in DEFAULTS.__dataclass_fields__})
        if problems := size.problems():
            raise CommandError("; ".join(problems))

        started = time.perf_counter()
        result = bench_data_seed(size=size, today=timezone.localdate(), rng_seed=seed)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Fresh tables have no planner statistics yet; a live database has.
                cursor.execute("ANALYZE")
        seconds = time.perf_counter() - started

        self.stdout.write(f"Seeded {name} in {seconds:.1f} s:")
        for label, count in result.counts.items():
            self.stdout.write(f"  {label:<24} {count:>9,}")
        focus_count = (
            ResidentProfile.objects.filter(user__program=result.focus).in_pathway().count()
        )
        self.stdout.write(
            f"Focus program {result.focus.slug!r}: {focus_count} pathway residents. "
            f"Every bench account's password is {BENCH_PASSWORD!r}; for example:"
        )
        for role, email in result.accounts.items():
            self.stdout.write(f"  {role:<12} {email}")
