"""Milestones, the notification bell and the director's changes, in a real browser."""

import re

import pytest

from pathway.demo import world as demo
from pathway.models import Milestone
from tests.browser.conftest import PHONE, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(demo_world):
    return demo_world


def test_a_resident_sees_their_milestones_and_clears_the_bell(world, live_server, page):
    # PGY-2: the demo now has her finish Leading at Virginia Mason before choosing a sponsor.
    resident = world["residents"][6].user
    sign_in(page, live_server, resident, password=demo.DEMO_PASSWORD)

    bell = page.get_by_role("link", name=re.compile(r"^Notifications, \d+ unread"))
    assert bell.is_visible()
    page.get_by_role("button", name="Milestones").click()
    page.get_by_role("link", name="My milestones").click()
    body = page.locator("main").inner_text()
    assert "My milestones" in body
    assert "Done: Completed Leading at Virginia Mason on" in body
    assert "Sponsor accepted" in body  # completed by the capstone's event
    screenshot(page, "milestones-resident-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "milestones-resident-phone")

    # On a phone the bell stays outside the collapsed menu.
    page.get_by_role("link", name=re.compile(r"^Notifications, \d+ unread")).click()
    assert "Your pathway milestones are ready" in page.locator("main").inner_text()
    screenshot(page, "notifications-resident-phone")
    page.get_by_role("button", name="Mark all as read").click()
    assert "Marked" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Notifications", exact=True).is_visible()
    assert page.locator(".bell-count").count() == 0


def test_a_director_waives_a_milestone_with_a_reason(world, live_server, page):
    director = world["director"]
    resident = world["residents"][4]
    milestone = Milestone.objects.filter(resident=resident, template__key="follow-up-90").get()
    sign_in(page, live_server, director, password=demo.DEMO_PASSWORD)

    page.goto(f"{live_server.url}{milestone.get_absolute_url()}")
    screenshot(page, "milestone-detail-director-desktop")
    page.locator("#id_waive-reason").fill("The 60-day follow-up showed the change is sustained.")
    page.get_by_role("button", name="Waive this milestone").click()

    body = page.locator("main").inner_text()
    assert "is waived for" in body and "Waived" in body
    assert "The 60-day follow-up showed the change is sustained." in body
    screenshot(page, "milestone-waived-director-desktop")


def test_staff_pages_for_templates_settings_and_the_overdue_list(world, live_server, page):
    sign_in(page, live_server, world["director"], password=demo.DEMO_PASSWORD)
    for path, name, expected in [
        ("/milestones/program/?status=overdue", "milestones-overdue-director", "Overdue"),
        ("/milestones/templates/", "milestone-templates-director", "Choose a capstone process"),
        ("/milestones/templates/add/", "milestone-template-add-director", "When it is due"),
        (
            f"/reminders/{world['program'].pk}/settings/",
            "reminder-settings-director",
            "Scheduled:",
        ),
        ("/notifications/preferences/", "notification-preferences-director", "weekly digest"),
        ("/calendar/", "calendar-feed-director", "private calendar address"),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert expected in page.locator("main").inner_text(), path
        screenshot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/milestones/program/?status=overdue")
    screenshot(page, "milestones-overdue-director-phone")
