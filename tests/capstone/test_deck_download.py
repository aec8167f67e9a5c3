"""The report-out deck (PPTX): the slides a report-out shows, written from the record and
opened here with python-pptx."""

import io
from datetime import date

from django.urls import reverse
from pptx import Presentation

from capstone.models import Stage
from tests import factories as f
from tests.capstone.conftest import make_project
from tests.capstone.documents_helpers import pptx_slides


def deck(client, project):
    response = client.get(reverse("capstone:deck_pptx", args=[project.pk]))
    assert response.status_code == 200
    return response


def closed_project(world):
    project = make_project(world, Stage.CLOSED, title="Discharge before noon on 5 West")
    project.event_first_day, project.event_second_day = date(2026, 11, 30), date(2026, 12, 1)
    project.save()
    measure = project.measures.first()
    measure.data_points.all().delete()
    f.measure_series(measure, [14, 15, 13, 16, 14, 12, 15, 14, 30, 32, 31, 35], phase_after=8)
    return project


def test_the_deck_has_the_report_out_slides_in_order(world, as_user):
    project = closed_project(world)
    response = deck(as_user(world.resident), project)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="report-out-discharge-before-noon-on-5-west.pptx"'
    )
    slides = pptx_slides(response.content)
    titles = [
        "Discharge before noon on 5 West",
        "The problem and the aim",
        "Current state",
        "Target state and root causes",
        "Tests of change (PDSA)",
        "Key measure: Discharges before noon",
        "Before and after",
        "Next steps and follow-ups",
    ]
    assert [next(t for t in titles if s.startswith(t)) for s in slides] == titles


def test_the_deck_says_the_facts_of_the_record(world, as_user):
    project = closed_project(world)
    slides = pptx_slides(deck(as_user(world.resident), project).content)
    title, problem, current, target, tests, chart, numbers, follow = slides
    assert "Rosa Resident (Lead)" in title
    assert "Two-day event: 30 November and 1 December 2026" in title
    assert "Discharges are late." in problem and project.aim_sentence in problem
    assert "Discharge order written" in current  # a process step
    assert "Waiting (1)" in current
    assert "Afternoon discharge huddle, one team" in tests and "Adopted" in tests
    assert "mean 14.1% at baseline (n=8)" in chart
    assert "32% after the event (n=4)" in chart
    assert "Yes: a signal supports the change" in numbers
    assert "Train night nurses on the checklist" in follow
    assert "90-day follow-up held" in follow


def test_the_key_chart_is_a_picture_on_its_slide(world, as_user):
    project = closed_project(world)
    presentation = Presentation(io.BytesIO(deck(as_user(world.resident), project).content))
    chart_slide = presentation.slides[5]
    pictures = [s for s in chart_slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert len(pictures) == 1
    assert pictures[0].image.content_type == "image/png"
    assert pictures[0].image.size[0] >= 1500  # sharp on a projector


def test_a_project_without_data_has_no_chart_slide_and_still_builds(world, as_user):
    project = make_project(world, title="Fresh start")
    slides = pptx_slides(deck(as_user(world.resident), project).content)
    assert slides[0].startswith("Fresh start")
    assert not any(s.startswith("Key measure") for s in slides)
    assert "No tests of change recorded yet." in slides[4]


def test_long_text_is_cut_with_a_pointer_to_the_app(world, as_user):
    from tests.capstone.documents_helpers import project_at_every_limit

    project = project_at_every_limit(world, rows=10)
    slides = pptx_slides(deck(as_user(world.resident), project).content)
    assert any("(continued in the app)" in s for s in slides)
    assert all(len(s) < 4000 for s in slides)
