"""One chart of each new type (MR, Xbar, S, T, G, P′, U′) on its page, and the chart
chooser beside the measure form on a desktop and a phone."""

from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from capstone.models import DataType, Stage
from tests import factories as f
from tests.browser.conftest import screenshot, sign_in
from tests.capstone.test_chart_family import START, all_measures, laney_measure

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db):
    program = f.ProgramFactory(name="Virginia Mason Internal Medicine", slug="vm-im")
    resident = f.ResidentFactory(program=program, pgy=2, user__full_name="Lucas Moreau").user
    project = f.ProjectFactory(
        lead=resident.resident_profile,
        title="Safer nights on 5 West",
        stage=Stage.POST_EVENT,
        event_first_day=START + timedelta(days=7 * 12),
        event_second_day=START + timedelta(days=7 * 12 + 1),
    )
    measures = all_measures(project)
    measures["p"] = laney_measure(project, DataType.PROPORTION, "")
    return {"resident": resident, "project": project, "measures": measures}


def test_one_chart_of_each_new_type_is_drawn(page, live_server, people):
    sign_in(page, live_server, people["resident"])
    for name, measure in people["measures"].items():
        if name == "p":
            continue
        path = reverse("capstone:measure_chart", args=[people["project"].pk, measure.pk])
        page.goto(f"{live_server.url}{path}")
        chart = page.locator("svg[role=img]").first
        expect(chart).to_be_visible()
        expect(chart.locator(".centre-line").first).to_be_attached()
        screenshot(page, f"chart-family-{name}")


def test_the_chooser_warns_about_a_p_chart_of_large_denominators(
    page, phone_page, live_server, people
):
    measure = people["measures"]["p"]
    path = reverse("capstone:part_edit", args=[people["project"].pk, "measure", measure.pk])
    edit = f"{live_server.url}{path}"
    for name, tab in (("desktop", page), ("phone", phone_page)):
        sign_in(tab, live_server, people["resident"])
        tab.goto(edit)
        expect(tab.get_by_role("heading", name="Which chart suits the data?")).to_be_visible()
        expect(tab.locator("#chart-fit-warnings")).to_contain_text("P′ chart")
        screenshot(tab, f"chart-chooser-{name}")
