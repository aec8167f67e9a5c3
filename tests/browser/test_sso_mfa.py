"""Chromium: a director whose program requires a second factor is sent to set one up, scans
(reads) the secret, enters the app's code, and reaches the home page."""

import pyotp
import pytest

from tests import factories as f
from tests.browser.conftest import screenshots_at_both_widths, sign_in

pytestmark = pytest.mark.browser


def test_a_director_sets_up_an_authenticator_app_before_anything_else(
    live_server, page, transactional_db
):
    program = f.ProgramFactory(require_mfa_for_staff=True)
    director = f.DirectorFactory(user__program=program, user__full_name="Dina Director").user
    sign_in(page, live_server, director)
    assert "/accounts/2fa/totp/activate/" in page.url
    screenshots_at_both_widths(page, "mfa-activate", {"width": 1366, "height": 900})
    secret = page.locator('input[name="secret"], #authenticator_secret').first.input_value()
    page.fill('input[name="code"]', pyotp.TOTP(secret).now())
    page.locator('form button[type="submit"]').last.click()
    page.wait_for_load_state("networkidle")
    screenshots_at_both_widths(page, "mfa-activated", {"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/")
    assert "Welcome, Dina" in page.locator("main").inner_text()
