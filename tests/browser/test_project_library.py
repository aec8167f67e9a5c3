"""The project library, looked at wide and on a phone: a resident searches it, opens an entry
(aim, key chart, effect in words, countermeasures, who to ask) and sees similar projects on a
new capstone's Charter tab; a director shares the library."""

import pytest
from playwright.sync_api import expect

from capstone.models import LibraryShare, Waste
from tests import factories as f
from tests.browser.conftest import PHONE, screenshot, sign_in
from tests.capstone.library.helpers import library_entry

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}


@pytest.fixture
def people(transactional_db):
    program = f.ProgramFactory(name="Virginia Mason Internal Medicine", slug="vm-im")
    other = f.ProgramFactory(name="Valley Family Medicine", short_name="Valley FM", slug="vfm")
    director = f.DirectorFactory(user__program=program, user__full_name="Dana Director").user
    resident = f.ResidentFactory(program=program, pgy=1, user__full_name="Amara Okafor").user
    coach = f.CoachFactory(user__program=program, user__full_name="Cora Coach").user
    sponsor = f.SponsorFactory(user__program=program, user__full_name="Sam Sponsor").user
    senior = f.ResidentFactory(program=program, pgy=3, user__full_name="Ben Senior")
    f.CoachAssignmentFactory(resident=senior, coach=coach)
    entry = library_entry(
        lead=senior,
        sponsor=sponsor,
        title="Discharge before noon on 5 West",
        department="5 West, hospital medicine",
        countermeasure="Night-before discharge list",
        lessons="Start with the night before; the charge nurse owns the list.",
        results_what_changed="Discharges before noon rose from 12% to 31%.",
    )
    f.WasteObservationFactory(project=entry, waste=Waste.WAITING)
    library_entry(
        program=program,
        title="Discharge medication delays",
        outcome="no_change",
        department="Pharmacy",
        countermeasure="Bedside delivery of discharge medications",
    )
    library_entry(
        program=other,
        title="Discharge lounge pilot",
        outcome="worse",
        department="Family medicine inpatient",
    )
    LibraryShare.objects.create(program=other)  # Valley shares; the director's program not yet
    newcomer = f.ProjectFactory(
        lead=resident.resident_profile,
        title="Getting patients home earlier",
        problem_statement="Discharges cluster after 2 pm on 4 East.",
    )
    return {"director": director, "resident": resident, "entry": entry, "new": newcomer}


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "390"])
def test_a_resident_searches_the_library_and_opens_an_entry(live_server, browser, people, viewport):
    page = browser.new_context(viewport=viewport).new_page()
    sign_in(page, live_server, people["resident"])
    page.goto(f"{live_server.url}/capstone/library/")
    page.get_by_label("Search the library").fill("discharge")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("main")).to_contain_text("3 projects found, best match first")
    expect(page.locator("main")).to_contain_text("Valley FM")
    screenshot(page, f"library-list-{viewport['width']}")
    page.get_by_role("link", name="Discharge before noon on 5 West").click()
    main = page.locator("main")
    expect(main).to_contain_text("Countermeasures adopted")
    expect(main).to_contain_text("Night-before discharge list")
    expect(main).to_contain_text("Who to ask")
    expect(main.locator(".chart-box svg").first).to_be_attached()
    screenshot(page, f"library-entry-{viewport['width']}")
    page.goto(f"{live_server.url}/capstone/{people['new'].pk}/")
    expect(main).to_contain_text("Similar projects in the library")
    screenshot(page, f"library-similar-{viewport['width']}")
    page.context.close()


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "390"])
def test_a_director_shares_the_library(live_server, browser, people, viewport):
    page = browser.new_context(viewport=viewport).new_page()
    sign_in(page, live_server, people["director"])
    page.goto(f"{live_server.url}/capstone/library/")
    page.get_by_role("button", name="Share with the other programs").click()
    expect(page.locator("main")).to_contain_text("is shared with the other programs")
    screenshot(page, f"library-director-{viewport['width']}")
    page.context.close()
