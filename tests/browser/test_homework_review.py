"""A resident submits homework, the coach asks for a revision, the resident resubmits, the
coach accepts, and the course is complete with a printable certificate."""

import pytest

from pathway.models import CourseKind, HomeworkSubmission, SubmissionStatus
from tests import factories as f
from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.pathway import curriculum_setup as cs

pytestmark = pytest.mark.browser

FIRST = "Waste walk on 7 East: patients waited for transport, nurses walked to the only scanner."
SECOND = FIRST + " Timed: 40 minutes waiting per transfer; 12 trips to the scanner per shift."


def _new_page(browser, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport, is_mobile=viewport == PHONE)
    context.set_default_timeout(10_000)
    return context.new_page()


def _vmps(world):
    """VMPS for Leaders with one class, attended, whose homework is the last requirement."""
    course = cs.course(world, kind=CourseKind.VMPS_FOR_LEADERS, name="VMPS for Leaders")
    offering = cs.offering(world, course=course, title="Spring cohort")
    cs.enrollment(world, offering=offering)
    session = f.ClassSessionFactory(
        offering=offering, course_class=f.CourseClassFactory(course=course, title="The 8 wastes")
    )
    f.AttendanceFactory(session=session, resident=world.resident.resident_profile)
    return f.HomeworkAssignmentFactory(
        course_class=session.course_class,
        title="Waste walk",
        instructions="Spend thirty minutes on your unit and record one example of each waste.",
    )


def _review(coach_page, live_server, decision, comments=""):
    coach_page.goto(f"{live_server.url}/curriculum/homework/review/")
    coach_page.get_by_role("link", name="Review").first.click()
    coach_page.get_by_label(decision).check()
    if comments:
        coach_page.get_by_label("Feedback for the resident").fill(comments)
    return coach_page


def test_homework_is_submitted_sent_back_resubmitted_and_accepted(
    live_server, page, browser, transactional_db, world
):
    homework = _vmps(world)
    url = f"{live_server.url}/curriculum/homework/{homework.pk}/"

    # The resident finds the homework from My courses and submits it with a PDF.
    sign_in(page, live_server, world.resident)
    page.goto(f"{live_server.url}/curriculum/my-courses/")
    page.get_by_role("link", name="Waste walk").click()
    assert page.url == url
    page.get_by_label("Your work").fill(FIRST)
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "waste-walk.pdf", "mimeType": "application/pdf", "buffer": f.PDF_BYTES}],
    )
    page.get_by_role("button", name="Submit").click()
    body = page.locator("main").inner_text()
    assert "Submitted. Your KPO coach or instructor will review it." in body
    assert "awaiting review" in body
    screenshot(page, "homework-1-submitted-resident-desktop")

    # The coach finds it in the queue and asks for a revision.
    coach = _new_page(browser)
    sign_in(coach, live_server, world.coach)
    coach.goto(f"{live_server.url}/curriculum/homework/review/")
    assert "Rosa Resident" in coach.locator("main").inner_text()
    screenshot(coach, "homework-2-queue-coach-desktop")
    _review(coach, live_server, "Request a revision", "Add the times you measured for each waste.")
    screenshot(coach, "homework-3-review-form-coach-desktop")
    coach.get_by_role("button", name="Send the review").click()
    assert "homework was sent back" in coach.locator("main").inner_text()
    assert "Nothing is waiting for your review." in coach.locator("main").inner_text()

    # The resident reads the feedback and resubmits.
    page.goto(url)
    body = page.locator("main").inner_text()
    assert "Revision requested." in body
    assert "Add the times you measured for each waste." in body
    screenshot(page, "homework-4-revision-requested-resident-desktop")
    page.get_by_label("Your work").fill(SECOND)
    page.get_by_role("button", name="Submit the revision").click()
    assert "awaiting review" in page.locator("main").inner_text()

    # The coach accepts the revision.
    _review(coach, live_server, "Accept")
    assert "Earlier submissions" in coach.locator("main").inner_text()
    coach.get_by_role("button", name="Send the review").click()
    assert "homework was accepted" in coach.locator("main").inner_text()

    statuses = list(HomeworkSubmission.objects.values_list("status", flat=True))
    assert statuses == [SubmissionStatus.ACCEPTED, SubmissionStatus.REVISION_REQUESTED]

    # The history stays, the course is complete, and the certificate prints.
    page.goto(url)
    body = page.locator("main").inner_text()
    assert "Accepted." in body and FIRST in body and SECOND in body
    screenshot(page, "homework-5-accepted-resident-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "homework-5-accepted-resident-phone")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/curriculum/my-courses/")
    assert "Completed" in page.locator("main").inner_text()
    page.get_by_role("link", name="Certificate").click()
    assert "Certificate of completion" in page.locator("main").inner_text()
    screenshot(page, "certificate-desktop")
    page.emulate_media(media="print")
    assert not page.locator("nav.navbar").is_visible()
    assert not page.get_by_role("button", name="Print").is_visible()
    screenshot(page, "certificate-print")
    world.resident.resident_profile.refresh_from_db()
    assert world.resident.resident_profile.vmps_for_leaders_completed_on is not None
    coach.context.close()
