"""?program= and ?academic_year= (1 July – 30 June) on the lists; pages of 50 by default."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from capstone.models import Project
from tests import factories as f


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_the_site_administrator_narrows_lists_to_one_program(api, world, api_data):
    client = api(world.superuser)
    assert ids(client.get(reverse("api:project-list"), {"program": "other-im"})) == {
        api_data.foreign_project.pk
    }
    assert ids(client.get(reverse("api:resident-list"), {"program": "vm-im"})) == {
        world.resident.pk,
        world.other_resident.pk,
    }


def test_a_program_filter_never_widens_what_a_person_sees(api, world, api_data):
    response = api(world.director).get(reverse("api:project-list"), {"program": "other-im"})
    assert ids(response) == set()


def test_academic_year_runs_from_1_july_to_30_june(api, world, api_data):
    def created(project, when):
        aware = timezone.make_aware(datetime.combine(when, datetime.min.time().replace(hour=12)))
        Project.objects.filter(pk=project.pk).update(created_at=aware)

    created(api_data.project, date(2024, 6, 30))
    created(api_data.other_project, date(2024, 7, 1))
    client = api(world.director)
    url = reverse("api:project-list")
    assert ids(client.get(url, {"academic_year": 2023})) == {api_data.project.pk}
    assert ids(client.get(url, {"academic_year": 2024})) == {api_data.other_project.pk}


def test_reports_are_in_the_academic_year_their_period_ends(api, world, api_data):
    api_data.report.period_from, api_data.report.period_to = date(2025, 6, 1), date(2025, 6, 30)
    api_data.report.save()
    api_data.other_report.period_from = date(2025, 6, 20)
    api_data.other_report.period_to = date(2025, 7, 1)
    api_data.other_report.save()
    url = reverse("api:progress_report-list")
    assert ids(api(world.director).get(url, {"academic_year": 2024})) == {api_data.report.pk}


def test_residents_are_in_the_years_of_their_residency(api, world, api_data):
    url = reverse("api:resident-list")
    profile = world.resident.resident_profile
    first_year = profile.residency_start.year
    client = api(world.director)
    assert world.resident.pk in ids(client.get(url, {"academic_year": first_year}))
    assert world.resident.pk not in ids(client.get(url, {"academic_year": first_year - 1}))
    last_year = profile.expected_graduation.year - 1
    assert world.resident.pk in ids(client.get(url, {"academic_year": last_year}))
    assert world.resident.pk not in ids(client.get(url, {"academic_year": last_year + 1}))


def test_measures_of_one_project(api, world, api_data):
    url = reverse("api:measure-list")
    response = api(world.director).get(url, {"project": api_data.other_project.pk})
    assert ids(response) == {api_data.other_measure.pk}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"academic_year": "last"}, "academic_year"),
        ({"academic_year": "99999"}, "academic_year"),
        ({"program": "<script>"}, "program"),
        ({"project": "x"}, "project"),
    ],
)
def test_a_bad_filter_is_a_400_naming_the_filter(api, world, api_data, params, field):
    response = api(world.director).get(reverse("api:measure-list"), params)
    assert response.status_code == 400
    assert field in response.json()


def test_lists_come_in_pages(api, world):
    for _ in range(3):
        f.ResidentFactory(program=world.program, pgy=1)
    client = api(world.director)
    first = client.get(reverse("api:resident-list"), {"page_size": 2}).json()
    assert first["count"] == 5 and len(first["results"]) == 2 and first["next"]
    last = client.get(reverse("api:resident-list"), {"page_size": 2, "page": 3}).json()
    assert len(last["results"]) == 1 and last["next"] is None
    assert client.get(reverse("api:resident-list"), {"page": 9}).status_code == 404


def test_the_analysis_is_the_chart_pages_own(api, as_user, world, api_data):
    """One engine: the API's analysis is exactly what the chart page's JSON download gives."""
    measure = api_data.measure
    from_api = api(world.resident).get(reverse("api:measure-analysis", args=[measure.pk])).json()
    page = reverse("capstone:measure_json", args=[measure.project_id, measure.pk])
    assert from_api == as_user(world.resident).get(page).json()
    assert from_api["analysis"]["points"]
