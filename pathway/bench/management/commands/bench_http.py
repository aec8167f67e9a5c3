"""`make bench`, steps two and three: serve the app with gunicorn under production settings
(over plain HTTP on 127.0.0.1), sign the focus program's people in through the real sign-in
form, and measure each page with wrk; then the mixed load (pathway.bench.mixed).

Run it on the database bench_seed filled. Prints one table, a verdict on every goal, and
exits non-zero when any goal fails or is not measured: the signed-in minimal page within
3 × /healthz, every other page within 3 × the signed-in minimal page, the measure page's HTML
within 500 KB, and the mixed load's p95 under 250 ms with no errors. Fails loudly when a
page answers anything but 200 (a redirect to sign in means the session cookie was refused)."""

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import NoReverseMatch, reverse

from capstone.models import Measure
from pathway.bench import mixed
from pathway.bench.capstones import BIG_MEASURE_NAME
from pathway.bench.common import FOCUS_SLUG
from pathway.bench.server import check_page, run_wrk, sign_in, start_gunicorn, stop
from pathway.bench.wrk import (
    MINIMAL_PAGE,
    SIGNED_IN_MINIMAL_PAGE,
    WRK_LUA,
    PageRun,
    WrkOutputError,
    all_goals_met,
    goal_verdicts,
    parse_wrk,
    results_table,
)
from pathway.models import Program, User
from pathway.models.people import current_coach_assignments

BENCH_URLCONF = "config.urls_bench"
MEASURE_MAX_BYTES = 500 * 1024


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    # Who is signed in: None for anonymous.
    role: str | None
    # The page whose median this one's is judged against.
    yardstick: str | None = SIGNED_IN_MINIMAL_PAGE
    # URL arguments, by name, from the bench data: "project", "measure".
    args: tuple[str, ...] = ()
    max_bytes: int | None = None


PAGES = [
    Page("Minimal page /healthz (anonymous, 1 query)", MINIMAL_PAGE, None, yardstick=None),
    # One query too, but signed in and inside base.html: what every signed-in page costs
    # (session, user, menus) apart from the page's own work. Served by config.settings.bench.
    Page(
        "Minimal signed-in page (1 query, base.html)",
        SIGNED_IN_MINIMAL_PAGE,
        "director",
        yardstick=MINIMAL_PAGE,
    ),
    Page("Home, resident", "home", "resident"),
    Page("Home, KPO coach", "home", "coach"),
    Page("Home, sponsor", "home", "sponsor"),
    Page("Home, director", "home", "director"),
    Page("Home, coordinator", "home", "coordinator"),
    Page("Cohort board", "pathway:cohort_board", "director"),
    Page("Program overview", "pathway:program_overview", "director"),
    Page("Program report", "pathway:program_report", "director"),
    Page("Capstone page", "capstone:project_detail", "resident", args=("project",)),
    Page(
        "Measure page, 5,000 points",
        "capstone:measure_chart",
        "resident",
        args=("project", "measure"),
        max_bytes=MEASURE_MAX_BYTES,
    ),
]


class Command(BaseCommand):
    help = (
        "Measure the pages over HTTP with gunicorn and wrk, then the mixed load (after bench_seed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=10, help="Seconds per page.")
        parser.add_argument("--warmup", type=int, default=3, help="Unmeasured seconds first.")
        parser.add_argument("--threads", type=int, default=2, help="wrk threads.")
        parser.add_argument("--connections", type=int, default=4, help="wrk connections.")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
        parser.add_argument(
            "--mixed-seconds", type=int, default=mixed.SECONDS, help="Mixed load; 0 skips it."
        )
        parser.add_argument("--mixed-users", type=int, default=mixed.USERS)
        parser.add_argument("--mixed-workers", type=int, default=mixed.WORKERS)
        parser.add_argument(
            "--mixed-think-ms",
            type=int,
            nargs=2,
            default=mixed.THINK_MS,
            metavar=("FROM", "TO"),
            help="After the mixed load, the same people pausing this long between pages "
            "(0 0 skips that run).",
        )

    def handle(self, *args, **options):
        if shutil.which("wrk") is None:
            raise CommandError("wrk is not installed (make bench installs Debian's wrk).")
        accounts, targets = self.accounts()
        env = self.server_env()
        self.stdout.write("Collecting static files for the production settings…")
        subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
        )
        load_before = os.getloadavg()[0]
        with tempfile.TemporaryDirectory(prefix="bench-http-") as tmp:
            runs = self.measure(self.paths(targets), accounts, env, Path(tmp), **options)
            mixed_result = reading_result = None
            if options["mixed_seconds"]:
                mixed_result, reading_result = self.mixed_load(env, Path(tmp), **options)

        self.stdout.write("")
        for line in results_table(runs):
            self.stdout.write(line)
        # wrk, gunicorn and PostgreSQL share the machine; anything else running skews the
        # figures, the short minimal page most of all, so say how busy it was.
        self.stdout.write(
            f"{os.cpu_count()} CPUs; load average (1 min) {load_before:.2f} before, "
            f"{os.getloadavg()[0]:.2f} after. Compare runs on an otherwise idle machine."
        )
        self.stdout.write("")
        verdicts = goal_verdicts(runs)
        if mixed_result is None:
            verdicts.append((None, "NOT MEASURED: the mixed load (--mixed-seconds 0)."))
        else:
            lines = mixed_result.lines()
            self.stdout.write(lines[0])
            if reading_result is not None:
                self.stdout.write(reading_result.reading_line(tuple(options["mixed_think_ms"])))
            verdicts.append((mixed_result.passed, lines[1]))
        for passed, sentence in verdicts:
            style = {True: self.style.SUCCESS, False: self.style.ERROR}.get(passed)
            self.stdout.write((style or self.style.WARNING)(sentence))
        if not all_goals_met(verdicts):
            failed = sum(1 for passed, _ in verdicts if passed is not True)
            raise CommandError(f"{failed} of {len(verdicts)} goals missed (see above).")
        self.stdout.write(self.style.SUCCESS(f"All {len(verdicts)} goals met."))

    def paths(self, targets):
        pages = []
        for page in PAGES:
            try:
                args = [targets[name] for name in page.args]
                pages.append((page, reverse(page.url_name, args=args, urlconf=BENCH_URLCONF)))
            except NoReverseMatch:
                pages.append((page, None))
        return pages

    def measure(self, pages, accounts, env, tmp, **options):
        threads, connections = options["threads"], options["connections"]
        duration, warmup, workers = options["duration"], options["warmup"], options["workers"]
        lua = tmp / "bench.lua"
        lua.write_text(WRK_LUA)
        log_path = tmp / "gunicorn.log"
        runs = []
        with open(log_path, "w") as log:
            server, base = start_gunicorn(env=env, workers=workers, log=log)
        self.stdout.write(
            f"gunicorn ({workers} sync workers, production settings, DEBUG off) on http://{base}; "
            f"wrk: {threads} threads, {connections} connections, {warmup} s warm-up then "
            f"{duration} s per page."
        )
        try:
            # Each connection its own session: see WRK_LUA.
            sessions = 2 * connections
            cookies = {
                role: [sign_in(base, email).cookie for _ in range(sessions)]
                for role, email in accounts.items()
                if any(page.role == role and path for page, path in pages)
            }
            self.stdout.write(f"Signed in {sessions} sessions each as: {', '.join(cookies)}.")
            for page, path in pages:
                label, signed_in = page.label, page.role is not None
                run = {"yardstick": page.yardstick, "max_bytes": page.max_bytes}
                if path is None:
                    self.stdout.write(f"{label}: not available ({page.url_name} does not exist)")
                    runs.append(PageRun(label, page.url_name, None, signed_in, **run))
                    continue
                role_cookies = cookies.get(page.role, [])
                sizes = [check_page(base, path, c, label) for c in role_cookies or [None]]
                wrk_args = ["wrk", "-t", str(threads), "-c", str(connections)]
                # wrk leaves requests slower than its timeout (2 s by default) out of the
                # latency figures: a generous one keeps a slow page's worst cases in them.
                wrk_args += ["-s", str(lua), "--latency", "--timeout", "30s"]
                script_args = ["--", str(threads), *role_cookies]
                url = f"http://{base}{path}"
                if warmup:
                    run_wrk([*wrk_args, "-d", f"{warmup}s", url, *script_args], warmup)
                output = run_wrk([*wrk_args, "-d", f"{duration}s", url, *script_args], duration)
                try:
                    result = parse_wrk(output)
                except WrkOutputError as error:
                    raise CommandError(f"{label}: {error}\n{output}") from error
                if not result.clean:
                    raise CommandError(
                        f"{label} ({path}): {result.non_2xx} responses other than 2xx and "
                        f"{result.socket_errors} socket errors in {result.requests} requests: "
                        f"the figures would be wrong.\n{output}"
                    )
                self.stdout.write(
                    f"{label}: median {result.median_ms:.2f} ms, "
                    f"{result.requests_per_second:.1f} req/s, {max(sizes) / 1024:.1f} KB"
                )
                runs.append(
                    PageRun(label, page.url_name, result, signed_in, html_bytes=max(sizes), **run)
                )
        except CommandError as error:
            raise CommandError(f"{error}\n{gunicorn_log(log_path)}") from error
        finally:
            stop(server)
        return runs

    def mixed_load(self, env, tmp, **options):
        users, seconds = options["mixed_users"], options["mixed_seconds"]
        workers = options["mixed_workers"]
        people = mixed.people(users)
        if len(people) < users:
            raise CommandError(f"The focus program has {len(people)} people to load, not {users}.")
        log_path = tmp / "gunicorn-mixed.log"
        with open(log_path, "w") as log:
            server, base = start_gunicorn(env=env, workers=workers, log=log)
        try:
            sessions = [sign_in(base, person.email) for person in people]
            plan = tmp / "mixed.tsv"
            plan.write_text("\n".join(mixed.plan_lines(people, sessions)) + "\n")
            lua = tmp / "mixed.lua"
            lua.write_text(mixed.MIXED_LUA)
            roles = {}
            for person in people:
                roles[person.role] = roles.get(person.role, 0) + 1
            self.stdout.write(
                f"Mixed load: {len(people)} people signed in ("
                + ", ".join(f"{n} {role}" for role, n in roles.items())
                + f"), one connection each, {seconds} s on {workers} gunicorn workers…"
            )
            result = self.run_mixed(lua, base, plan, len(people), seconds)
        except CommandError as error:
            raise CommandError(f"{error}\n{gunicorn_log(log_path)}") from error
        finally:
            stop(server)
        think = options["mixed_think_ms"]
        if max(think) == 0:
            return result, None
        # The sessions live in the database, so the same plan (cookies) serves.
        log_path = tmp / "gunicorn-reading.log"
        with open(log_path, "w") as log:
            server, base = start_gunicorn(
                env=env, workers=workers, log=log, **mixed.reading_server(len(people), think)
            )
        try:
            self.stdout.write(
                f"The same people again, pausing {think[0]}–{think[1]} ms between pages, "
                f"{seconds} s on {workers} gunicorn gthread workers "
                f"(after {mixed.READING_WARMUP_SECONDS} s unmeasured)…"
            )
            warmup = mixed.READING_WARMUP_SECONDS
            self.run_mixed(lua, base, plan, len(people), warmup, (*think, mixed.READING_FIRST_POST))
            reading = self.run_mixed(
                lua, base, plan, len(people), seconds, (*think, mixed.READING_MEASURED_FIRST_POST)
            )
            return result, reading
        except CommandError as error:
            raise CommandError(f"{error}\n{gunicorn_log(log_path)}") from error
        finally:
            stop(server)

    def run_mixed(self, lua, base, plan, users, seconds, extra=()):
        args = ["wrk", "-t", str(users), "-c", str(users), "-d", f"{seconds}s"]
        args += ["--timeout", "30s", "-s", str(lua), f"http://{base}/", "--", str(plan)]
        output = run_wrk([*args, *map(str, extra)], seconds)
        try:
            return mixed.parse_mixed(output)
        except mixed.MixedOutputError as error:
            raise CommandError(f"{error}\n{output}") from error

    def accounts(self):
        """One account per role in the focus program, the people the pages are for, and the
        capstone and measure the resident's pages show: the big measure's project, led by
        the resident account."""
        focus = Program.objects.filter(slug=FOCUS_SLUG).first()
        if focus is None:
            raise CommandError(
                f"No program {FOCUS_SLUG!r} in this database: run bench_seed first (make bench)."
            )
        big = (
            Measure.objects.filter(project__program=focus, name=BIG_MEASURE_NAME)
            .select_related("project__lead__user")
            .first()
        )
        if big is None:
            raise CommandError("The focus program has no big measure: re-run bench_seed.")
        people = User.objects.filter(program=focus, is_active=True).order_by("pk")
        found = {
            "director": people.filter(director_profile__isnull=False).first(),
            "coordinator": people.filter(coordinator_profile__isnull=False).first(),
            "coach": people.filter(pk__in=current_coach_assignments().values("coach")).first(),
            "sponsor": people.filter(capstones_sponsored__isnull=False).distinct().first(),
            "resident": big.project.lead.user,
        }
        missing = [role for role, user in found.items() if user is None]
        if missing:
            raise CommandError(f"The focus program has no {', '.join(missing)}: re-run bench_seed.")
        targets = {"project": big.project_id, "measure": big.pk}
        return {role: user.email for role, user in found.items()}, targets

    def server_env(self):
        env = os.environ.copy()
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.bench",
            DEBUG="0",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            # Plain HTTP on the loopback: no redirect to HTTPS, no HSTS. Secure cookies are
            # still set; the bench sends them back itself.
            SECURE_SSL_REDIRECT="0",
            SECURE_HSTS_SECONDS="0",
            LOG_LEVEL="WARNING",
        )
        if len(env.get("SECRET_KEY", "")) < 50:
            env["SECRET_KEY"] = secrets.token_urlsafe(64)
        return env


def gunicorn_log(path) -> str:
    return f"--- gunicorn log ---\n{Path(path).read_text()[-4000:] or '(empty)'}"
