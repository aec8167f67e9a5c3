"""Signing in through a real SAML identity provider (pysaml2's IdP, real signed assertions)."""

from urllib.parse import parse_qs, urlparse

import pytest
from saml2 import BINDING_HTTP_REDIRECT

from pathway.models import User
from tests import factories as f

from .providers import saml_provider
from .saml_idp import BASE_URL, answer, saml_idp

SLUG = "st-olaf-saml"


@pytest.fixture
def program(db):
    program = f.ProgramFactory(name="St Olaf Internal Medicine")
    saml_provider(program, base_url=BASE_URL, slug=SLUG)
    return program


@pytest.fixture
def sp_metadata(client, program):
    response = client.get(f"/accounts/saml/{SLUG}/metadata/")
    assert response.status_code == 200
    return response.content.decode()


def sign_in(client, idp, email, **kwargs):
    start = client.post(f"/accounts/saml/{SLUG}/login/")
    assert start.status_code == 302 and start.url.startswith(f"{BASE_URL}/idp/sso/redirect")
    acs_url, data = answer(idp, start.url, email, **kwargs)
    handed_on = client.post(urlparse(acs_url).path, data)
    assert handed_on.status_code == 302
    return client.get(handed_on.url)


def test_a_member_signs_in_with_a_signed_assertion(client, tmp_path, program, sp_metadata):
    rosa = f.ResidentFactory(program=program, user__email="rosa.resident@example.org").user
    response = sign_in(client, saml_idp(tmp_path, sp_metadata), "rosa.resident@example.org")
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").wsgi_request.user == rosa


def assert_refused(client, response, message, users):
    assert response.status_code in (401, 403)
    assert message in response.content.decode()
    assert User.objects.count() == users
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_an_unknown_email_is_refused_and_nothing_is_created(client, tmp_path, program, sp_metadata):
    users = User.objects.count()
    response = sign_in(client, saml_idp(tmp_path, sp_metadata), "stranger@example.org")
    assert_refused(client, response, "is not on the roster of St Olaf Internal Medicine", users)


def test_an_assertion_signed_with_another_key_is_refused(client, tmp_path, program, sp_metadata):
    f.ResidentFactory(program=program, user__email="rosa.resident@example.org")
    users = User.objects.count()
    forger = saml_idp(tmp_path, sp_metadata, key_name="forger")
    response = sign_in(client, forger, "rosa.resident@example.org")
    assert_refused(client, response, "did not pass our checks", users)
    assert "Signature validation failed" in response.content.decode()


def test_an_expired_assertion_is_refused(client, tmp_path, program, sp_metadata):
    f.ResidentFactory(program=program, user__email="rosa.resident@example.org")
    users = User.objects.count()
    stale = saml_idp(tmp_path, sp_metadata, lifetime_minutes=-10)
    response = sign_in(client, stale, "rosa.resident@example.org")
    assert_refused(client, response, "did not pass our checks", users)
    assert "expired" in response.content.decode()


def test_an_assertion_for_another_service_is_refused(client, tmp_path, program, sp_metadata):
    f.ResidentFactory(program=program, user__email="rosa.resident@example.org")
    users = User.objects.count()
    # The hospital's IdP also serves another application; its assertion is sent to us.
    other = "https://other.example/sp"
    entity_id = f"http://testserver/accounts/saml/{SLUG}/metadata/"
    idp = saml_idp(tmp_path, sp_metadata, sp_metadata.replace(entity_id, other))
    response = sign_in(client, idp, "rosa.resident@example.org", audience=other)
    assert_refused(client, response, "did not pass our checks", users)
    assert "is not a valid audience" in response.content.decode()


def test_signing_out_sends_a_logout_request_for_that_person_to_the_idp(
    client, tmp_path, program, sp_metadata
):
    f.ResidentFactory(program=program, user__email="rosa.resident@example.org")
    idp = saml_idp(tmp_path, sp_metadata)
    sign_in(client, idp, "rosa.resident@example.org")
    # Django's test client sends no Host header: the sign-out still builds its LogoutRequest.
    response = client.post("/accounts/logout/")
    assert response.status_code == 200
    assert not client.get("/").wsgi_request.user.is_authenticated
    slo_url = response.context["provider_url"]
    assert slo_url.startswith(f"{BASE_URL}/idp/slo/redirect?")
    query = parse_qs(urlparse(slo_url).query)
    logout_request = idp.parse_logout_request(
        query["SAMLRequest"][0], BINDING_HTTP_REDIRECT
    ).message
    assert logout_request.name_id.text == "rosa.resident@example.org"
    assert logout_request.issuer.text == f"http://testserver/accounts/saml/{SLUG}/metadata/"
    assert logout_request.destination == f"{BASE_URL}/idp/slo/redirect"
    # After the IdP has ended its session it sends the browser back to our sign-in page.
    assert query["RelayState"] == ["http://testserver/accounts/login/"]
