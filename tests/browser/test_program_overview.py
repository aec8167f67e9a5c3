"""The program overview and the printable annual report, as a director sees them."""

from datetime import date

import pytest

from pathway.core.academic import academic_year_start
from pathway.demo import capstone as capstone_demo
from pathway.demo import mentoring as mentoring_demo
from pathway.demo import world as demo
from tests.browser.conftest import PHONE, SCREENSHOTS, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    world = demo.seed()
    capstone_demo.seed(world=world)
    mentoring_demo.seed(world=world)
    return world


def no_sideways_scroll(page):
    """Nothing wider than the window, except inside a scrolling table wrapper."""
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_director_reads_the_overview_on_desktop_and_phone(world, live_server, page, phone_page):
    sign_in(page, live_server, world["director"], password=demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Program", exact=True).click()
    page.locator("#mainnav").get_by_role("link", name="Program overview").click()
    main = page.locator("main")
    for heading in ("Capstone pipeline", "Curriculum completion", "Scholarly output"):
        assert page.get_by_role("heading", name=heading).is_visible()
    assert page.get_by_role("heading", name="Cohort comparisons").is_visible()
    charts = page.locator("svg[role=img]")
    assert charts.count() == 5
    for index in range(charts.count()):
        assert charts.nth(index).get_attribute("aria-labelledby")
    assert "Waiting longest in their stage" in main.inner_text()
    screenshot(page, "program-overview-desktop")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    sign_in(phone_page, live_server, world["director"], password=demo.DEMO_PASSWORD)
    phone_page.goto(f"{live_server.url}/program/overview/")
    assert no_sideways_scroll(phone_page)
    screenshot(phone_page, "program-overview-phone")


def test_a_director_prints_the_annual_report(world, live_server, page):
    sign_in(page, live_server, world["director"], password=demo.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/program/overview/")
    page.locator(".program-tabs").get_by_role("link", name="Annual program report").click()
    year = academic_year_start(date.today()) - 1
    page.get_by_label("Academic year starting in").fill(str(year))
    page.get_by_role("button", name="Show report").click()
    heading = page.get_by_role("heading", level=1)
    assert f"{year}–{str(year + 1)[-2:]}" in heading.inner_text()
    assert page.get_by_role("button", name="Print").is_visible()
    screenshot(page, "program-report-desktop")

    page.get_by_label("Academic year starting in").fill("1900")
    page.get_by_role("button", name="Show report").click()
    assert "There is no report for 1900" in page.locator("main").inner_text()
    page.go_back()

    page.emulate_media(media="print")
    assert not page.locator("nav.navbar").is_visible()
    assert not page.get_by_role("button", name="Print").is_visible()
    assert not page.get_by_role("button", name="Show report").is_visible()
    breaks = page.eval_on_selector_all(
        "section.report-section", "els => els.map(el => getComputedStyle(el).breakBefore)"
    )
    assert breaks[0] == "auto" and set(breaks[1:]) == {"page"}
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    page.set_viewport_size({"width": 816, "height": 1056})  # Letter at 96 dpi
    screenshot(page, "program-report-print")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.pdf(path=str(SCREENSHOTS / "program-report.pdf"), format="Letter")

    page.emulate_media(media="screen")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    screenshot(page, "program-report-phone")
