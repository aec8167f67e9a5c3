"""A coordinator's two shortcuts in a real browser, at laptop and phone widths: "Mark the rest
present" on a session's attendance, and the roster preview before an import is applied."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pathway.demo import world as demo
from pathway.models import Attendance, ClassSession, User
from tests.browser.conftest import PHONE, screenshot, sign_in

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1366, "height": 900}
ROSTER = (
    "email,full_name,roles,residency_start,expected_graduation\n"
    "ana.silva@example.org,Ana Silva,resident,2025-07-01,2028-06-30\n"
    "kai.mori@example.org,Kai Mori,coach,,\n"
)


@pytest.fixture
def world(demo_world):
    return demo_world


def _page(browser, size):
    phone = size == PHONE
    return browser.new_context(viewport=size, is_mobile=phone, has_touch=phone).new_page()


@pytest.mark.parametrize(("size", "label"), [(LAPTOP, "1366"), (PHONE, "390")])
def test_a_coordinator_marks_one_absent_and_the_rest_present(
    size, label, world, live_server, browser
):
    # The coordinator's own program: the demo's second program holds classes on the same dates,
    # and a session of another program is (rightly) a 404 for them.
    session = (
        ClassSession.objects.filter(
            offering__course__program=world["coordinator"].program,
            starts_at__lte=timezone.now(),
            offering__enrollments__isnull=False,
        )
        .distinct()
        .order_by("-starts_at")
        .first()
    )
    Attendance.objects.filter(session=session).delete()
    page = _page(browser, size)
    sign_in(page, live_server, world["coordinator"], password=demo.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/curriculum/sessions/{session.pk}/attendance/")
    first_absent = page.locator("input[type=radio][value=absent]").first
    first_absent.check()
    screenshot(page, f"attendance-mark-rest-present-{label}")
    button = page.get_by_role("button", name="Mark the rest present and save")
    box = button.bounding_box()
    assert box["x"] + box["width"] <= size["width"]
    button.click()
    expect(page.locator(".alert-success")).to_contain_text("Attendance saved")
    statuses = list(Attendance.objects.filter(session=session).values_list("status", flat=True))
    assert statuses.count("absent") == 1
    assert statuses.count("present") == len(statuses) - 1 >= 1


@pytest.mark.parametrize(("size", "label"), [(LAPTOP, "1366"), (PHONE, "390")])
def test_a_coordinator_previews_a_roster_then_imports_it(
    size, label, world, live_server, browser, tmp_path
):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)
    page = _page(browser, size)
    sign_in(page, live_server, world["coordinator"], password=demo.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/people/import/")
    page.get_by_label("Roster CSV").set_input_files(str(roster))
    page.get_by_role("button", name="Check the file").click()
    preview = page.locator("#roster-preview")
    expect(preview).to_contain_text("Preview: nothing is saved yet")
    expect(preview).to_contain_text("Ana Silva · ana.silva@example.org")
    assert not User.objects.filter(email="ana.silva@example.org").exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    screenshot(page, f"roster-preview-{label}")
    page.get_by_role("button", name="Import 2 people").click()
    expect(page.locator(".alert-success")).to_contain_text("Roster imported: 2 added, 0 updated.")
    assert User.objects.filter(email="ana.silva@example.org").exists()
