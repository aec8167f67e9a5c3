"""Chromium walks the whole SAML redirect flow: our sign-in page, pysaml2's IdP (served over
HTTP), its signed assertion posted back to our ACS, signed in."""

import pytest
import requests

from pathway.models import IdentityProvider
from tests import factories as f
from tests.browser.conftest import screenshot
from tests.pathway.sso.providers import saml_provider
from tests.pathway.sso.saml_idp import saml_idp
from tests.pathway.sso.saml_server import SamlIdpServer

pytestmark = pytest.mark.browser
SLUG = "st-olaf-saml"


@pytest.fixture
def idp_server(live_server, tmp_path, transactional_db):
    server = SamlIdpServer().start()
    saml_provider(
        f.ProgramFactory(name="St Olaf Internal Medicine"), base_url=server.base_url, slug=SLUG
    )
    metadata = requests.get(f"{live_server.url}/accounts/saml/{SLUG}/metadata/", timeout=10)
    server.idp = saml_idp(tmp_path, metadata.text, base_url=server.base_url)
    yield server
    server.stop()


def test_a_resident_signs_in_through_the_hospitals_saml_provider(live_server, page, idp_server):
    program = IdentityProvider.objects.get(slug=SLUG).program
    f.ResidentFactory(
        program=program, user__email="rosa.resident@example.org", user__full_name="Rosa Resident"
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in with St Olaf Hospital (SAML)").click()
    page.wait_for_selector('input[name="email"]')
    page.fill('input[name="email"]', "rosa.resident@example.org")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Welcome, Rosa" in page.locator("main").inner_text()
    screenshot(page, "sso-saml-signed-in-desktop")
