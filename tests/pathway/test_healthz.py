from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_health_check_answers_ok_in_plain_text(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_the_health_check_is_never_cached(client):
    response = client.get(reverse("healthz"))

    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_the_health_check_costs_exactly_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200


def test_the_health_check_starts_no_session(client):
    response = client.get(reverse("healthz"))

    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_the_health_check_answers_signed_in_people_too(world, as_user):
    response = as_user(world.director).get(reverse("healthz"))

    assert response.status_code == 200
    assert response.content == b"ok"


def test_the_health_check_answers_head_requests(client):
    assert client.head(reverse("healthz")).status_code == 200


def test_posting_to_the_health_check_is_not_allowed(client):
    assert client.post(reverse("healthz")).status_code == 405


def test_the_health_check_says_unavailable_when_the_database_fails(client, caplog):
    failing = mock.MagicMock()
    failing.cursor.side_effect = OperationalError("could not connect to server")

    with mock.patch("pathway.core.health.connection", failing):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.content == b"database unavailable"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]
    assert "database query failed" in caplog.text


def test_the_bench_minimal_page_signs_in_and_runs_one_query_of_its_own(
    world, client, django_assert_num_queries
):
    from django.test import override_settings

    client.force_login(world.director)
    with override_settings(ROOT_URLCONF="config.urls_bench"):
        assert client.get("/bench/minimal/").status_code == 200  # first visit writes the session
        with django_assert_num_queries(2):  # the session with its user, and its own query
            response = client.get("/bench/minimal/")
        assert response.status_code == 200
        assert "2 programs." in response.content.decode()
        assert client.post("/bench/minimal/").status_code == 405
        client.logout()
        assert client.get("/bench/minimal/").status_code == 302


def test_the_bench_minimal_page_is_not_part_of_the_site(client):
    assert client.get("/bench/minimal/").status_code == 404
