"""A resident pastes a measure's baseline and post-event data into the grid and sees the
shift appear on the chart (highlighted points, the legend in words, the summary); the chart
page on a desktop and a phone, and its table view."""

from datetime import date

import pytest
from playwright.sync_api import expect

from capstone.models import DataPoint, Stage
from tests import factories as f
from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser

BASELINE = [14, 16, 15, 13, 17, 15, 14, 16, 15, 14, 16, 15]
SHIFTED = [22, 24, 23, 25, 22, 24, 26, 23, 25, 24, 23, 25]


@pytest.fixture
def people(transactional_db):
    program = f.ProgramFactory(name="Virginia Mason Internal Medicine", slug="vm-im")
    resident = f.ResidentFactory(program=program, pgy=2, user__full_name="Lucas Moreau").user
    coach = f.CoachFactory(user__program=program, user__full_name="Ruth Kagawa").user
    f.CoachAssignmentFactory(resident=resident.resident_profile, coach=coach)
    project = f.ProjectFactory(
        lead=resident.resident_profile,
        coach=coach,
        title="Discharge before noon on 5 West",
        stage=Stage.POST_EVENT,
        event_first_day=date(2024, 12, 16),
        event_second_day=date(2024, 12, 17),
    )
    f.TestOfChangeFactory(
        project=project, title="Discharge checklist at huddle", plan_when=date(2025, 2, 3)
    )
    measure = f.MeasureFactory(
        project=project,
        name="Discharges before noon",
        unit="%",
        target=30,
        collection_frequency="monthly",
        operational_definition="Discharges home leaving the unit before 12:00, of all "
        "discharges home that month.",
    )
    return {"resident": resident, "coach": coach, "project": project, "measure": measure}


def months(values, year, month):
    lines = []
    for value in values:
        lines.append(f"{year}-{month:02d}-01\t{value}")
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return lines


def test_pasted_data_shows_the_shift_on_the_chart(page, live_server, people):
    measure, project = people["measure"], people["project"]
    sign_in(page, live_server, people["resident"])
    page.goto(f"{live_server.url}/capstone/{project.pk}/measures/{measure.pk}/")
    expect(page.get_by_text("No data yet")).to_be_visible()

    page.get_by_role("link", name="Paste data").click()
    text = "\n".join(["date\tvalue", *months(BASELINE, 2024, 1), *months(SHIFTED, 2025, 1)])
    # A typo first: nothing is saved and the line is named.
    page.get_by_label("Paste the data").fill(text.replace("\t17", "\t1 7"))
    page.get_by_role("button", name="Check").click()
    expect(page.locator("#row-errors")).to_contain_text("Line 6: The value '1 7' is not a number.")
    assert not DataPoint.objects.exists()

    page.get_by_label("Paste the data").fill(text)
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text("24 points to add to Discharges before noon")).to_be_visible()
    page.get_by_role("button", name="Save 24 points").click()
    expect(page.locator(".alert-success")).to_contain_text("Added 24 points.")

    # The chart: highlighted signal points, the legend in words, the summary.
    chart = page.locator("#chart-large")
    expect(chart.locator("svg")).to_be_visible()
    assert chart.locator("circle.point-signal, circle.point-outside").count() >= 12
    legend = page.locator(".chart-legend")
    expect(legend).to_contain_text("a signal that the process changed")
    expect(page.locator(".measure-summary")).to_contain_text("a signal supports the change")
    expect(page.locator(".measure-summary")).to_contain_text("baseline mean")
    expect(chart.locator(".annotation")).to_have_count(2)  # the event and the PDSA
    expect(page.get_by_role("button", name="Download PNG")).to_be_visible()
    screenshot(page, "measure-chart-desktop")

    # The PNG button draws the SVG on a canvas and downloads it.
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PNG").click()
    assert download.value.suggested_filename.endswith("discharges-before-noon.png")

    # Switch to a run chart with the IHI rules.
    page.get_by_label("Chart", exact=True).select_option("run")
    page.get_by_label("Signal rules").select_option("ihi")
    page.get_by_role("button", name="Show").click()
    expect(legend).to_contain_text("Shift")
    expect(page.locator(".measure-summary")).to_contain_text("baseline median")

    # The table view of the same data.
    table = page.locator("#chart-table")
    table.scroll_into_view_if_needed()
    expect(table.locator("tbody tr")).to_have_count(24)
    expect(table).to_contain_text("part of a shift")
    table.screenshot(path=str(screenshot_path("measure-chart-table")))


def screenshot_path(name):
    from tests.browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def test_the_chart_page_reads_on_a_phone(phone_page, live_server, people):
    measure, project = people["measure"], people["project"]
    f.measure_series(measure, BASELINE + SHIFTED, start=date(2024, 1, 1), phase_after=12, days=31)
    sign_in(phone_page, live_server, people["coach"])
    phone_page.goto(f"{live_server.url}/capstone/{project.pk}/measures/{measure.pk}/")
    expect(phone_page.locator("#chart-small svg")).to_be_visible()
    expect(phone_page.locator("#chart-large svg")).to_be_hidden()
    expect(phone_page.locator(".chart-legend")).to_contain_text("signal")
    expect(phone_page.get_by_role("link", name="Paste data")).to_have_count(0)  # coach reads
    screenshot(phone_page, "measure-chart-phone")
