"""A resident walks a capstone from Selection to the Two-day event in the browser, seeing what
each stage still needs; screenshots of every tab, the A3, and the project page on a phone."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from capstone.models import Project, Stage, StageRequest
from capstone.services import stage_request_approve
from mentoring.services import sponsorship_record
from tests import factories as f
from tests.browser.conftest import PHONE, screenshot, sign_in
from tests.browser.people import eleanor_the_sponsor, lucas_and_his_coach

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db):
    program, resident, coach = lucas_and_his_coach()
    sponsor = eleanor_the_sponsor(program)
    coordinator = f.CoordinatorFactory(user__program=program).user
    return {"resident": resident, "coach": coach, "sponsor": sponsor, "coordinator": coordinator}


def field(page, label):
    """The control with exactly this label (required fields add an asterisk)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def stage_card(page):
    return page.locator(".card", has_text="To move on to")


def advance(page, to, approvers=()):
    """Move on: straight away where the program names no approver; otherwise ask, and the
    approvers approve (tests/browser/test_stage_approval_loop.py does that in the browser)."""
    if not approvers:
        page.get_by_role("button", name=f"Move to {to}").click()
        expect(page.locator(".alert-success")).to_contain_text(f"The project moved to {to}.")
        return
    page.get_by_role("button", name=f"Ask to move to {to}").click()
    expect(page.locator(".alert-success")).to_contain_text(f"Your request to move to {to}")
    request = StageRequest.objects.get(status="open")
    for approver in approvers:
        stage_request_approve(request=request, by=approver)
    page.reload()
    expect(page.locator("main")).not_to_contain_text("Waiting for approval")


def add_row(page, link, fields, button="Add"):
    page.get_by_role("link", name=link).first.click()
    for label, value in fields.items():
        control = field(page, label)
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".alert-success")).to_be_visible()


def test_a_resident_walks_a_capstone_from_selection_to_the_two_day_event(
    live_server, page, phone_page, people
):
    resident, sponsor, coach = people["resident"], people["sponsor"], people["coach"]
    sign_in(page, live_server, resident)

    # Selection: start the project; the stage card explains what the charter still needs.
    page.get_by_role("link", name="Capstone projects").click()
    page.get_by_role("link", name="Start a capstone").click()
    page.get_by_label("Title").fill("Discharge medications delivered to the bedside")
    page.get_by_label("Process or value stream").fill("Discharge prescriptions, order to hand")
    page.get_by_label("Department or unit").fill("6 West, hospital medicine")
    page.get_by_role("button", name="Start the project").click()
    expect(page.locator(".alert-success")).to_contain_text("is started, in Selection")
    project = Project.objects.get()
    page.get_by_role("link", name="Cancel").click()
    expect(stage_card(page)).to_contain_text("a problem statement")
    expect(page.get_by_role("button", name="Ask to move to Current state")).to_be_disabled()
    screenshot(page, "capstone-selection-needs")

    # The sponsor accepted (recorded by the coordinator): the charter form has no sponsor.
    sponsorship_record(project=project, sponsor=sponsor, by=people["coordinator"])

    # The charter, with the aim.
    page.get_by_role("link", name="Edit the charter").click()
    page.get_by_label("Problem statement").fill(
        "Patients wait a median of 96 minutes for discharge medications."
    )
    page.get_by_label("Aim: what will change").fill("Median minutes to medications in hand")
    field(page, "Direction").select_option("down")
    field(page, "Baseline").fill("96")
    field(page, "Target").fill("45")
    field(page, "Unit").fill("minutes")
    page.get_by_label("By when").fill("2031-06-30")
    page.get_by_label("Scope: first step").fill("Discharge prescriptions signed")
    page.get_by_label("Scope: last step").fill("Medications handed to the patient")
    page.get_by_label("Why it matters to patients").fill("Patients leave without medications.")
    expect(page.locator("main")).to_contain_text("Sponsor: Eleanor Price (accepted")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success")).to_contain_text("The charter is saved.")
    expect(page.locator("main")).to_contain_text("Decrease median minutes to medications")
    screenshot(page, "capstone-tab-charter")
    advance(page, "Current state", approvers=[coach, sponsor])

    # Current state: description, steps, waste, time and 5 Whys.
    page.get_by_role("link", name="Current state", exact=True).first.click()
    expect(stage_card(page)).to_contain_text("A description of the current process")
    page.locator(".section-title", has_text="How the process works today").get_by_role(
        "link", name="Edit"
    ).click()
    page.get_by_label("Process description").fill(
        "Prescriptions join the outpatient pharmacy's walk-in queue; families collect them."
    )
    page.get_by_label("Customer demand per day").fill("22")
    page.get_by_label("Unit of demand").fill("discharges")
    page.get_by_label("Available working time per day (minutes)").fill("480")
    page.get_by_role("button", name="Save").click()
    for step, who, minutes in (
        ("Discharge prescriptions signed", "Resident", "5"),
        ("Prescriptions filled", "Outpatient pharmacist", "35"),
    ):
        add_row(
            page,
            "Add a step",
            {"Step": step, "Who does it": who, "Time taken (minutes)": minutes},
        )
    add_row(
        page,
        "Add a waste observation",
        {
            "Waste": "waiting",
            "Where": "Outpatient pharmacy",
            "What was seen": "Discharge prescriptions wait behind walk-in customers",
            "Observed on": "2026-11-16",
            "Estimated impact": "40 minutes per discharge",
        },
    )
    add_row(
        page,
        "Add a time observation",
        {"Step": "Prescriptions filled", "Observed times (minutes)": "28, 41, 35, 52"},
    )
    add_row(
        page,
        "Add a why",
        {"Why?": "do patients wait", "Because": "prescriptions join the walk-in queue"},
    )
    expect(page.locator("main")).to_contain_text("Takt time: 21.82 minutes")
    expect(page.locator("main")).to_contain_text("39 min")  # the mean of four observed times
    screenshot(page, "capstone-tab-current-state")
    advance(page, "Event preparation")

    # Event preparation: dates (a weekend is refused), a team and a baseline measure.
    page.get_by_role("link", name="Event", exact=True).click()
    page.get_by_role("link", name="Edit the event").click()
    page.get_by_label("First day of the event").fill("2031-03-07")  # a Friday
    page.get_by_label("Second day of the event").fill("2031-03-10")  # the Monday after
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("cannot start on a Friday")
    first, second = f.working_days_around(10)
    page.get_by_label("First day of the event").fill(first.isoformat())
    page.get_by_label("Second day of the event").fill(second.isoformat())
    page.get_by_label("Location").fill("Pharmacy training room")
    page.get_by_label("Agenda for day 1").fill("Current-state walk, waste, ideas")
    page.get_by_label("Agenda for day 2").fill("Tests of change, report-out")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success")).to_contain_text("The event details are saved.")
    expect(stage_card(page)).to_contain_text("A team")
    expect(page.get_by_role("button", name="Ask to move to Two-day event")).to_be_disabled()
    add_row(
        page,
        "Add a team member",
        {"Or name (outside the app)": "Priya Shah", "Role": "Outpatient pharmacy manager"},
    )
    page.get_by_role("link", name="Results", exact=True).click()
    add_row(
        page,
        "Add a measure",
        {
            "Name": "Minutes from discharge order to medications in hand",
            "Kind": "outcome",
            "Unit": "minutes",
            "Direction of improvement": "down",
        },
    )
    page.get_by_role("link", name="Add data").first.click()
    field(page, "Period").fill((first - timedelta(days=28)).isoformat())
    field(page, "Value").fill("96")
    page.get_by_role("button", name="Add", exact=True).click()
    # The message names the value, its day and the measure (one message, about this measure).
    expect(page.locator(".alert-success")).to_contain_text("Added 96 minutes on")
    screenshot(page, "capstone-tab-results")
    # Adding a point returns to its measure; the stage card is on the project's page.
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    advance(page, "Two-day event", approvers=[coach])

    project.refresh_from_db()
    assert project.stage == Stage.EVENT
    assert list(project.stage_changes.values_list("kind", flat=True)).count("advance") == 3
    assert project.follow_ups.count() == 3

    # Every tab, the A3, and the project page on a phone.
    for name, label in (
        ("event", "Event"),
        ("implementation", "Implementation"),
        ("dissemination", "Dissemination"),
        ("history", "History"),
    ):
        page.get_by_role("link", name=label, exact=True).click()
        expect(page.locator(".project-tabs .active")).to_have_text(label)
        screenshot(page, f"capstone-tab-{name}")
    expect(page.locator("main")).to_contain_text("Advanced: Event preparation → Two-day event")

    page.get_by_role("link", name="A3", exact=True).click()
    expect(page.locator("h1")).to_have_text(re.compile("A3: Discharge medications"))
    expect(page.locator("#a3-current")).to_contain_text("Why do patients wait?")  # 5 Whys
    screenshot(page, "capstone-a3")

    sign_in(phone_page, live_server, resident)
    phone_page.goto(f"{live_server.url}{project.get_absolute_url()}")
    expect(phone_page.locator("h1")).to_have_text("Discharge medications delivered to the bedside")
    screenshot(phone_page, "capstone-project-phone")
    phone_page.set_viewport_size(PHONE)
    phone_page.goto(f"{live_server.url}/capstone/{project.pk}/event/")
    screenshot(phone_page, "capstone-event-phone")
