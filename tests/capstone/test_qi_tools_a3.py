"""The A3 carries the QI tools where they fit: the fishbone in the analysis, the driver
diagram with the countermeasures, the lead time in the current condition and the results; on
the page as SVG and in the PDF as drawings."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from capstone.documents import a3_content, a3_pdf, load_for_documents
from capstone.models import Stage
from tests.browser.conftest import SCREENSHOTS
from tests.capstone.conftest import make_project
from tests.capstone.qi_tools_factories import fill_qi_tools
from tests.capstone.qi_tools_helpers import parsed_svg


@pytest.fixture
def filled(world):
    project = make_project(world, Stage.RESULTS)
    # Only the steps the filler records, so the arithmetic below is the filler's.
    project.steps.all().delete()
    return fill_qi_tools(project)


def test_the_a3_boxes_hold_the_diagrams_and_the_lead_time(filled):
    content = a3_content(load_for_documents(filled.pk))
    boxes = content.by_key
    kinds = {key: [b["type"] for b in box.blocks] for key, box in boxes.items()}
    assert "diagram" in kinds["analysis"] and "diagram" in kinds["countermeasures"]
    current = {b["label"]: b["text"] for b in boxes["current"].blocks if b["type"] == "p"}
    assert current["Lead time"].startswith("Lead time 375 minutes, of which 55 add value")
    results = {b["label"]: b["text"] for b in boxes["results"].blocks if b["type"] == "p"}
    assert "fell from 375 to 105 minutes" in results["Lead time"]
    # The current condition's step table is today's process only, not the after-the-event map.
    table = next(b for b in boxes["current"].blocks if b["type"] == "table")
    assert len(table["rows"]) == 6


def test_the_a3_page_shows_the_diagrams_as_svg(world, as_user, filled):
    html = as_user(world.coach).get(reverse("capstone:a3", args=[filled.pk])).content.decode()
    for ident in ("a3-fishbone", "a3-drivers"):
        start = html.rindex("<svg", 0, html.index(f'aria-labelledby="{ident}-title') + 1)
        parsed_svg(html[start : html.index("</svg>", start) + 6])


def test_the_a3_pdf_draws_the_diagrams_on_its_one_page(filled):
    pdf = a3_pdf(a3_content(load_for_documents(filled.pk)))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Primary drivers" in text and "Measurement" in text and "Lead time" in text
    # Kept for a person to open and look at (screenshots/ is git-ignored).
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "qi-tools-a3.pdf").write_bytes(pdf)
