"""The staff list: program staff search and filter the coaches, sponsors, directors and
coordinators of their own program."""

import pytest
from django.urls import reverse

from pathway.models import Role
from pathway.people.services import person_deactivate
from tests import factories as f

pytestmark = pytest.mark.django_db
URL = reverse("pathway:staff_list")


def listed(response):
    assert response.status_code == 200
    return set(response.context["page"].object_list)


def show(client, **params):
    return client.get(URL, params)


def our_staff(world):
    return {world.coach, world.sponsor, world.director, world.coordinator}


# --- Who may see it --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["director", "coordinator"])
def test_program_staff_see_their_programs_staff_and_no_residents(world, as_user, role):
    response = show(as_user(getattr(world, role)))
    assert listed(response) == our_staff(world)
    text = response.content.decode()
    assert "Cora Coach" in text
    assert "KPO coach" in text
    assert "Rosa Resident" not in text


def test_another_programs_director_sees_only_their_own_staff(world, as_user):
    assert listed(show(as_user(world.other_director))) == {
        world.other_director,
        world.other_coordinator,
    }


def test_our_staff_never_appear_to_the_other_program_even_when_searched_by_name(world, as_user):
    response = show(as_user(world.other_director), q="Cora", active="all")
    assert listed(response) == set()
    assert "Cora Coach" not in response.content.decode()


def test_superuser_sees_every_programs_staff_and_can_filter_by_program(world, as_user):
    client = as_user(world.superuser)
    everyone = listed(show(client))
    assert our_staff(world) | {world.other_director, world.other_coordinator} <= everyone
    assert listed(show(client, program=world.other_program.pk)) == {
        world.other_director,
        world.other_coordinator,
    }
    assert listed(show(client, program=world.program.pk)) == our_staff(world)


def test_only_the_superuser_gets_a_program_filter(world, as_user):
    assert "program" not in show(as_user(world.coordinator)).context["form"].fields
    assert "program" in show(as_user(world.superuser)).context["form"].fields


# --- Filters ---------------------------------------------------------------------------------


def test_search_by_part_of_the_name_ignores_case(world, as_user):
    assert listed(show(as_user(world.director), q="cORA")) == {world.coach}


def test_search_by_email(world, as_user):
    world.sponsor.email = "sam.sponsor@hospital.example"
    world.sponsor.save()
    assert listed(show(as_user(world.director), q="hospital.example")) == {world.sponsor}


def test_filter_by_role(world, as_user):
    client = as_user(world.director)
    assert listed(show(client, role=Role.COACH)) == {world.coach}
    assert listed(show(client, role=Role.SPONSOR)) == {world.sponsor}
    assert listed(show(client, role=Role.DIRECTOR)) == {world.director}
    assert listed(show(client, role=Role.COORDINATOR)) == {world.coordinator}


def test_a_person_with_several_roles_is_listed_under_each(world, as_user):
    f.SponsorFactory(user=world.director, department="Internal Medicine")
    client = as_user(world.coordinator)
    assert world.director in listed(show(client, role=Role.SPONSOR))
    assert world.director in listed(show(client, role=Role.DIRECTOR))
    text = show(client).content.decode()
    assert "Program director" in text
    assert "Sponsor" in text


def test_deactivated_staff_are_hidden_by_default(world, as_user):
    person_deactivate(user=world.sponsor)
    assert world.sponsor not in listed(show(as_user(world.director)))


def test_deactivated_filter_lists_only_deactivated_staff(world, as_user):
    person_deactivate(user=world.sponsor)
    assert listed(show(as_user(world.director), active="inactive")) == {world.sponsor}


def test_all_filter_lists_active_and_deactivated_staff(world, as_user):
    person_deactivate(user=world.sponsor)
    assert listed(show(as_user(world.director), active="all")) == our_staff(world)


def test_an_invalid_filter_value_is_reported_and_deactivated_staff_stay_hidden(world, as_user):
    person_deactivate(user=world.sponsor)
    response = show(as_user(world.director), role="astronaut")
    assert response.context["form"].errors["role"]
    assert listed(response) == our_staff(world) - {world.sponsor}


def test_an_empty_result_says_so(world, as_user):
    response = show(as_user(world.director), q="nobody-by-this-name")
    assert "No staff match these filters." in response.content.decode()


# --- Pagination and query count --------------------------------------------------------------


def test_the_list_is_paginated_and_page_links_keep_the_filters(world, as_user):
    f.SponsorFactory.create_batch(55, user__program=world.program)
    client = as_user(world.director)
    first = show(client, role=Role.SPONSOR)
    assert len(first.context["page"].object_list) == 50
    assert "?role=sponsor&page=2" in first.content.decode()
    second = show(client, role=Role.SPONSOR, page=2)
    assert len(second.context["page"].object_list) == 6
    assert not listed(first) & listed(second)


def add_staff(world, count):
    for n in range(count):
        factory = (f.CoachFactory, f.SponsorFactory, f.DirectorFactory)[n % 3]
        person = factory(user__program=world.program).user
        if n % 2:
            f.SponsorFactory(user=person) if n % 3 != 1 else f.CoachFactory(user=person)


@pytest.mark.parametrize("count", [3, 30])
def test_the_number_of_queries_does_not_grow_with_the_staff(
    world, as_user, count, django_assert_max_num_queries
):
    add_staff(world, count)
    client = as_user(world.director)
    # session, user, count, page, session save (3)
    with django_assert_max_num_queries(7):
        response = show(client)
    assert len(listed(response)) == count + 4


@pytest.mark.parametrize("count", [3, 30])
def test_the_number_of_queries_does_not_grow_with_the_staff_when_filtering(
    world, as_user, count, django_assert_max_num_queries
):
    add_staff(world, count)
    client = as_user(world.superuser)
    # ... plus the chosen program and the program choices
    with django_assert_max_num_queries(9):
        response = show(client, program=world.program.pk, q="e", active="all")
    assert listed(response)
