"""A person creates an API token in the browser, uses it, revokes it; the API docs render
from local files only."""

import json
import urllib.error
import urllib.request
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import PHONE, screenshot, sign_in
from tests.conftest import make_world

pytestmark = pytest.mark.browser

DESKTOP_WIDE = {"width": 1366, "height": 900}


def api_status(url, token):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (live server)
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, None


def test_a_resident_creates_uses_and_revokes_a_token(live_server, page, transactional_db):
    world = make_world()
    page.set_viewport_size(DESKTOP_WIDE)
    sign_in(page, live_server, world.resident)
    page.get_by_role("button", name="Rosa Resident").click()
    page.get_by_role("link", name="API tokens").click()
    assert "You have no tokens yet." in page.locator("main").inner_text()

    page.get_by_label("What is it for?").fill("Data warehouse push")
    page.get_by_role("button", name="Create a token").click()
    token = page.get_by_label("New token").input_value()
    assert token.startswith("qip_")
    assert "It will not be shown again." in page.locator("main").inner_text()
    screenshot(page, "api-tokens-created-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "api-tokens-created-phone")

    status, body = api_status(f"{live_server.url}/api/v1/residents/", token)
    assert status == 200 and [r["full_name"] for r in body["results"]] == ["Rosa Resident"]

    page.reload()  # the token is never shown again
    assert page.get_by_label("New token").count() == 0
    page.get_by_role("button", name="Revoke").click()
    assert "revoked: it no longer works" in page.locator("main").inner_text()
    screenshot(page, "api-tokens-revoked-phone")
    assert api_status(f"{live_server.url}/api/v1/residents/", token)[0] == 401


def test_the_api_docs_render_without_any_outside_request(live_server, page, transactional_db):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    page.set_viewport_size(DESKTOP_WIDE)
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.get_by_text("QI Pathway API").first.wait_for()
    page.get_by_text("/api/v1/measures/{id}/points/").first.wait_for()
    assert hosts == {urlparse(live_server.url).netloc}
    screenshot(page, "api-docs-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "api-docs-phone")
