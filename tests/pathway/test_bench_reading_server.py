"""The run of `make bench` with people pausing between pages serves them from gunicorn gthread
workers (pathway.bench.mixed.reading_server). wrk connects each person before their pause; a
connection that has sent nothing yet must not hold up another person's page, or the run's
slowest answers measure the wait and not the app."""

import os
import socket
import time

import pytest

from pathway.bench.mixed import THINK_MS, reading_server
from pathway.bench.server import request, start_gunicorn, stop

APP = "tests.pathway.bench_wsgi:application"


@pytest.fixture
def gunicorn(tmp_path):
    servers = []

    def start(**options):
        with open(tmp_path / "gunicorn.log", "a") as log:
            server, base = start_gunicorn(env=os.environ.copy(), log=log, app=APP, **options)
        servers.append(server)
        return base

    yield start
    for server in servers:
        stop(server)


def timed_get(base) -> tuple[int, float]:
    started = time.monotonic()
    status, _, body = request(base, "GET", "/")
    assert body == "ok"
    return status, time.monotonic() - started


def test_a_person_connected_but_still_reading_delays_no_one_elses_page(gunicorn):
    base = gunicorn(workers=1, **reading_server(users=3, think_ms=THINK_MS))
    host, port = base.split(":")
    # Two people connected ahead of their next click, sending nothing yet.
    with socket.create_connection((host, int(port))), socket.create_connection((host, int(port))):
        time.sleep(0.3)  # the worker has accepted both
        status, took = timed_get(base)

    assert status == 200
    # gunicorn waits up to 5 s for a new connection's first request: a person queued behind
    # either would wait that long.
    assert took < 1.0
