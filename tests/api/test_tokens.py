"""Personal API tokens: created on the person's API tokens page and shown once, stored only as
a hash, revoked there; a revoked token, a deactivated owner or a bad header is a 401."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pathway.models import ApiToken
from pathway.models.api_tokens import MAX_ACTIVE_TOKENS, api_token_hash
from pathway.people.services import api_token_create
from tests.api.conftest import bearer

PAGE = "pathway:api_tokens"


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(as_user, world, client):
    page = as_user(world.coordinator)
    response = page.post(reverse(PAGE), {"name": "Data warehouse push"}, follow=True)
    assert response.redirect_chain == [(reverse(PAGE), 302)]
    raw = response.context["new_token"]
    assert raw.startswith("qip_") and len(raw) > 40
    assert raw in response.content.decode()
    token = ApiToken.objects.get(user=world.coordinator)
    assert token.name == "Data warehouse push"
    assert token.key_hash == api_token_hash(raw)
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert not any(raw in value for value in stored)
    again = page.get(reverse(PAGE)).content.decode()
    assert raw not in again
    assert raw not in str(dict(page.session.items()))
    assert token.hint in again and "Data warehouse push" in again
    assert client.get(reverse("api:project-list"), **bearer(raw)).status_code == 200


def test_a_token_needs_a_name_and_nothing_is_saved_without_one(as_user, world):
    response = as_user(world.resident).post(reverse(PAGE), {"name": "   "})
    assert response.status_code == 200
    assert response.context["new_token"] is None
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_a_person_has_at_most_ten_active_tokens(as_user, world):
    for n in range(MAX_ACTIVE_TOKENS):
        api_token_create(user=world.resident, name=f"Token {n}")
    response = as_user(world.resident).post(reverse(PAGE), {"name": "One more"})
    assert response.status_code == 200
    assert "already have 10 active tokens" in response.content.decode()
    assert ApiToken.objects.filter(user=world.resident).count() == MAX_ACTIVE_TOKENS


def test_the_page_lists_only_the_persons_own_tokens(as_user, world):
    api_token_create(user=world.resident, name="Mine")
    api_token_create(user=world.director, name="The director's")
    page = as_user(world.resident).get(reverse(PAGE)).content.decode()
    assert "Mine" in page and "The director&#x27;s" not in page and "The director's" not in page


def test_a_revoked_token_is_refused(as_user, world, client):
    token, raw = api_token_create(user=world.resident, name="Sync")
    assert client.get(reverse("api:project-list"), **bearer(raw)).status_code == 200
    response = as_user(world.resident).post(reverse("pathway:api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = client.get(reverse("api:project-list"), **bearer(raw))
    assert refused.status_code == 401
    assert refused.json()["detail"] == "The token is not valid, or it has been revoked."


def test_nobody_revokes_another_persons_token(as_user, world):
    token, _ = api_token_create(user=world.resident, name="Sync")
    for user in (world.director, world.superuser):
        response = as_user(user).post(reverse("pathway:api_token_revoke", args=[token.pk]))
        assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_is_a_post(as_user, world):
    token, _ = api_token_create(user=world.resident, name="Sync")
    response = as_user(world.resident).get(reverse("pathway:api_token_revoke", args=[token.pk]))
    assert response.status_code == 405


def test_a_deactivated_persons_token_is_refused(world, client):
    _, raw = api_token_create(user=world.resident, name="Sync")
    world.resident.is_active = False
    world.resident.save()
    assert client.get(reverse("api:project-list"), **bearer(raw)).status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer qip_nope", "Bearer a b", "Token qip_x", "Bearer caf\u00e9"],
)
def test_a_bad_authorization_header_is_a_401(world, client, header):
    response = client.get(reverse("api:project-list"), HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_the_token_records_when_it_was_last_used(world, client):
    token, raw = api_token_create(user=world.resident, name="Sync")
    assert token.last_used_at is None
    client.get(reverse("api:project-list"), **bearer(raw))
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < timedelta(seconds=10)


def test_each_token_has_its_own_rate_limit(world, client, settings):
    settings.API_TOKEN_RATE = "3/minute"
    _, first = api_token_create(user=world.resident, name="Script")
    _, second = api_token_create(user=world.resident, name="Dashboard")
    url = reverse("api:project-list")
    statuses = [client.get(url, **bearer(first)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(url, **bearer(second)).status_code == 200
