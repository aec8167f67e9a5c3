"""Fault injection for the delivery tests: a mail server that dies, hangs or refuses, and the
PostgreSQL fixture the tests run on (real transactions, real concurrent sessions)."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection
from django.utils import timezone

from pathway.core.outbox import STALE_CLAIM
from pathway.models import ReminderLog
from tests.conftest import services_required


@pytest.fixture
def on_postgres(postgres_url, transactional_db):
    if connection.vendor != "postgresql":
        reason = f"DATABASE_URL is set but the test database is {connection.vendor}"
        if services_required():
            pytest.fail(reason)
        pytest.skip(reason)


class Killed(BaseException):  # noqa: N818 - it stands for kill -9, not an error to handle
    """What `kill -9` does to a sender: no `except Exception` sees it, nothing is recorded."""


class Relay:
    """How the fake mail server behaves: dies after `kill_after` messages (the last one
    delivered), takes `delay` seconds per message, or refuses every connection."""

    kill_after = None
    delay = 0.0
    refuse = False
    lock = threading.Lock()

    @classmethod
    def reset(cls):
        cls.kill_after, cls.delay, cls.refuse = None, 0.0, False


class EmailBackend(LocmemBackend):
    def send_messages(self, messages):
        if Relay.refuse:
            raise ConnectionRefusedError(111, "Connection refused")
        time.sleep(Relay.delay)
        with Relay.lock:
            sent = super().send_messages(messages)
            if Relay.kill_after is not None and len(mail.outbox) >= Relay.kill_after:
                Relay.kill_after = None
                raise Killed
        return sent


@pytest.fixture
def relay(settings):
    settings.EMAIL_BACKEND = "tests.pathway.faults.EmailBackend"
    Relay.reset()
    yield Relay
    Relay.reset()


def expire_claims():
    """Time passes beyond every claim's lease, as after a crash."""
    past = timezone.now() - STALE_CLAIM - timedelta(minutes=1)
    fields = {"claimed_at": past}
    if any(f.name == "lease_until" for f in ReminderLog._meta.get_fields()):
        fields["lease_until"] = past
    ReminderLog.objects.update(**fields)


def recipients_count():
    from collections import Counter

    return Counter(address for message in mail.outbox for address in message.to)


def twice_at_once(monkeypatch, module, name, action):
    """Run `action` in two threads, each on its own database connection, holding both at
    `module.name` until both have reached it, so that neither acts on what the other did.
    Returns what the two runs returned, and any errors they raised."""
    ready = threading.Barrier(2, timeout=30)
    real = getattr(module, name)

    def together(*args, **kwargs):
        result = real(*args, **kwargs)
        ready.wait()
        return result

    monkeypatch.setattr(module, name, together)
    results, errors = [], []

    def run():
        try:
            results.append(action())
        except Exception as error:  # noqa: BLE001 - returned for the test to assert on
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results, errors
