"""The three QI tools as a resident sees them, at desktop (1366 px) and phone (390 px) widths:
the driver diagram, the fishbone and the process map, each drawn and tabled."""

import pytest
from playwright.sync_api import expect

from capstone.models import Stage
from tests import factories as f
from tests.browser.conftest import screenshot, sign_in
from tests.capstone.qi_tools_factories import fill_qi_tools

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}
PAGES = {
    "driver-diagram": "Driver diagram",
    "fishbone": "Fishbone diagram",
    "process-map": "Process map",
}


@pytest.fixture
def team(transactional_db):
    program = f.ProgramFactory(name="Virginia Mason Internal Medicine", slug="vm-im")
    resident = f.ResidentFactory(program=program, pgy=2, user__full_name="Lucas Moreau").user
    project = f.ProjectFactory(
        lead=resident.resident_profile,
        title="Discharge before noon on 5 West",
        stage=Stage.POST_EVENT,
    )
    fill_qi_tools(project, long_labels=True)
    f.CauseFactory(project=project, category="people", text="<script>alert(1)</script>")
    return {"resident": resident, "project": project}


@pytest.mark.parametrize("slug", PAGES)
def test_each_qi_tool_is_drawn_and_tabled_at_desktop_and_phone_widths(
    slug, team, live_server, page, phone_page
):
    url = f"{live_server.url}/capstone/{team['project'].pk}/{slug}/"
    for name, viewer in (("1366", page), ("390", phone_page)):
        if name == "1366":
            viewer.set_viewport_size(WIDE)
        sign_in(viewer, live_server, team["resident"])
        viewer.goto(url)
        expect(viewer.get_by_role("heading", level=1, name=PAGES[slug])).to_be_visible()
        expect(viewer.locator("figure svg").first).to_be_visible()
        expect(viewer.locator("table").first).to_be_visible()
        screenshot(viewer, f"qi-tools-{slug}-{name}")
    # The cause typed as markup is shown as its text, never run.
    if slug == "fishbone":
        expect(page.locator("td").get_by_text("<script>alert(1)</script>")).to_be_visible()


def test_on_a_phone_the_table_comes_before_the_diagram(team, live_server, phone_page):
    sign_in(phone_page, live_server, team["resident"])
    phone_page.goto(f"{live_server.url}/capstone/{team['project'].pk}/driver-diagram/")
    table_top = phone_page.locator(".qi-table-view").bounding_box()["y"]
    figure_top = phone_page.locator("figure.qi-figure").bounding_box()["y"]
    assert table_top < figure_top


def test_the_a3_page_carries_the_diagrams(team, live_server, page):
    page.set_viewport_size(WIDE)
    sign_in(page, live_server, team["resident"])
    page.goto(f"{live_server.url}/capstone/{team['project'].pk}/a3/")
    expect(page.locator("#a3-analysis svg")).to_be_visible()
    expect(page.locator("#a3-countermeasures svg")).to_be_visible()
    screenshot(page, "qi-tools-a3-page-1366")
