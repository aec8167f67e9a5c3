"""The conference poster (PDF, 48 × 36 in landscape): the same story as the A3, opened here
with pypdf."""

import io
from datetime import date

from django.urls import reverse
from pypdf import PdfReader

from capstone.models import Stage
from tests import factories as f
from tests.capstone.conftest import make_project
from tests.capstone.documents_helpers import pdf_flat


def test_the_poster_is_one_48_by_36_inch_page_with_the_story(world, as_user):
    project = make_project(world, Stage.CLOSED, title="Discharge before noon on 5 West")
    project.event_first_day, project.event_second_day = date(2026, 11, 30), date(2026, 12, 1)
    project.save()
    f.measure_series(project.measures.first(), [14, 15, 13, 16, 30, 32, 31, 35], phase_after=4)
    response = as_user(world.sponsor).get(reverse("capstone:poster_pdf", args=[project.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="poster-discharge-before-noon-on-5-west.pdf"'
    )
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (48 * 72, 36 * 72)
    assert not reader.pages[0].images  # the chart is vectors
    text = pdf_flat(response.content)
    for phrase in (
        "Discharge before noon on 5 West",
        "Two-day event: 30 November and 1 December 2026",
        "Background",
        "Team",
        "Results",
        "Countermeasures",
        "Discharges are late.",
        "Afternoon discharge huddle, one team (adopted",
        "Start with the night before.",
    ):
        assert phrase in text, phrase


def test_the_poster_and_the_a3_agree_on_the_results(world, as_user):
    project = make_project(world, Stage.CLOSED)
    f.measure_series(project.measures.first(), [14, 15, 13, 16, 30, 32, 31, 35], phase_after=4)
    client = as_user(world.resident)
    poster = pdf_flat(client.get(reverse("capstone:poster_pdf", args=[project.pk])).content)
    a3 = pdf_flat(client.get(reverse("capstone:a3_pdf", args=[project.pk])).content)
    sentence = "a signal on the chart supports the change"
    assert sentence in poster and sentence in a3


def test_an_empty_project_still_makes_a_poster(world, as_user):
    project = make_project(world, title="Fresh start")
    response = as_user(world.resident).get(reverse("capstone:poster_pdf", args=[project.pk]))
    text = pdf_flat(response.content)
    assert "Fresh start" in text
    assert "No change adopted yet." in text
