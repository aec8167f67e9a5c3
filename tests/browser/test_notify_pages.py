"""A coach's bell after six reports were submitted, the notifications page, and choosing per
kind how notifications are emailed, in a real browser at 1366 and 390 px."""

import re

import pytest

from pathway.models import NotificationPreference
from tests.browser.conftest import PHONE, screenshot, sign_in
from tests.conftest import make_world
from tests.pathway.notifications.test_notify_bell import six_reports_submitted

pytestmark = pytest.mark.browser
WIDE = {"width": 1366, "height": 900}


def test_a_coach_clears_the_bell_and_chooses_the_digest_for_comments(
    transactional_db, live_server, page
):
    world = make_world()
    six_reports_submitted(world)
    page.set_viewport_size(WIDE)
    sign_in(page, live_server, world.coach)

    page.get_by_role("link", name="Notifications, 6 unread").click()
    assert "submitted a progress report" in page.locator("main").inner_text()
    screenshot(page, "notify-list-coach-1366")
    page.set_viewport_size(PHONE)
    screenshot(page, "notify-list-coach-390")
    page.set_viewport_size(WIDE)
    page.get_by_role("button", name="Mark all as read").click()
    assert "Marked 6 notifications as read." in page.locator("main").inner_text()
    assert page.locator(".bell-count").count() == 0

    page.get_by_role("link", name="How notifications reach me").click()
    page.get_by_label(re.compile(r"^A comment on a project I follow: In my daily digest")).check()
    screenshot(page, "notify-preferences-coach-1366")
    page.set_viewport_size(PHONE)
    screenshot(page, "notify-preferences-coach-390")
    page.get_by_role("button", name="Save").click()
    assert "Saved how reminders and notifications reach you." in page.inner_text("body")
    preference = NotificationPreference.objects.get(user=world.coach)
    assert preference.deliveries["comment_posted"] == "digest"
