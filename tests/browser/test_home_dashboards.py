"""Each role's home page in a real browser, on the demo data: the resident's next steps, the
coach's queue and caseload, the sponsor's projects with their sparklines."""

import pytest

from pathway.demo import world as demo
from pathway.models import User
from tests.browser.conftest import PHONE, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(demo_world):
    return demo_world


def _person(world, role):
    email = dict(world["sign_ins"])[role]
    return User.objects.get(email=email)


def _no_sideways_scroll(page):
    """Nothing wider than the screen except inside a .table-responsive box."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def _look(page, live_server, user, name):
    sign_in(page, live_server, user, password=demo.DEMO_PASSWORD)
    body = page.locator("main").inner_text()
    screenshot(page, f"home-{name}-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, f"home-{name}-phone")
    assert _no_sideways_scroll(page)
    return body


def test_the_residents_home_says_what_to_do_next(world, live_server, page):
    body = _look(page, live_server, _person(world, "Resident (PGY-2)"), "resident")
    assert "Your pathway" in body
    assert "Your capstone" in body and "next step" in body.lower()
    assert "Your next milestones" in body
    assert "Progress reports" in body
    assert "You and your team" in body
    assert "SBP rotation" in body
    page.get_by_role("link", name="Your milestone timeline").click()
    assert "My milestones" in page.locator("main").inner_text()


def test_the_coachs_home_shows_the_queue_caseload_and_what_is_coming(world, live_server, page):
    body = _look(page, live_server, _person(world, "KPO coach"), "coach")
    assert "Reports to review" in body
    assert "Residents you coach" in body
    assert "Coming up" in body


def test_the_sponsors_home_shows_each_project_with_its_sparkline(world, live_server, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    body = _look(page, live_server, _person(world, "Sponsor"), "sponsor")
    assert "Sponsorship" in body
    sparklines = page.locator("svg.sparkline")
    assert sparklines.count() >= 1
    label = sparklines.first.get_attribute("aria-label")
    assert "points" in label and "Signal:" in label and "improvement" in label
    assert page.locator("svg.sparkline circle.spark-signal").count() >= 1
    page.get_by_text("Show as table").first.click()
    assert page.locator("details[open] table").first.is_visible()
    screenshot(page, "home-sponsor-table-phone")
