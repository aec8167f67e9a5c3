""" "Waiting on you" at the top of each role's home, filled, in a real browser at 1366 and
390 px: first on the page, oldest first, nothing wider than the screen, and its first action
one click away. Screenshots go to screenshots/waiting-<role>-<width>.png: look at them."""

import pytest

from tests.browser.conftest import PHONE, SCREENSHOTS, sign_in
from tests.conftest import make_world
from tests.pathway.dashboards.waiting_setup import FILL

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 900}


def _shoot(page, role, width):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.locator(".waiting-on-you").screenshot(
        path=str(SCREENSHOTS / f"waiting-{role}-{width}.png")
    )


def _fits(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("role", sorted(FILL))
def test_each_home_opens_with_what_waits_on_that_person(role, transactional_db, live_server, page):
    world = make_world()
    FILL[role](world, 2)
    page.set_viewport_size(LAPTOP)
    sign_in(page, live_server, getattr(world, role))
    panel = page.locator(".waiting-on-you")
    assert panel.get_by_role("heading", name="Waiting on you").is_visible()
    # First on the page, above every other section of the home.
    tops = page.eval_on_selector_all(".home-section", "els => els.map(e => e.offsetTop)")
    assert panel.evaluate("e => e.offsetTop") == min(tops)
    items = panel.locator(".waiting-item")
    assert items.count() >= 3
    assert "waiting" in panel.inner_text() or "due" in panel.inner_text()
    _shoot(page, role, 1366)
    assert _fits(page)
    page.set_viewport_size(PHONE)
    _shoot(page, role, 390)
    assert _fits(page)
    # Every item's action stays on the screen at 390 px, not cut at the edge.
    right = page.eval_on_selector_all(
        ".waiting-action", "els => Math.max(...els.map(e => e.getBoundingClientRect().right))"
    )
    assert right <= PHONE["width"]
    action = items.first.locator(".waiting-action")
    href = action.get_attribute("href")
    with page.expect_navigation():
        action.click()
    assert page.url.endswith(href)
    assert "Server Error" not in page.content()


def test_the_coachs_home_quotes_a_stage_requests_note_once(transactional_db, live_server, page):
    from capstone.models import StageRequest

    world = make_world()
    FILL["coach"](world, 2)
    note = "Dates booked with the unit manager; the charge nurses' rota is attached. " * 4
    StageRequest.objects.filter(project__title="Fewer falls 0").update(note=note)
    page.set_viewport_size(LAPTOP)
    sign_in(page, live_server, world.coach)
    item = page.locator(".waiting-item", has_text="Fewer falls 0")
    quote = item.locator(".fst-italic")
    assert quote.inner_text() == f"“{note[:159]}…”"
    assert page.get_by_text("Stage requests to approve").count() == 0  # one place, not two
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "home-coach-1366.png"), full_page=True)
    assert _fits(page)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SCREENSHOTS / "home-coach-390.png"), full_page=True)
    assert _fits(page)
    assert quote.bounding_box()["x"] + quote.bounding_box()["width"] <= PHONE["width"]
