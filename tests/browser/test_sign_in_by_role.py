"""Each demo role signs in through the real form and lands on its own home page."""

import pytest

from pathway.demo import world as demo
from tests.browser.conftest import PHONE, screenshot, sign_in

pytestmark = pytest.mark.browser

ROLES = [
    ("resident", lambda w: w["residents"][3].user, ["Your pathway", "PGY-2"]),
    ("coach", lambda w: w["coaches"][0], ["Residents you coach", "Amara Okafor"]),
    ("sponsor", lambda w: w["sponsors"][0], ["Sponsorship"]),
    ("director", lambda w: w["director"], ["at a glance", "in the pathway"]),
    ("coordinator", lambda w: w["coordinator"], ["at a glance", "Import a roster"]),
]


@pytest.mark.parametrize(("role", "person", "expected"), ROLES, ids=[r[0] for r in ROLES])
def test_each_demo_role_signs_in_and_lands_on_its_home_page(
    role, person, expected, live_server, page, transactional_db
):
    world = demo.seed()
    user = person(world)
    sign_in(page, live_server, user, password=demo.DEMO_PASSWORD)
    assert page.url == f"{live_server.url}/"
    body = page.locator("main").inner_text()
    assert f"Welcome, {user.get_short_name()}" in body
    for text in expected:
        assert text in body
    screenshot(page, f"home-{role}-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, f"home-{role}-phone")


def test_a_wrong_password_shows_a_clear_message(live_server, page, transactional_db):
    world = demo.seed()
    sign_in(page, live_server, world["director"], password="not-the-password")
    assert "/accounts/login/" in page.url
    assert "correct email address and password" in page.locator("main").inner_text()
    screenshot(page, "sign-in-error")
