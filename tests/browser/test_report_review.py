"""A resident submits a progress report, the KPO coach requests a revision, the resident
resubmits, the coach marks it reviewed; every step leaves its history on the report."""

import pytest

from mentoring.models import ProgressReport, ReportStatus
from tests import factories as f
from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in

pytestmark = pytest.mark.browser


def _new_page(browser, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport, is_mobile=viewport == PHONE)
    context.set_default_timeout(10_000)
    return context.new_page()


def _project(world):
    project = f.ProjectFactory(
        lead=world.resident.resident_profile, title="Discharge before noon on 5 West"
    )
    measure = f.MeasureFactory(project=project, name="Discharges before noon")
    for value in (12, 14, 15, 13, 16):
        f.DataPointFactory(measure=measure, value=value)
    return project


def _review(coach, live_server, decision, feedback):
    coach.goto(f"{live_server.url}/mentoring/reviews/")
    coach.get_by_role("link", name="Review", exact=True).first.click()
    coach.get_by_label("Feedback").fill(feedback)
    coach.get_by_label(decision).check()
    coach.get_by_role("button", name="Send review").click()
    coach.wait_for_load_state("networkidle")


def test_a_report_is_submitted_sent_back_resubmitted_and_reviewed(
    live_server, page, browser, transactional_db, world
):
    _project(world)

    # The resident writes the report from their report list, on a phone first.
    phone = _new_page(browser, PHONE)
    sign_in(phone, live_server, world.resident)
    phone.goto(f"{live_server.url}/mentoring/reports/")
    screenshot(phone, "report-list-empty-phone")
    phone.get_by_role("link", name="Write a progress report").click()
    phone.get_by_label("What was done").fill("Timed 20 discharges; mapped the current state.")
    phone.get_by_label("Discharges before noon").check()
    phone.get_by_label("Next steps").fill("Plan the two-day event.")
    phone.get_by_label("Help needed from the coach").fill("Check my value stream map.")
    phone.get_by_label("Hours spent").fill("6")
    screenshot(phone, "report-form-phone")
    phone.get_by_role("button", name="Submit to my coach").click()
    phone.wait_for_load_state("networkidle")
    assert "Report submitted to Cora Coach." in phone.content()
    report = ProgressReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED

    # The coach sees it in the queue and asks for a revision.
    coach = page
    sign_in(coach, live_server, world.coach)
    coach.goto(f"{live_server.url}/mentoring/reviews/")
    screenshot(coach, "review-queue")
    coach.get_by_role("link", name="Review", exact=True).first.click()
    screenshot(coach, "report-review")
    _review(coach, live_server, "Revision requested", "Add the baseline median, please.")
    report.refresh_from_db()
    assert report.status == ReportStatus.REVISION_REQUESTED

    # The resident reads the feedback on the list, revises and resubmits (desktop this time).
    resident = _new_page(browser)
    sign_in(resident, live_server, world.resident)
    resident.goto(f"{live_server.url}/mentoring/reports/")
    assert "Add the baseline median, please." in resident.content()
    screenshot(resident, "report-list-revision")
    screenshot(phone.goto(f"{live_server.url}/mentoring/reports/") and phone, "report-list-phone")
    resident.get_by_role("link", name="Revise").click()
    resident.get_by_label("What was done").fill(
        "Timed 20 discharges; baseline median 14% before noon."
    )
    resident.get_by_role("button", name="Resubmit to my coach").click()
    resident.wait_for_load_state("networkidle")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.submissions.count() == 2

    # The coach marks it reviewed; the history shows both rounds.
    _review(coach, live_server, "Reviewed", "Good. Book the event room.")
    report.refresh_from_db()
    assert report.status == ReportStatus.REVIEWED
    resident.goto(f"{live_server.url}/mentoring/reports/{report.pk}/")
    content = resident.content()
    assert "Resubmitted (version 2)" in content and "Good. Book the event room." in content
    screenshot(resident, "report-detail-history")
    phone.goto(f"{live_server.url}/mentoring/reports/{report.pk}/")
    screenshot(phone, "report-detail-phone")
