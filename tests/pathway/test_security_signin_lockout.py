"""Item 4 of the security review: sign-in locked per email + address, so guessing from many
addresses was unlimited and, behind a proxy, everyone shared one address. Now the account is
locked wherever the guesses come from, an address is throttled separately, and the client
address is read through a configured number of trusted proxies."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("login")


def sign_in(client, email, password, address):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


def test_guesses_from_many_addresses_lock_the_account(world, client):
    for n in range(5):
        sign_in(client, world.resident.email, "wrong", f"203.0.113.{n + 1}")
    response = sign_in(client, world.resident.email, PASSWORD, "198.51.100.7")
    assert response.status_code == 429
    assert client.session.get("_auth_user_id") is None


def test_many_failures_from_one_address_are_throttled_whatever_the_accounts(
    world, client, settings
):
    settings.SIGNIN_IP_FAILURE_LIMIT = 6
    for n in range(6):
        sign_in(client, f"nobody{n}@example.org", "wrong", "203.0.113.9")
    response = sign_in(client, world.resident.email, PASSWORD, "203.0.113.9")
    assert response.status_code == 429
    assert "from your network" in response.content.decode()
    # Another address is not affected, nor the accounts themselves.
    assert sign_in(client, world.resident.email, PASSWORD, "203.0.113.10").status_code == 302


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "1.2.3.4", "10.0.0.1"),  # no proxy: a client-sent header is ignored
        (1, "1.2.3.4", "1.2.3.4"),
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # the forged left entry is ignored
        (2, "6.6.6.6, 1.2.3.4, 172.16.0.2", "1.2.3.4"),
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_the_client_address_is_read_through_the_trusted_proxies(
    settings, proxies, forwarded, expected
):
    from pathway.core.auth import client_ip

    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_a_proxy_clients_are_throttled_apart(world, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SIGNIN_IP_FAILURE_LIMIT = 3
    for n in range(3):
        client.post(
            LOGIN,
            {"username": f"x{n}@example.org", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.66",
        )
    ok = client.post(
        LOGIN,
        {"username": world.resident.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.67",
    )
    assert ok.status_code == 302
