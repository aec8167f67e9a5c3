"""A program director creates a SCIM token in the browser, the identity provider uses it,
and the director revokes it."""

import json
import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import PHONE, screenshot, sign_in
from tests.conftest import make_world

pytestmark = pytest.mark.browser

DESKTOP_WIDE = {"width": 1366, "height": 900}


def provision(live_server, token) -> int:
    body = {"userName": "new.coach@hospital.org", "displayName": "New Coach", "roles": ["coach"]}
    request = urllib.request.Request(
        f"{live_server.url}/scim/v2/Users",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (live server)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_director_creates_a_scim_token_the_idp_uses_it_and_it_is_revoked(
    live_server, page, transactional_db
):
    world = make_world()
    page.set_viewport_size(DESKTOP_WIDE)
    sign_in(page, live_server, world.director)
    page.goto(f"{live_server.url}/people/staff/")
    page.get_by_role("link", name="Provisioning (SCIM)").click()
    assert "No SCIM tokens yet." in page.locator("main").inner_text()

    page.get_by_label("Which system will use it?").fill("Microsoft Entra ID")
    page.get_by_role("button", name="Create a token").click()
    token = page.get_by_label("New SCIM token").input_value()
    assert token.startswith("qipscim_")
    screenshot(page, "scim-tokens-created-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "scim-tokens-created-phone")

    assert provision(live_server, token) == 201

    page.reload()  # the token is never shown again
    assert page.get_by_label("New SCIM token").count() == 0
    page.get_by_role("button", name="Revoke").click()
    assert "revoked: it no longer works" in page.locator("main").inner_text()
    screenshot(page, "scim-tokens-revoked-phone")
    assert provision(live_server, token) == 401
