"""The director's approval rules and the QI-or-research form, looked at wide and on a phone."""

import pytest
from playwright.sync_api import expect

from capstone.models import ApprovalRule, Determination, Stage
from tests import factories as f
from tests.browser.conftest import PHONE, screenshot, sign_in

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}


@pytest.fixture
def people(transactional_db):
    program = f.ProgramFactory(name="Virginia Mason Internal Medicine", slug="vm-im")
    director = f.DirectorFactory(user__program=program, user__full_name="Dana Director").user
    resident = f.ResidentFactory(program=program, pgy=3, user__full_name="Amara Okafor").user
    project = f.project_at(Stage.RESULTS, lead=resident.resident_profile, title="Sepsis bundle")
    return {"director": director, "resident": resident, "project": project}


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "390"])
def test_a_director_sets_who_approves(live_server, browser, people, viewport):
    page = browser.new_context(viewport=viewport).new_page()
    sign_in(page, live_server, people["director"])
    page.goto(f"{live_server.url}/capstone/approval-rules/")
    box = page.get_by_label("Program director approves entering Event preparation")
    box.check()
    screenshot(page, f"approval-rules-{viewport['width']}")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success")).to_contain_text("The approval rules are saved.")
    assert ApprovalRule.objects.get(stage=Stage.EVENT_PREP).director
    page.context.close()


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "390"])
def test_the_lead_records_an_irb_approval(live_server, browser, people, viewport):
    page = browser.new_context(viewport=viewport).new_page()
    sign_in(page, live_server, people["resident"])
    project = people["project"]
    page.goto(f"{live_server.url}/capstone/{project.pk}/dissemination/")
    page.get_by_role("link", name="Record the determination").click()
    page.get_by_label("IRB-approved research").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("An IRB approval needs the review board.")
    screenshot(page, f"determination-form-errors-{viewport['width']}")
    page.get_by_label("Review board").fill("Virginia Mason IRB")
    page.get_by_label("Protocol number").fill("2025-117")
    page.get_by_label("Date of approval").fill("2025-03-03")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text(
        "IRB-approved: Virginia Mason IRB, protocol 2025-117, 3 Mar 2025"
    )
    screenshot(page, f"determination-recorded-{viewport['width']}")
    assert Determination.objects.get(project=project).kind == "irb"
    page.context.close()
