"""The project list: each role sees its projects, filters work, queries do not grow with rows."""

import pytest
from django.urls import reverse

from capstone.models import Stage
from tests import factories as f

URL = reverse("capstone:project_list")


def titles(response):
    return {p.title for p in response.context["page"]}


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor", "director", "coordinator"])
def test_each_role_sees_the_project_it_is_part_of(persona, world, as_user, project, other_project):
    response = as_user(getattr(world, persona)).get(URL)
    assert response.status_code == 200
    assert project.title in titles(response)
    expected_other = persona in ("director", "coordinator")
    assert (other_project.title in titles(response)) is expected_other


def test_another_programs_director_sees_an_empty_list(world, as_user, project):
    response = as_user(world.other_director).get(URL)
    assert response.status_code == 200
    assert titles(response) == set()


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_list_refuses_post(world, as_user):
    assert as_user(world.director).post(URL).status_code == 405


def test_filter_by_stage(world, as_user, project, other_project):
    other_project.stage = Stage.CURRENT_STATE
    other_project.save()
    response = as_user(world.director).get(URL, {"stage": Stage.CURRENT_STATE})
    assert titles(response) == {other_project.title}


def test_filter_by_class(world, as_user, project, other_project):
    # world.resident is PGY-2, world.other_resident PGY-1: different entry years.
    year = world.other_resident.resident_profile.entry_year
    response = as_user(world.director).get(URL, {"entry_year": year})
    assert titles(response) == {other_project.title}


def test_filter_by_coach(world, as_user, project, other_project):
    response = as_user(world.director).get(URL, {"coach": world.coach.pk})
    assert titles(response) == {project.title}


def test_filter_by_sponsor(world, as_user, project, other_project):
    response = as_user(world.director).get(URL, {"sponsor": world.sponsor.pk})
    assert titles(response) == {project.title}


def test_search_by_title_or_lead(world, as_user, project, other_project):
    response = as_user(world.director).get(URL, {"q": "Otto"})
    assert titles(response) == {other_project.title}


def test_an_unknown_filter_value_shows_everything_with_the_error(world, as_user, project):
    response = as_user(world.director).get(URL, {"stage": "nonsense"})
    assert response.status_code == 200
    assert "stage" in response.context["form"].errors
    assert titles(response) == {project.title}


def test_projects_are_listed_in_pipeline_order(world, as_user):
    later = f.ProjectFactory(lead=f.ResidentFactory(program=world.program), stage=Stage.RESULTS)
    earlier = f.ProjectFactory(lead=f.ResidentFactory(program=world.program))
    held = f.ProjectFactory(
        lead=f.ResidentFactory(program=world.program),
        stage=Stage.ON_HOLD,
        held_from_stage=Stage.SELECTION,
    )
    response = as_user(world.director).get(URL)
    assert [p.pk for p in response.context["page"]] == [earlier.pk, later.pk, held.pk]


def test_resident_without_a_project_is_offered_to_start_one(world, as_user):
    response = as_user(world.resident).get(URL)
    assert response.context["can_start"] is True
    assert reverse("capstone:project_add") in response.content.decode()


def test_resident_with_an_active_project_is_not_offered_another(world, as_user, project):
    response = as_user(world.resident).get(URL)
    assert response.context["can_start"] is False


@pytest.mark.parametrize("rows", [2, 20])
def test_list_queries_do_not_grow_with_projects(
    rows, world, as_user, django_assert_max_num_queries
):
    for _ in range(rows):
        f.ProjectFactory(
            lead=f.ResidentFactory(program=world.program),
            coach=world.coach,
            sponsor=world.sponsor,
        )
    client = as_user(world.director)
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert len(response.context["page"]) == rows
