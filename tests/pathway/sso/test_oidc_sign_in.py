"""Signing in through a real OpenID Connect provider (django-allauth's, in a second server)."""

from urllib.parse import urlparse

import pytest

from pathway.models import User
from tests import factories as f

from .oidc_server import OidcProvider
from .providers import program_signing_in_at

SLUG = "st-olaf-oidc"
CALLBACK = f"http://testserver/accounts/oidc/{SLUG}/login/callback/"


@pytest.fixture(scope="module")
def idp(tmp_path_factory):
    provider = OidcProvider(
        tmp_path_factory.mktemp("oidc"), [CALLBACK, "http://testserver/accounts/login/"]
    ).start()
    yield provider
    provider.stop()


@pytest.fixture
def program(idp, db):
    return program_signing_in_at(idp, SLUG)


def sign_in_with_hospital(client, idp, email):
    start = client.post(f"/accounts/oidc/{SLUG}/login/")
    assert start.status_code == 302 and start.url.startswith(idp.issuer)
    back = urlparse(idp.sign_in(start.url, email))
    return client.get(f"{back.path}?{back.query}")


def test_a_member_signs_in_with_the_hospital_and_lands_on_home(client, idp, program):
    rosa = f.ResidentFactory(program=program, user__email="rosa.resident@example.org").user
    response = sign_in_with_hospital(client, idp, "rosa.resident@example.org")
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").wsgi_request.user == rosa


def test_the_email_is_matched_without_regard_to_case(client, idp, program):
    dina = f.DirectorFactory(user__program=program, user__email="Dina.Director@Example.org").user
    sign_in_with_hospital(client, idp, "dina.director@example.org")
    assert client.get("/").wsgi_request.user == dina


def test_an_unknown_email_is_refused_and_nothing_is_created(client, idp, program):
    users = User.objects.count()
    response = sign_in_with_hospital(client, idp, "stranger@example.org")
    assert response.status_code == 403
    assert "stranger@example.org is not on the roster of St Olaf Internal Medicine" in (
        response.content.decode()
    )
    assert User.objects.count() == users
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_a_member_of_another_program_is_refused(client, idp, program):
    f.ResidentFactory(user__email="rosa.resident@example.org")
    response = sign_in_with_hospital(client, idp, "rosa.resident@example.org")
    assert response.status_code == 403
    assert "not on the roster" in response.content.decode()


def test_an_email_the_provider_did_not_verify_is_refused(client, idp, program):
    f.ResidentFactory(program=program, user__email="unverified@example.org")
    response = sign_in_with_hospital(client, idp, "unverified@example.org")
    assert response.status_code == 403
    assert "did not confirm your email address" in response.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_signing_out_ends_the_providers_session_too(client, idp, program):
    f.ResidentFactory(program=program, user__email="rosa.resident@example.org")
    sign_in_with_hospital(client, idp, "rosa.resident@example.org")
    response = client.post("/accounts/logout/")
    onward = response.context["provider_url"]
    assert onward.startswith(f"{idp.issuer}/") and "logout" in onward
    assert "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2Faccounts%2Flogin%2F" in onward
    assert f'content="0;url={onward.replace("&", "&amp;")}"' in response.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_staff_signed_in_by_the_hospital_are_not_locked_out_by_the_second_factor_rule(
    client, idp, program
):
    # The hospital's sign-in owns the second factor for SSO sessions: a director without a
    # password could never set up an authenticator app here (allauth asks for the password).
    program.require_mfa_for_staff = True
    program.save(update_fields=["require_mfa_for_staff"])
    dina = f.DirectorFactory(user__program=program, user__email="dina.director@example.org").user
    sign_in_with_hospital(client, idp, "dina.director@example.org")
    home = client.get("/")
    assert home.status_code == 200
    assert home.wsgi_request.user == dina
