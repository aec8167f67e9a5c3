"""Every curriculum page, on the demo data, as the role that uses it: each shows what it is
for, and is screenshotted (desktop; phone too for residents' pages) to be looked at."""

import pytest

from pathway.demo import world as demo
from pathway.models import (
    Application,
    ApplicationStatus,
    Course,
    CourseKind,
    HomeworkSubmission,
    Offering,
    ResidentProfile,
    SubmissionStatus,
)
from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in

pytestmark = pytest.mark.browser


def _resident(name):
    return ResidentProfile.objects.select_related("user").get(user__full_name=name)


def _visit(page, live_server, path, name, expected, phone=False):
    page.set_viewport_size(DESKTOP)
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200, path
    body = page.locator("main").inner_text()
    for text in expected:
        assert text in body, (path, text)
    screenshot(page, f"{name}-desktop")
    if phone:
        page.set_viewport_size(PHONE)
        # Nothing sticks out sideways: wide tables scroll inside their own box.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        screenshot(page, f"{name}-phone")


def _as(page, live_server, user):
    page.context.clear_cookies()
    sign_in(page, live_server, user, password=demo.DEMO_PASSWORD)


def test_resident_pages(live_server, page, transactional_db):
    world = demo.seed()
    samuel = _resident("Samuel Osei")
    vmps = Course.objects.get(program=world["program"], kind=CourseKind.VMPS_FOR_LEADERS)
    offering = Offering.objects.get(
        course=vmps, title__startswith="Class of", enrollments__resident=samuel
    )
    revision = HomeworkSubmission.objects.filter(
        resident=samuel, status=SubmissionStatus.REVISION_REQUESTED
    ).first()
    _as(page, live_server, samuel.user)
    _visit(
        page,
        live_server,
        "/curriculum/my-courses/",
        "my-courses",
        ["VMPS for Leaders", "of"],
        phone=True,
    )
    _visit(
        page,
        live_server,
        "/curriculum/courses/",
        "catalog-resident",
        ["Leading at Virginia Mason"],
        phone=True,
    )
    _visit(
        page,
        live_server,
        f"/curriculum/offerings/{offering.pk}/",
        "offering-resident",
        ["You have a seat."],
        phone=True,
    )
    _visit(
        page,
        live_server,
        f"/curriculum/homework/{revision.assignment_id}/",
        "homework-resident",
        ["Revision requested"],
        phone=True,
    )
    _visit(
        page,
        live_server,
        f"/curriculum/sbp/rotations/{samuel.sbp_rotation.pk}/",
        "sbp-resident",
        ["Log an activity", "of"],
        phone=True,
    )
    _visit(
        page,
        live_server,
        "/curriculum/leadership/",
        "leadership-resident",
        ["Log a meeting"],
        phone=True,
    )

    leila = _resident("Leila Haddad")
    _as(page, live_server, leila.user)
    _visit(
        page,
        live_server,
        "/curriculum/apply/",
        "apply-resident",
        ["Statement of interest"],
        phone=True,
    )
    noah = _resident("Noah Castillo")
    _as(page, live_server, noah.user)
    _visit(
        page,
        live_server,
        "/curriculum/apply/",
        "apply-waiting-resident",
        ["is with the program directors"],
        phone=True,
    )


def test_coach_director_and_coordinator_pages(live_server, page, transactional_db):
    world = demo.seed()
    samuel = _resident("Samuel Osei")
    vmps = Course.objects.get(program=world["program"], kind=CourseKind.VMPS_FOR_LEADERS)
    current = Offering.objects.filter(course=vmps, enrollments__resident=samuel).get()
    leading_week = Offering.objects.filter(
        course__program=world["program"], course__kind=CourseKind.LEADING_AT_VM
    ).latest("starts_on")
    past_session = current.sessions.order_by("starts_at").first()
    pending = (
        HomeworkSubmission.objects.reviewable_by(world["coaches"][0]).awaiting_review().first()
    )

    _as(page, live_server, world["coaches"][0])
    _visit(page, live_server, "/curriculum/homework/review/", "queue-coach", ["Samuel Osei"])
    _visit(
        page, live_server, f"/curriculum/submissions/{pending.pk}/", "review-coach", ["Your review"]
    )
    _visit(page, live_server, "/curriculum/sbp/rotations/", "sbp-list-coach", ["Samuel Osei"])
    _visit(
        page,
        live_server,
        f"/curriculum/residents/{samuel.user_id}/",
        "resident-curriculum-coach",
        ["VMPS for Leaders", "SBP rotation"],
    )

    _as(page, live_server, world["director"])
    application = Application.objects.get(
        status=ApplicationStatus.SUBMITTED, resident__user__program=world["program"]
    )
    _visit(
        page, live_server, "/curriculum/applications/", "applications-director", ["Noah Castillo"]
    )
    _visit(
        page,
        live_server,
        f"/curriculum/applications/{application.pk}/",
        "application-director",
        ["Record the decision"],
    )
    _visit(
        page,
        live_server,
        f"/curriculum/sbp/rotations/{samuel.sbp_rotation.pk}/",
        "sbp-director",
        ["Sign off the rotation"],
    )
    _visit(
        page,
        live_server,
        "/curriculum/sbp/activities/",
        "sbp-targets-director",
        ["Fill in the last row to add an activity."],
    )

    _as(page, live_server, world["coordinator"])
    _visit(page, live_server, "/curriculum/courses/", "catalog-coordinator", ["Add a course"])
    _visit(
        page,
        live_server,
        f"/curriculum/courses/{vmps.pk}/",
        "course-coordinator",
        ["Add an offering"],
    )
    _visit(
        page,
        live_server,
        f"/curriculum/offerings/{current.pk}/",
        "offering-coordinator",
        ["Roster and attendance", "Samuel Osei"],
    )
    _visit(
        page,
        live_server,
        f"/curriculum/offerings/{leading_week.pk}/enroll-residents/",
        "bulk-enroll-coordinator",
        ["Enroll the selected residents"],
    )
    _visit(
        page,
        live_server,
        f"/curriculum/sessions/{past_session.pk}/attendance/",
        "attendance-coordinator",
        ["Save attendance"],
    )
    _visit(
        page,
        live_server,
        f"/curriculum/offerings/{current.pk}/sessions/add/",
        "session-form-coordinator",
        ["Schedule a session"],
    )
    _visit(
        page,
        live_server,
        f"/curriculum/courses/{vmps.pk}/classes/add/",
        "class-form-coordinator",
        ["Homework"],
    )
    _visit(
        page,
        live_server,
        "/curriculum/sbp/rotations/",
        "sbp-list-coordinator",
        ["Schedule a rotation"],
    )
