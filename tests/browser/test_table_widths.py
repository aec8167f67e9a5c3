"""Wide tables at the widths people use: the cohort board whole on a 1366 px laptop, and a
capstone record's Edit / Delete links always in view on a 390 px phone."""

import pytest
from django.db.models import Count

from capstone.models import Project
from pathway.demo import world as demo
from tests.browser.conftest import PHONE, screenshot, sign_in

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1366, "height": 900}

# For each table in <main> that has row actions: the right edge of its scrolling box and of
# every Edit / Delete link in it.
ACTION_EDGES = """() => [...document.querySelectorAll('main .table-responsive')]
    .filter(box => box.querySelector('.row-actions a'))
    .map(box => ({
        box: box.getBoundingClientRect().right,
        links: [...box.querySelectorAll('.row-actions a')].map(a => {
            const r = a.getBoundingClientRect();
            return {right: r.right, left: r.left, text: a.firstChild.textContent.trim()};
        }),
    }))"""


@pytest.fixture
def world(demo_world):
    return demo_world


def test_at_1366_px_the_cohort_board_shows_every_milestone_column(world, live_server, browser):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    sign_in(page, live_server, world["director"], password=demo.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/program/board/")

    scroller = page.locator(".cb-scroll")
    scroll_width, client_width = scroller.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert scroll_width <= client_width, "the board still hides columns behind a scrollbar"
    last = page.locator("th.cb-ms").last.bounding_box()
    assert last["x"] + last["width"] <= LAPTOP["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    screenshot(page, "cohort-board-director-1366")
    context.close()


@pytest.mark.parametrize("tab", ["current-state", "event", "implementation", "dissemination"])
def test_at_390_px_capstone_tables_keep_edit_and_delete_in_view(tab, world, live_server, browser):
    project = Project.objects.annotate(n=Count("measures__data_points")).order_by("-n").first()
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, live_server, project.lead.user, password=demo.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/capstone/{project.pk}/{tab}/")

    tables = page.evaluate(ACTION_EDGES)
    assert tables, f"no table with Edit / Delete on the {tab} tab"
    assert any(link["text"] == "Delete" for table in tables for link in table["links"])
    for table in tables:
        for link in table["links"]:
            assert link["right"] <= table["box"] + 0.5, (tab, link)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, f"capstone-{tab}-phone-390")
    context.close()


def test_at_390_px_the_measure_table_keeps_edit_and_delete_in_view(world, live_server, browser):
    project = Project.objects.annotate(n=Count("measures__data_points")).order_by("-n").first()
    measure = project.measures.annotate(n=Count("data_points")).order_by("-n").first()
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, live_server, project.lead.user, password=demo.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/capstone/{project.pk}/measures/{measure.pk}/")

    (table,) = page.evaluate(ACTION_EDGES)
    assert len(table["links"]) >= 2
    for link in table["links"]:
        assert link["right"] <= table["box"] + 0.5, link
    screenshot(page, "capstone-measure-table-phone-390")
    context.close()
