"""Program staff's list of residents' milestones, by status."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db


def milestone(user, due_in, name, **extra):
    return f.MilestoneFactory(
        resident=user.resident_profile,
        due_on=timezone.localdate() + timedelta(days=due_in),
        template__name=name,
        **extra,
    )


def test_a_director_sees_the_programs_open_milestones(world, as_user):
    milestone(world.resident, -2, "Select a sponsor")
    milestone(world.other_resident, 20, "Apply to the pathway")
    milestone(world.resident, -9, "Done already", completed_on=timezone.localdate())
    elsewhere = f.ResidentFactory(program=world.other_program).user
    milestone(elsewhere, -2, "Another program's")

    html = as_user(world.director).get(reverse("pathway:milestone_list")).content.decode()

    assert "Select a sponsor" in html and "Apply to the pathway" in html
    assert "Done already" not in html
    assert "Another program&#x27;s" not in html and "Another program's" not in html


def test_the_overdue_filter_and_search(world, as_user):
    milestone(world.resident, -2, "Select a sponsor")
    milestone(world.resident, 3, "Hold the two-day event")
    milestone(world.other_resident, -5, "Collect current-state data")
    client = as_user(world.coordinator)

    overdue = client.get(reverse("pathway:milestone_list"), {"status": "overdue"})
    html = overdue.content.decode()
    assert "Select a sponsor" in html and "Collect current-state data" in html
    assert "Hold the two-day event" not in html

    searched = client.get(
        reverse("pathway:milestone_list"), {"status": "overdue", "q": "Otto"}
    ).content.decode()
    assert "Collect current-state data" in searched and "Select a sponsor" not in searched


def test_an_unknown_status_is_reported_and_the_open_milestones_shown(world, as_user):
    milestone(world.resident, -2, "Select a sponsor")
    response = as_user(world.director).get(reverse("pathway:milestone_list"), {"status": "late"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in html
    assert "Select a sponsor" in html


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor"])
def test_others_may_not_see_the_programs_list(persona, world, as_user):
    response = as_user(getattr(world, persona)).get(reverse("pathway:milestone_list"))
    assert response.status_code == 403


def test_the_list_only_answers_get(world, as_user):
    assert as_user(world.director).post(reverse("pathway:milestone_list")).status_code == 405


@pytest.mark.parametrize("size", [2, 20])
def test_the_list_makes_the_same_number_of_queries_for_few_or_many(
    size, world, as_user, django_assert_max_num_queries
):
    for n in range(size):
        milestone(world.resident if n % 2 else world.other_resident, n - 10, f"M{n}")
    client = as_user(world.director)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("pathway:milestone_list"))
    assert response.content.decode().count('href="/milestones/') >= size
