"""A program that requires single sign-on refuses its members' local passwords."""

import pytest

from tests import factories as f
from tests.factories import PASSWORD

from .providers import oidc_provider


@pytest.fixture
def program(db):
    program = f.ProgramFactory(name="St Olaf Internal Medicine", require_sso=True)
    oidc_provider(program)
    return program


def sign_in(client, email):
    return client.post("/accounts/login/", {"username": email, "password": PASSWORD})


def test_a_member_of_a_program_requiring_sso_is_refused_a_password_sign_in(client, program):
    director = f.DirectorFactory(user__program=program).user
    response = sign_in(client, director.email)
    assert response.status_code == 200
    page = response.content.decode()
    assert "St Olaf Internal Medicine signs in through the hospital" in page
    assert "Sign in with St Olaf Hospital" in page
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_a_site_administrator_still_signs_in_with_a_password(client, program):
    admin = f.UserFactory(program=program, is_superuser=True, is_staff=True)
    assert sign_in(client, admin.email).status_code == 302
    assert client.get("/").wsgi_request.user == admin


def test_members_of_other_programs_keep_their_passwords(client, program):
    resident = f.ResidentFactory().user
    assert sign_in(client, resident.email).status_code == 302


def test_the_sign_in_page_offers_each_hospital(client, program):
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with St Olaf Hospital" in page
    assert 'action="/accounts/oidc/st-olaf-oidc/login/"' in page
