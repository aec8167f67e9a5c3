"""`make bench`, step two: serve the app with gunicorn under production settings (over plain
HTTP on 127.0.0.1), sign the focus program's people in through the real sign-in form, and
measure each dashboard with wrk beside /healthz, the minimal page that runs one query.

Run it on the database bench_seed filled. Prints one table and the verdict on the goal: the
director board's median within 3 × the minimal page's. Fails loudly when a page answers
anything but 200 (a redirect to sign in means the session cookie was refused)."""

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import NoReverseMatch, reverse

from pathway.bench.common import BENCH_PASSWORD, FOCUS_SLUG
from pathway.bench.wrk import (
    WRK_LUA,
    PageRun,
    WrkOutputError,
    goal_verdicts,
    parse_wrk,
    results_table,
)
from pathway.models import PathwayStatus, Program, ResidentProfile, User
from pathway.models.people import current_coach_assignments

# (label, URL name, who is signed in: None for anonymous)
PAGES = [
    ("Minimal page /healthz (anonymous, 1 query)", "healthz", None),
    # One query too, but signed in and inside base.html: what every signed-in page costs
    # (session, user, menus) apart from the page's own work. Served by config.settings.bench.
    ("Minimal signed-in page (1 query, base.html)", "bench_minimal", "director"),
    ("Home, resident", "home", "resident"),
    ("Home, KPO coach", "home", "coach"),
    ("Home, sponsor", "home", "sponsor"),
    ("Home, director", "home", "director"),
    ("Director board", "pathway:cohort_board", "director"),
    ("Program overview", "pathway:program_overview", "director"),
    ("Program report", "pathway:program_report", "director"),
]
READY_SECONDS = 60
BENCH_URLCONF = "config.urls_bench"


class Command(BaseCommand):
    help = "Measure the dashboards over HTTP with gunicorn and wrk (after bench_seed)."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=10, help="Seconds per page.")
        parser.add_argument("--warmup", type=int, default=3, help="Unmeasured seconds first.")
        parser.add_argument("--threads", type=int, default=2, help="wrk threads.")
        parser.add_argument("--connections", type=int, default=4, help="wrk connections.")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")

    def handle(self, *args, duration, warmup, threads, connections, workers, **options):
        if shutil.which("wrk") is None:
            raise CommandError("wrk is not installed (make bench installs Debian's wrk).")
        accounts = self.accounts()
        pages = []
        for label, name, role in PAGES:
            try:
                pages.append((label, name, role, reverse(name, urlconf=BENCH_URLCONF)))
            except NoReverseMatch:
                pages.append((label, name, role, None))

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
            runs = self.measure(
                pages,
                accounts,
                env,
                Path(tmp),
                duration=duration,
                warmup=warmup,
                threads=threads,
                connections=connections,
                workers=workers,
            )

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
        for passed, sentence in verdicts:
            style = {True: self.style.SUCCESS, False: self.style.ERROR}.get(passed)
            self.stdout.write((style or self.style.WARNING)(sentence))
        # The exit status follows the like-for-like comparison (the board against a signed-in
        # page with one query of its own): every signed-in page pays for its session, its user
        # and the menus, which the anonymous /healthz never does.
        if verdicts[-1][0] is False:
            raise CommandError("The director board missed the goal (see above).")

    def measure(
        self, pages, accounts, env, tmp, *, duration, warmup, threads, connections, workers
    ):
        port = free_port()
        base = f"127.0.0.1:{port}"
        lua = tmp / "bench.lua"
        lua.write_text(WRK_LUA)
        log_path = tmp / "gunicorn.log"
        with open(log_path, "w") as log:
            server = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
                [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(workers)]
                + ["--bind", base, "--log-level", "warning"],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.stdout.write(
            f"gunicorn ({workers} sync workers, production settings, DEBUG off) on http://{base}; "
            f"wrk: {threads} threads, {connections} connections, {warmup} s warm-up then "
            f"{duration} s per page."
        )
        runs = []
        try:
            wait_until_ready(base, server)
            # Each connection its own session: see WRK_LUA.
            sessions = 2 * connections
            cookies = {
                role: [sign_in(base, email) for _ in range(sessions)]
                for role, email in accounts.items()
                if any(r == role and path for _, _, r, path in pages)
            }
            self.stdout.write(f"Signed in {sessions} sessions each as: {', '.join(cookies)}.")
            for label, name, role, path in pages:
                if path is None:
                    self.stdout.write(f"{label}: not available ({name} does not exist yet)")
                    runs.append(PageRun(label, name, None, signed_in=role is not None))
                    continue
                role_cookies = cookies.get(role, [])
                for cookie in role_cookies or [None]:
                    check_page(base, path, cookie, label)
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
                    f"{result.requests_per_second:.1f} req/s"
                )
                runs.append(PageRun(label, name, result, signed_in=role is not None))
        except CommandError as error:
            log_text = log_path.read_text()[-4000:] or "(empty)"
            raise CommandError(f"{error}\n--- gunicorn log ---\n{log_text}") from error
        finally:
            stop(server)
        return runs

    def accounts(self):
        """One account per role in the focus program: the people the dashboards are for."""
        focus = Program.objects.filter(slug=FOCUS_SLUG).first()
        if focus is None:
            raise CommandError(
                f"No program {FOCUS_SLUG!r} in this database: run bench_seed first (make bench)."
            )
        people = User.objects.filter(program=focus, is_active=True).order_by("pk")
        resident = (
            ResidentProfile.objects.filter(user__program=focus, pathway_status=PathwayStatus.ACTIVE)
            .with_pgy(2)
            .filter(capstones__isnull=False)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        found = {
            "director": people.filter(director_profile__isnull=False).first(),
            "coach": people.filter(pk__in=current_coach_assignments().values("coach")).first(),
            "sponsor": people.filter(capstones_sponsored__isnull=False).distinct().first(),
            "resident": resident.user if resident else None,
        }
        missing = [role for role, user in found.items() if user is None]
        if missing:
            raise CommandError(f"The focus program has no {', '.join(missing)}: re-run bench_seed.")
        return {role: user.email for role, user in found.items()}

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(base, method, path, *, headers=None, body=None):
    host, port = base.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def wait_until_ready(base, server):
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError(f"gunicorn exited with status {server.returncode}.")
        try:
            status, _, _ = request(base, "GET", reverse("healthz"))
        except OSError:
            status = None
        if status == 200:
            return
        time.sleep(0.5)
    raise CommandError(f"gunicorn did not answer /healthz within {READY_SECONDS} s.")


def cookies_from(headers) -> SimpleCookie:
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return jar


def sign_in(base, email) -> str:
    """Sign in through the sign-in form, as a browser does; returns the Cookie header value."""
    login = reverse("login")
    status, headers, body = request(base, "GET", login)
    csrf_cookie = cookies_from(headers).get(settings.CSRF_COOKIE_NAME)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or csrf_cookie is None or token is None:
        raise CommandError(f"The sign-in page did not offer a form (status {status}).")
    status, headers, body = request(
        base,
        "POST",
        login,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"{settings.CSRF_COOKIE_NAME}={csrf_cookie.value}",
        },
        body=urlencode(
            {"username": email, "password": BENCH_PASSWORD, "csrfmiddlewaretoken": token[1]}
        ),
    )
    session = cookies_from(headers).get(settings.SESSION_COOKIE_NAME)
    if status != 302 or session is None or headers.get("Location", "").startswith(login):
        raise CommandError(f"Signing in as {email} failed (status {status}).")
    return f"{settings.SESSION_COOKIE_NAME}={session.value}"


def check_page(base, path, cookie, label):
    """One request before the load: the page must answer 200 to this session."""
    status, headers, _ = request(base, "GET", path, headers={"Cookie": cookie} if cookie else {})
    if status != 200:
        where = headers.get("Location", "")
        hint = " (sent to sign in: the session cookie was refused)" if "login" in where else ""
        raise CommandError(f"{label} ({path}) answered {status} {where}{hint}.")


def run_wrk(args, seconds) -> str:
    # wrk from PATH with arguments built here, not from user input.
    done = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 60)  # noqa: S603
    if done.returncode != 0:
        raise CommandError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return done.stdout


def stop(server):
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        # Our own session (start_new_session): the master and its workers, nothing else.
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
