"""The library's filters: clinical area, waste addressed, measure type, outcome (from the SPC
engine's baseline vs post-event summary), stage, academic year and program. A value that is not
a choice is named beside its field and the page still answers."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from capstone.models import LibraryShare, MeasureKind, Project, Stage, Waste
from tests import factories as f
from tests.capstone.library.helpers import library_entry

LIST = reverse("capstone:library_list")


def listed(client, user, **filters):
    client.force_login(user)
    response = client.get(LIST, filters)
    assert response.status_code == 200
    return response, sorted(p.title for p in response.context["page"])


@pytest.fixture
def three(world):
    """Three entries of world.program that differ in every filtered respect."""
    a = library_entry(program=world.program, title="A", outcome="improved", department="5 West")
    b = library_entry(
        program=world.program,
        title="B",
        outcome="no_change",
        department="Emergency",
        stage=Stage.CLOSED,
    )
    c = library_entry(program=world.program, title="C", outcome="worse", department="Emergency")
    f.WasteObservationFactory(project=a, waste=Waste.WAITING)
    f.WasteObservationFactory(project=b, waste=Waste.MOTION)
    f.MeasureFactory(project=c, kind=MeasureKind.BALANCING)
    Project.objects.filter(pk=a.pk).update(created_at=timezone.make_aware(datetime(2024, 9, 1, 12)))
    return a, b, c


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"area": "Emergency"}, ["B", "C"]),
        ({"waste": Waste.WAITING}, ["A"]),
        ({"waste": Waste.MOTION}, ["B"]),
        ({"measure": MeasureKind.BALANCING}, ["C"]),
        ({"measure": MeasureKind.OUTCOME}, ["A", "B", "C"]),
        ({"outcome": "improved"}, ["A"]),
        ({"outcome": "no_change"}, ["B"]),
        ({"outcome": "worse"}, ["C"]),
        ({"stage": Stage.CLOSED}, ["B"]),
        ({"year": "2024"}, ["A"]),
        ({"area": "Emergency", "outcome": "worse"}, ["C"]),
    ],
)
def test_each_filter_keeps_only_the_matching_entries(client, world, three, filters, expected):
    assert listed(client, world.director, **filters)[1] == expected


def test_the_outcome_is_shown_on_each_entry_in_words(client, world, three):
    response, _ = listed(client, world.resident)
    page = response.content.decode()
    assert "Improved" in page and "No change" in page and "Worse" in page
    # The effect in words, from the documents' sentence about the key measure.
    assert "a change of +" in page


@pytest.mark.parametrize(
    "filters",
    [
        {"outcome": "better"},
        {"waste": "sloth"},
        {"measure": "vibes"},
        {"stage": "done"},
        {"year": "nineteen"},
        {"year": "1900"},
        {"area": "Nowhere"},
        {"page": "x"},
    ],
)
def test_a_value_that_is_not_a_choice_is_named_and_the_page_still_answers(
    client, world, three, filters
):
    response, titles = listed(client, world.director, **filters)
    assert titles == ["A", "B", "C"]
    if "page" not in filters:
        assert response.context["form"].errors


def test_a_wrong_filter_does_not_drop_the_right_ones(client, world, three):
    response, titles = listed(client, world.director, outcome="better", area="Emergency")
    assert titles == ["B", "C"]
    assert "outcome" in response.context["form"].errors


def test_the_program_filter_is_offered_only_with_a_shared_library(client, world, three):
    response, _ = listed(client, world.director)
    assert "program" not in response.context["form"].fields
    LibraryShare.objects.create(program=world.other_program)
    library_entry(program=world.other_program, title="Elsewhere")
    response, titles = listed(client, world.director, program=world.other_program.pk)
    assert titles == ["Elsewhere"]
    response, titles = listed(client, world.director, program=world.program.pk)
    assert titles == ["A", "B", "C"]
    response, titles = listed(client, world.director, program=999999)
    assert response.context["form"].errors["program"]
    assert titles == ["A", "B", "C", "Elsewhere"]
    # world.program does not share: its director's choice of it elsewhere is no choice at all.
    response, titles = listed(client, world.other_director, program=world.program.pk)
    assert titles == ["Elsewhere"]
