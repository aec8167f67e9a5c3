"""The approval loop in the browser: the resident asks to leave Selection, the coach returns the
request with a note, the resident fixes the charter and asks again, the coach and the sponsor
approve, and the stage moves. Screenshots at 1366 and 390 px wide."""

import pytest
from playwright.sync_api import expect

from capstone.models import Stage, StageDecision, StageRequest
from tests import factories as f
from tests.browser.conftest import PHONE, screenshot, sign_in
from tests.browser.people import eleanor_the_sponsor, lucas_and_his_coach

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}


@pytest.fixture
def people(transactional_db):
    program, resident, coach = lucas_and_his_coach()
    sponsor = eleanor_the_sponsor(program)
    project = f.project_at(
        Stage.SELECTION,
        ready_for_next=True,
        lead=resident.resident_profile,
        coach=coach,
        sponsor=sponsor,
        title="Discharge medications delivered to the bedside",
    )
    return {"resident": resident, "coach": coach, "sponsor": sponsor, "project": project}


@pytest.fixture
def open_page(browser):
    """open_page(viewport) -> a fresh page (its own session) at that size."""
    contexts = []

    def make(viewport=WIDE):
        options = {"viewport": viewport}
        if viewport["width"] < 500:
            options.update(is_mobile=True, has_touch=True)
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def card(page):
    return page.locator(".card", has_text="To move on to")


def test_a_request_is_returned_fixed_and_approved_by_coach_and_sponsor(
    live_server, open_page, people
):
    resident, coach, sponsor, project = (
        people["resident"],
        people["coach"],
        people["sponsor"],
        people["project"],
    )
    url = f"{live_server.url}{project.get_absolute_url()}"

    # The resident asks, with a note; the card says who must approve.
    lead = open_page()
    sign_in(lead, live_server, resident)
    lead.goto(url)
    expect(card(lead)).to_contain_text("Approved by: KPO coach, Sponsor.")
    lead.get_by_label("Note to the approvers (optional)").fill("Charter reviewed at huddle.")
    lead.get_by_role("button", name="Ask to move to Current state").click()
    expect(lead.locator(".alert-success")).to_contain_text(
        "Your request to move to Current state is waiting for: KPO coach, Sponsor."
    )
    expect(card(lead)).to_contain_text("Waiting for approval to move to Current state")
    expect(card(lead)).to_contain_text("Sponsor (Eleanor Price): waiting")
    screenshot(lead, "approval-1-requested-1366")

    # The coach finds it on the home page and returns it with a note.
    coaching = open_page()
    sign_in(coaching, live_server, coach)
    home = coaching.locator(".waiting-item", has_text="Stage request to approve")
    expect(home).to_contain_text(project.title)
    expect(home).to_contain_text("Charter reviewed at huddle.")
    screenshot(coaching, "approval-2-coach-home-1366")
    home.get_by_role("link", name="Review").click()
    coaching.get_by_role("link", name="Return with a note…").click()
    coaching.get_by_role("button", name="Return with this note").click()
    expect(coaching.locator("main")).to_contain_text("Say what needs to change.")
    coaching.get_by_label("What needs to change").fill(
        "Name the unit's charge nurse as the scope's first step owner."
    )
    coaching.get_by_role("button", name="Return with this note").click()
    expect(coaching.locator(".alert-success")).to_contain_text("returned to the leads")

    # The resident sees why, fixes the charter, and asks again.
    lead.goto(url)
    expect(card(lead)).to_contain_text("Returned by Ruth Kagawa")
    expect(card(lead)).to_contain_text("Name the unit's charge nurse")
    screenshot(lead, "approval-3-returned-1366")
    lead.get_by_role("link", name="Edit the charter").click()
    lead.get_by_label("Scope: first step").fill("Charge nurse confirms the discharge")
    lead.get_by_role("button", name="Save").click()
    expect(lead.locator(".alert-success")).to_contain_text("The charter is saved.")
    lead.get_by_label("Note to the approvers (optional)").fill("Charge nurse named.")
    lead.get_by_role("button", name="Ask to move to Current state").click()
    expect(card(lead)).to_contain_text("Waiting for approval")

    # The coach approves; then the sponsor, and the stage moves.
    coaching.goto(url)
    coaching.get_by_role("button", name="Approve").click()
    expect(coaching.locator(".alert-success")).to_contain_text("Your approval is recorded.")
    expect(card(coaching)).to_contain_text("KPO coach: approved by Ruth Kagawa")

    sponsoring = open_page(PHONE)
    sign_in(sponsoring, live_server, sponsor)
    sponsoring.goto(url)
    expect(sponsoring.locator("main")).to_contain_text("Waiting for approval")
    screenshot(sponsoring, "approval-4-sponsor-to-approve-390")
    sponsoring.get_by_role("button", name="Approve").click()
    expect(sponsoring.locator(".alert-success")).to_contain_text(
        "Approved: the project moved to Current state."
    )

    project.refresh_from_db()
    assert project.stage == Stage.CURRENT_STATE
    assert list(StageRequest.objects.values_list("status", flat=True).order_by("pk")) == [
        "returned",
        "approved",
    ]
    assert StageDecision.objects.filter(kind="approve").count() == 2

    # The history shows every step, wide and on a phone.
    lead.goto(f"{url}history/")
    history = lead.locator("main")
    for text in (
        "Asked to move to Current state",
        "Returned the request to move to Current state",
        "Name the unit's charge nurse",
        "Approved the move to Current state as KPO coach",
        "Approved the move to Current state as Sponsor",
        "Advanced: Selection (charter) → Current state",
    ):
        expect(history).to_contain_text(text)
    screenshot(lead, "approval-5-history-1366")
    phone = open_page(PHONE)
    sign_in(phone, live_server, resident)
    phone.goto(f"{url}history/")
    expect(phone.locator("main")).to_contain_text("Advanced: Selection (charter) → Current state")
    screenshot(phone, "approval-6-history-390")
