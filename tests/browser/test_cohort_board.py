"""The program director's cohort board in a real browser, at desktop and phone widths."""

import pytest

from pathway.demo import world as demo
from tests.browser.conftest import PHONE, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(demo_world):
    return demo_world


def test_a_director_reads_the_board_and_filters_it(world, live_server, page):
    sign_in(page, live_server, world["director"], password=demo.DEMO_PASSWORD)

    page.get_by_role("button", name="Program", exact=True).click()
    page.locator("#mainnav").get_by_role("link", name="Cohort board").click()
    main = page.locator("main")
    assert "Cohort board" in main.inner_text()
    assert page.locator("tr.cb-group").count() >= 2
    assert page.locator("td.cb-cell").count() > 20
    assert page.get_by_role("link", name="Download CSV").is_visible()
    screenshot(page, "cohort-board-director-desktop")

    total = page.locator("tbody tr:not(.cb-group)").count()
    page.get_by_label("Class", exact=True).select_option("pgy2")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state("networkidle")
    assert "Showing" in page.locator(".cb-count").inner_text()
    groups = page.locator("tr.cb-group th").all_inner_texts()
    assert [g.split()[0] for g in groups] == ["PGY-2"]
    assert page.locator("tbody tr:not(.cb-group)").count() < total
    assert page.get_by_role("link", name="Clear filters").is_visible()
    screenshot(page, "cohort-board-director-filtered-desktop")

    # The name column stays put while the milestones scroll sideways.
    scroller = page.locator(".cb-scroll")
    first_name = page.locator("tbody th.cb-name").first
    before = first_name.bounding_box()["x"]
    scroller.evaluate("el => el.scrollLeft = 400")
    assert abs(first_name.bounding_box()["x"] - before) < 1


def test_on_a_phone_only_the_table_scrolls_sideways(world, live_server, phone_page):
    page = phone_page
    sign_in(page, live_server, world["director"], password=demo.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/program/board/")

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    scroller = page.locator(".cb-scroll")
    assert scroller.evaluate("el => el.scrollWidth > el.clientWidth")
    screenshot(page, "cohort-board-director-phone")
