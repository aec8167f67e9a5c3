"""Chromium with a virtual security key (the DevTools protocol's WebAuthn domain): a director
whose program requires a second factor adds a security key instead of an authenticator app,
signs out, and signs in again with the password and the key."""

from urllib.parse import urlparse

import pytest

from tests import factories as f
from tests.browser.conftest import screenshots_at_both_widths, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def security_key(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "usb",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
    }
    authenticator = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})
    return cdp, authenticator["authenticatorId"]


def csp_violations(page):
    messages = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return messages


def test_a_director_adds_a_security_key_and_signs_in_with_it(
    live_server, page, security_key, transactional_db
):
    # WebAuthn needs a secure context: http://localhost is one, http://127.0.0.1 is not for
    # allauth's origin check (fido2 accepts plain http only for localhost).
    assert urlparse(live_server.url).hostname == "localhost"
    cdp, authenticator_id = security_key
    violations = csp_violations(page)
    program = f.ProgramFactory(require_mfa_for_staff=True)
    director = f.DirectorFactory(user__program=program, user__full_name="Dina Director").user
    page.set_viewport_size({"width": 1366, "height": 900})

    sign_in(page, live_server, director)
    assert "/accounts/2fa/totp/activate/" in page.url
    page.get_by_role("link", name="Use a security key instead").click()
    page.wait_for_url("**/accounts/2fa/webauthn/add/")
    screenshots_at_both_widths(page, "webauthn-add")
    page.get_by_label("Name").fill("Blue key")
    page.get_by_role("button", name="Add").click()
    # allauth makes recovery codes with the first key and shows them once.
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    screenshots_at_both_widths(page, "webauthn-recovery-codes")
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(credentials["credentials"]) == 1
    page.goto(f"{live_server.url}/accounts/2fa/")
    assert "You have added 1 security key." in page.locator("main").inner_text()
    screenshots_at_both_widths(page, "webauthn-index")
    page.goto(f"{live_server.url}/")
    assert "Welcome, Dina" in page.locator("main").inner_text()

    page.locator("nav .dropdown-toggle").last.click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")

    sign_in(page, live_server, director)
    assert "/accounts/2fa/authenticate/" in page.url
    screenshots_at_both_widths(page, "webauthn-authenticate")
    page.get_by_role("button", name="Use a security key").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Welcome, Dina" in page.locator("main").inner_text()
    assert violations == []
