"""`make bench`'s server side: gunicorn started and stopped, requests sent to it, and people
signed in through the real sign-in form, as a browser does."""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import CommandError
from django.urls import reverse

from pathway.bench.common import BENCH_PASSWORD

READY_SECONDS = 60


@dataclass(frozen=True)
class Session:
    """A signed-in person's Cookie header and the CSRF token a form post sends with it."""

    cookie: str
    csrf_token: str


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


def sign_in(base, email) -> Session:
    """Sign in through the sign-in form, as a browser does."""
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
    jar = cookies_from(headers)
    session = jar.get(settings.SESSION_COOKIE_NAME)
    if status != 302 or session is None or headers.get("Location", "").startswith(login):
        raise CommandError(f"Signing in as {email} failed (status {status}).")
    # Signing in rotates the CSRF secret: the new cookie is the one forms must send back.
    csrf = jar.get(settings.CSRF_COOKIE_NAME) or csrf_cookie
    return Session(
        cookie=f"{settings.SESSION_COOKIE_NAME}={session.value}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf.value}",
        csrf_token=csrf.value,
    )


def check_page(base, path, cookie, label) -> int:
    """One request before the load: the page must answer 200 to this session. Returns the
    size of its HTML in bytes."""
    status, headers, body = request(base, "GET", path, headers={"Cookie": cookie} if cookie else {})
    if status != 200:
        where = headers.get("Location", "")
        hint = " (sent to sign in: the session cookie was refused)" if "login" in where else ""
        raise CommandError(f"{label} ({path}) answered {status} {where}{hint}.")
    return len(body.encode())


def start_gunicorn(
    *, env, workers, log, worker_class="sync", keep_alive=2, threads=1, app="config.wsgi"
) -> tuple[subprocess.Popen, str]:
    """gunicorn serving `app` with `workers` workers (sync by default) on a free loopback
    port, in its own session. keep_alive: seconds an idle connection stays open; threads:
    each worker's (both for gthread workers only)."""
    base = f"127.0.0.1:{free_port()}"
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-m", "gunicorn", app, "--workers", str(workers)]
        + ["--worker-class", worker_class, "--keep-alive", str(keep_alive)]
        + ["--threads", str(threads), "--bind", base, "--log-level", "warning"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    wait_until_ready(base, server)
    return server, base


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
