"""Two digest runs at once on PostgreSQL, in real transactions: both find the same people
waiting, and still each notification is emailed in exactly one digest."""

import pytest

from pathway.models import EmailDelivery, Notification, Outbox
from pathway.notifications import notify as notify_module
from pathway.notifications.notify import notification_digests_send, notify
from tests import factories as f
from tests.pathway.faults import twice_at_once
from tests.pathway.notifications.helpers import choose

# on_postgres: tests/pathway/conftest.py
pytestmark = pytest.mark.services


def test_two_digest_runs_at_once_email_each_person_once(on_postgres, monkeypatch):
    program = f.ProgramFactory()
    people = [f.UserFactory(program=program) for _ in range(6)]
    for person in people:
        choose(person, comment_posted=EmailDelivery.DIGEST)
    for n in range(3):
        notify(recipients=people, kind="comment_posted", text=f"Comment {n}", link="/")

    # Both runs have listed the same waiting people before either claims.
    results, errors = twice_at_once(
        monkeypatch, notify_module, "_waiting_users", notification_digests_send
    )

    assert errors == []
    assert sorted(results) == [0, 6]
    addressed = sorted(e.payload["to"][0] for e in Outbox.objects.all())
    assert addressed == sorted(p.email for p in people)
    assert Notification.objects.filter(digest_claim__isnull=True).count() == 0
