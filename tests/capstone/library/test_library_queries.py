"""The library list, an entry and the similar projects cost the same number of queries with 2
entries as with 12 (each with a charted key measure, countermeasures and wastes)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from capstone.models import LibraryShare
from tests import factories as f
from tests.capstone.library.helpers import library_entry

LIST = reverse("capstone:library_list")


def fill(world, count):
    for n in range(count):
        project = library_entry(
            program=world.program if n % 2 else world.other_program,
            title=f"Discharge huddle {n}",
            outcome=("improved", "no_change", "worse")[n % 3],
            department=f"Unit {n}",
        )
        f.WasteObservationFactory(project=project)
    LibraryShare.objects.get_or_create(program=world.other_program)


def queries(client, url, params=None):
    """Queries of the second request: the first of a session also reads its user's notices."""
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "discharge huddle"}, {"outcome": "improved"}, {"waste": "waiting", "year": "2020"}],
)
def test_the_list_costs_the_same_queries_at_two_sizes(client, world, params):
    client.force_login(world.director)
    fill(world, 2)
    small, response = queries(client, LIST, params)
    assert response.context["page"].paginator.count >= 1 or params.get("year")
    fill(world, 10)
    large, response = queries(client, LIST, params)
    assert large == small


def test_the_similar_projects_cost_the_same_queries_at_two_sizes(client, world):
    newcomer = f.ProjectFactory(
        lead=world.resident.resident_profile, title="Discharge huddle for 4 East"
    )
    f.WasteObservationFactory(project=newcomer)
    client.force_login(world.resident)
    fill(world, 2)
    small, response = queries(client, newcomer.get_absolute_url())
    assert "Discharge huddle 0" in response.content.decode()
    fill(world, 10)
    large, response = queries(client, newcomer.get_absolute_url())
    assert large == small


def test_an_entry_costs_the_same_queries_whatever_its_data(client, world):
    client.force_login(world.director)
    small_project = library_entry(program=world.program)
    small, _ = queries(client, reverse("capstone:library_entry", args=[small_project.pk]))
    big_project = library_entry(program=world.program)
    for _ in range(5):
        f.TestOfChangeFactory(project=big_project, title="Another adopted change")
        f.WasteObservationFactory(project=big_project)
    f.measure_series(f.MeasureFactory(project=big_project), list(range(40)), phase_after=20)
    large, _ = queries(client, reverse("capstone:library_entry", args=[big_project.pk]))
    assert large == small
