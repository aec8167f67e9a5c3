"""Chromium walks the whole OpenID Connect redirect flow: our sign-in page, the provider's
(django-allauth's, a second server), and back, signed in; then signing out of both."""

import pytest

from tests import factories as f
from tests.browser.conftest import PHONE, screenshot
from tests.pathway.sso.oidc_server import PASSWORD, OidcProvider
from tests.pathway.sso.providers import program_signing_in_at

pytestmark = pytest.mark.browser
SLUG = "st-olaf-oidc"


@pytest.fixture
def idp(live_server, tmp_path):
    provider = OidcProvider(
        tmp_path,
        [
            f"{live_server.url}/accounts/oidc/{SLUG}/login/callback/",
            f"{live_server.url}/accounts/login/",
        ],
    ).start()
    yield provider
    provider.stop()


@pytest.fixture
def program(idp, transactional_db):
    return program_signing_in_at(idp, SLUG)


def sign_in_at_the_hospital(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    screenshot(page, "sso-sign-in-page-desktop")
    page.get_by_role("button", name="Sign in with St Olaf Hospital").click()
    page.wait_for_selector('input[name="login"]')
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('form button[type="submit"]').last.click()
    page.wait_for_load_state("networkidle")


def test_a_resident_signs_in_through_the_hospital_and_out_of_both(live_server, page, idp, program):
    f.ResidentFactory(
        program=program, user__email="rosa.resident@example.org", user__full_name="Rosa Resident"
    )
    sign_in_at_the_hospital(page, live_server, "rosa.resident@example.org")
    assert page.url == f"{live_server.url}/"
    assert "Welcome, Rosa" in page.locator("main").inner_text()
    page.locator("nav .dropdown-toggle").last.click()
    # The ID token of the sign-in goes along as id_token_hint: it names the provider's session,
    # so the provider signs out without asking and sends the browser back to our sign-in page.
    # Listening starts before the click: the redirect can be sent before a later wait begins.
    with page.expect_request(lambda request: request.url.startswith(idp.issuer)) as sign_out:
        page.get_by_role("button", name="Sign out").click()
    assert "id_token_hint=" in sign_out.value.url
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    assert page.get_by_role("button", name="Sign Out").count() == 0
    # The provider's session ended too: starting again asks for the password again.
    page.get_by_role("button", name="Sign in with St Olaf Hospital").click()
    page.wait_for_selector('input[name="login"]')


def test_an_email_not_on_the_roster_is_refused_with_a_clear_page(live_server, page, idp, program):
    sign_in_at_the_hospital(page, live_server, "stranger@example.org")
    body = page.locator("main").inner_text()
    assert "We could not sign you in" in body
    assert "stranger@example.org is not on the roster of St Olaf Internal Medicine" in body
    screenshot(page, "sso-refused-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "sso-refused-phone")
