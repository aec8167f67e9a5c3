"""Notes on a measure's chart: the leads add and remove them; they show at their date."""

from datetime import date

import pytest
from django.urls import reverse

from capstone.models import MeasureAnnotation
from tests import factories as f


@pytest.fixture
def measure(project):
    item = f.MeasureFactory(project=project)
    f.measure_series(item, [10, 12, 11, 13], start=date(2025, 1, 6))
    return item


def url(measure):
    return reverse("capstone:annotation_add", args=[measure.project_id, measure.pk])


def delete_url(note):
    return reverse(
        "capstone:annotation_delete", args=[note.measure.project_id, note.measure_id, note.pk]
    )


def test_lead_adds_a_note_that_shows_on_the_chart(world, as_user, measure):
    client = as_user(world.resident)
    assert client.get(url(measure)).status_code == 200
    response = client.post(url(measure), {"on": "2025-01-13", "text": "PDSA 2: checklist"})
    assert response.status_code == 302
    note = MeasureAnnotation.objects.get()
    assert (note.on, note.text, note.created_by) == (
        date(2025, 1, 13),
        "PDSA 2: checklist",
        world.resident,
    )
    chart = client.get(response["Location"]).context["chart"]
    assert (1, "13 Jan 2025: PDSA 2: checklist") in chart.annotations


def test_a_note_needs_a_date_and_words(world, as_user, measure):
    response = as_user(world.resident).post(url(measure), {"on": "", "text": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"on", "text"}
    assert not MeasureAnnotation.objects.exists()


def test_lead_removes_a_note(world, as_user, measure):
    note = f.MeasureAnnotationFactory(measure=measure)
    assert as_user(world.resident).post(delete_url(note)).status_code == 302
    assert not MeasureAnnotation.objects.exists()


def test_removing_a_note_needs_a_post(world, as_user, measure):
    note = f.MeasureAnnotationFactory(measure=measure)
    assert as_user(world.resident).get(delete_url(note)).status_code == 405
    assert MeasureAnnotation.objects.exists()


def test_coach_cannot_add_or_remove_notes(world, as_user, measure):
    note = f.MeasureAnnotationFactory(measure=measure)
    client = as_user(world.coach)
    assert client.post(url(measure), {"on": "2025-01-13", "text": "x"}).status_code == 403
    assert client.post(delete_url(note)).status_code == 403
    assert MeasureAnnotation.objects.count() == 1


def test_a_note_of_another_measure_is_a_404(world, as_user, project, measure):
    other = f.MeasureAnnotationFactory(measure=f.MeasureFactory(project=project))
    response = as_user(world.resident).post(
        reverse("capstone:annotation_delete", args=[project.pk, measure.pk, other.pk])
    )
    assert response.status_code == 404
    assert MeasureAnnotation.objects.count() == 1


def test_another_programs_director_gets_a_404(world, as_user, measure):
    assert as_user(world.other_director).get(url(measure)).status_code == 404
