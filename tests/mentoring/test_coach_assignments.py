"""The staff page listing pathway residents with their current coach, and coaches' loads."""

import pytest
from django.urls import reverse

from pathway.models import PathwayStatus
from tests import factories as f
from tests.mentoring.helpers import text_of

URL = reverse("mentoring:coach_assignments")


def test_staff_see_residents_with_their_coach_and_each_coach_load(world, as_user):
    unassigned = f.ResidentFactory(program=world.program, user__full_name="Una Assigned")
    page = text_of(as_user(world.coordinator).get(URL))
    assert "Rosa Resident" in page and "Cora Coach" in page
    assert "Una Assigned" in page and "No coach" in page
    assert "1 of 6" in page
    assert "2 pathway residents without a KPO coach." in page  # Otto and Una
    assert (
        f"/mentoring/residents/{unassigned.pk}/coach/"
        in as_user(world.coordinator).get(URL).content.decode()
    )


def test_the_unassigned_filter_shows_only_residents_without_a_coach(world, as_user):
    page = text_of(as_user(world.director).get(URL, {"show": "unassigned"}))
    assert "Otto Other" in page
    assert "Rosa Resident" not in page


def test_the_search_finds_residents_by_name(world, as_user):
    page = text_of(as_user(world.director).get(URL, {"q": "otto"}))
    assert "Otto Other" in page and "Rosa Resident" not in page


def test_residents_outside_the_pathway_are_not_listed(world, as_user):
    f.ResidentFactory(
        program=world.program,
        pathway_status=PathwayStatus.NOT_ENROLLED,
        user__full_name="Nora Notenrolled",
    )
    assert "Nora Notenrolled" not in text_of(as_user(world.director).get(URL))


def test_another_programs_residents_and_coaches_are_never_listed(world, as_user):
    f.ResidentFactory(program=world.other_program, user__full_name="Far Away")
    f.coach_in(world.other_program, user__full_name="Far Coach")
    page = text_of(as_user(world.director).get(URL))
    assert "Far Away" not in page and "Far Coach" not in page


def test_an_invalid_filter_is_ignored_with_its_error_shown(world, as_user):
    response = as_user(world.director).get(URL, {"show": "everyone"})
    assert response.status_code == 200
    assert "Select a valid choice." in text_of(response)


@pytest.mark.parametrize("rows", [2, 20])
def test_the_query_count_does_not_grow_with_rows(
    world, as_user, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        resident = f.ResidentFactory(program=world.program)
        f.CoachAssignmentFactory(resident=resident, coach=f.coach_in(world.program))
    client = as_user(world.director)
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert response.status_code == 200
