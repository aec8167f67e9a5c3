"""The residents list: program staff search and filter their own program's residents."""

import pytest
from django.urls import reverse

from pathway.models import InterestArea, PathwayStatus, Track
from pathway.people.services import person_deactivate
from tests import factories as f

pytestmark = pytest.mark.django_db
URL = reverse("pathway:resident_list")


def listed(response):
    assert response.status_code == 200
    return {profile.user for profile in response.context["page"].object_list}


def show(client, **params):
    return client.get(URL, params)


# --- Who may see it --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["director", "coordinator"])
def test_program_staff_see_their_programs_residents(world, as_user, role):
    response = show(as_user(getattr(world, role)))
    assert listed(response) == {world.resident, world.other_resident}
    assert "Rosa Resident" in response.content.decode()


def test_another_programs_director_sees_none_of_our_residents(world, as_user):
    theirs = f.ResidentFactory(program=world.other_program).user
    assert listed(show(as_user(world.other_director))) == {theirs}


def test_our_residents_never_appear_to_the_other_program_even_when_searched_by_name(world, as_user):
    response = show(as_user(world.other_director), q="Rosa", active="all")
    assert listed(response) == set()
    assert "Rosa Resident" not in response.content.decode()


def test_superuser_sees_every_program_and_can_filter_by_program(world, as_user):
    theirs = f.ResidentFactory(program=world.other_program).user
    client = as_user(world.superuser)
    assert listed(show(client)) == {world.resident, world.other_resident, theirs}
    assert listed(show(client, program=world.other_program.pk)) == {theirs}
    assert listed(show(client, program=world.program.pk)) == {
        world.resident,
        world.other_resident,
    }


def test_only_the_superuser_gets_a_program_filter(world, as_user):
    assert "program" not in show(as_user(world.coordinator)).context["form"].fields
    assert "program" in show(as_user(world.superuser)).context["form"].fields


def test_a_director_cannot_reach_another_program_through_the_program_parameter(world, as_user):
    f.ResidentFactory(program=world.other_program)
    response = show(as_user(world.director), program=world.other_program.pk)
    assert listed(response) == {world.resident, world.other_resident}


# --- Filters ---------------------------------------------------------------------------------


def test_search_by_part_of_the_name_ignores_case(world, as_user):
    assert listed(show(as_user(world.director), q="rOSA")) == {world.resident}


def test_search_by_email(world, as_user):
    world.other_resident.email = "otto.other@hospital.example"
    world.other_resident.save()
    assert listed(show(as_user(world.director), q="hospital.example")) == {world.other_resident}


def test_search_by_preferred_name(world, as_user):
    world.resident.preferred_name = "Rosie"
    world.resident.save()
    assert listed(show(as_user(world.director), q="rosie")) == {world.resident}


def test_search_with_several_words_needs_all_of_them(world, as_user):
    client = as_user(world.director)
    assert listed(show(client, q="Rosa Resident")) == {world.resident}
    assert listed(show(client, q="Rosa Other")) == set()


def test_filter_by_class_lists_the_residents_who_entered_that_year(world, as_user):
    entered = world.other_resident.resident_profile.entry_year
    response = show(as_user(world.director), entry_year=entered)
    assert listed(response) == {world.other_resident}
    assert (entered, f"Entered {entered}") in response.context["form"].fields["entry_year"].choices


def test_filter_by_pgy(world, as_user):
    pgy3 = f.ResidentFactory(program=world.program, pgy=3).user
    client = as_user(world.director)
    assert listed(show(client, pgy=1)) == {world.other_resident}
    assert listed(show(client, pgy=2)) == {world.resident}
    assert listed(show(client, pgy=3)) == {pgy3}


def test_filter_by_pgy_honours_an_override(world, as_user):
    profile = world.resident.resident_profile
    profile.pgy_override = 1
    profile.pgy_override_reason = "Leave"
    profile.save()
    client = as_user(world.director)
    assert listed(show(client, pgy=1)) == {world.resident, world.other_resident}
    assert listed(show(client, pgy=2)) == set()


def test_filter_by_pathway_status(world, as_user):
    applicant = f.ResidentFactory(
        program=world.program, pathway_status=PathwayStatus.APPLICANT
    ).user
    client = as_user(world.director)
    assert listed(show(client, status=PathwayStatus.APPLICANT)) == {applicant}
    assert listed(show(client, status=PathwayStatus.ACTIVE)) == {
        world.resident,
        world.other_resident,
    }


def test_filter_by_track(world, as_user):
    primary = f.ResidentFactory(program=world.program, track=Track.PRIMARY_CARE).user
    client = as_user(world.director)
    assert listed(show(client, track=Track.PRIMARY_CARE)) == {primary}
    assert listed(show(client, track=Track.CATEGORICAL)) == {world.resident, world.other_resident}


def test_deactivated_residents_are_hidden_by_default(world, as_user):
    person_deactivate(user=world.other_resident)
    assert listed(show(as_user(world.director))) == {world.resident}


def test_deactivated_filter_lists_only_deactivated_residents(world, as_user):
    person_deactivate(user=world.other_resident)
    response = show(as_user(world.director), active="inactive")
    assert listed(response) == {world.other_resident}
    assert "Deactivated" in response.content.decode()


def test_all_filter_lists_active_and_deactivated_residents(world, as_user):
    person_deactivate(user=world.other_resident)
    assert listed(show(as_user(world.director), active="all")) == {
        world.resident,
        world.other_resident,
    }


def test_filters_combine(world, as_user):
    f.ResidentFactory(program=world.program, pgy=2, track=Track.PRIMARY_CARE)
    response = show(as_user(world.director), pgy=2, track=Track.CATEGORICAL)
    assert listed(response) == {world.resident}


def test_an_invalid_filter_value_is_reported_and_deactivated_residents_stay_hidden(world, as_user):
    person_deactivate(user=world.other_resident)
    response = show(as_user(world.director), pgy="9")
    assert response.context["form"].errors["pgy"]
    assert listed(response) == {world.resident}


def test_an_empty_result_says_so(world, as_user):
    response = show(as_user(world.director), q="nobody-by-this-name")
    assert "No residents match these filters." in response.content.decode()


# --- Pagination and query count --------------------------------------------------------------


def test_the_list_is_paginated_and_page_links_keep_the_filters(world, as_user):
    f.ResidentFactory.create_batch(55, program=world.program, pgy=3)
    client = as_user(world.director)
    first = show(client, pgy=3)
    assert len(first.context["page"].object_list) == 50
    assert "Page 1 of 2" in first.content.decode()
    assert "?pgy=3&page=2" in first.content.decode()
    second = show(client, pgy=3, page=2)
    assert len(second.context["page"].object_list) == 5
    assert not listed(first) & listed(second)


def test_a_page_number_out_of_range_shows_the_last_page(world, as_user):
    response = show(as_user(world.director), page=99)
    assert listed(response) == {world.resident, world.other_resident}


def add_residents(world, count):
    areas = [InterestArea.objects.create(name=f"Area {n}") for n in range(3)]
    for n in range(count):
        profile = f.ResidentFactory(program=world.program, pgy=n % 3 + 1)
        profile.areas_of_interest.set(areas[: n % 3 + 1])
        f.CoachAssignmentFactory(resident=profile, coach=world.coach)


@pytest.mark.parametrize("count", [3, 30])
def test_the_number_of_queries_does_not_grow_with_the_residents(
    world, as_user, count, django_assert_max_num_queries
):
    add_residents(world, count)
    client = as_user(world.director)
    # session, user, class years, count, page, areas, session save (3)
    with django_assert_max_num_queries(9):
        response = show(client)
    assert len(listed(response)) == count + 2


@pytest.mark.parametrize("count", [3, 30])
def test_the_number_of_queries_does_not_grow_with_the_residents_when_filtering(
    world, as_user, count, django_assert_max_num_queries
):
    add_residents(world, count)
    client = as_user(world.superuser)
    # ... plus the chosen program and the program choices
    with django_assert_max_num_queries(11):
        response = show(client, program=world.program.pk, q="e", pgy=1, active="all")
    assert listed(response)
