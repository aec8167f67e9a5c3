"""/healthz/ready tells operators which dependency fails: database, cache, broker, outbox
backlog. The outage cases run against real Redis and PostgreSQL with a dependency pointed at a
closed port."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pathway.models import Outbox, OutboxKind
from tests.pathway.test_outbox_faults import broker_down, cache_down  # noqa: F401 - fixtures

URL = reverse("healthz_ready")


@pytest.mark.django_db
def test_ready_lists_every_dependency_as_ok(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert body.startswith("ready\n")
    for line in ("database: ok", "cache: ok", "broker: ok", "outbox backlog: ok"):
        assert line in body


@pytest.mark.django_db
def test_an_outbox_backlog_makes_the_deployment_not_ready(client):
    entry = Outbox.objects.create(kind=OutboxKind.EMAIL, payload={})
    Outbox.objects.filter(pk=entry.pk).update(created_at=timezone.now() - timedelta(hours=1))

    response = client.get(URL)

    assert response.status_code == 503
    assert "outbox backlog: failing (RuntimeError: 1 waiting more than 15 minutes)" in (
        response.content.decode()
    )


@pytest.mark.services
def test_a_cache_that_is_down_is_named(on_postgres, cache_down, client):  # noqa: F811
    response = client.get(URL)

    body = response.content.decode()
    assert response.status_code == 503
    assert "cache: failing" in body and "database: ok" in body


@pytest.mark.services
def test_a_broker_that_is_down_is_named(on_postgres, broker_down, client):  # noqa: F811
    response = client.get(URL)

    body = response.content.decode()
    assert response.status_code == 503
    assert "broker: failing" in body and "cache: ok" in body
    # The liveness check does not look at the broker.
    assert client.get(reverse("healthz")).status_code == 200


def test_the_readiness_check_is_safe_methods_only(client, db):
    assert client.post(URL).status_code == 405
