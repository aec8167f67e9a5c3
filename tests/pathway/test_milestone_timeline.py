"""A resident's milestones: "My milestones" and the same timeline for their coach and staff."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.pathway.test_milestones_follow_actions import vmps_done

pytestmark = pytest.mark.django_db


def milestone(user, due_in, **extra):
    today = timezone.localdate()
    return f.MilestoneFactory(
        resident=user.resident_profile, due_on=today + timedelta(days=due_in), **extra
    )


def test_a_resident_sees_their_milestones_with_status_and_evidence(world, as_user):
    today = timezone.localdate()
    milestone(world.resident, -3, template__name="Select a sponsor")
    milestone(world.resident, 5, template__name="Hold the two-day event")
    milestone(
        world.resident,
        -30,
        template__name="Complete Leading at Virginia Mason",
        completed_on=today - timedelta(days=40),
        completed_evidence="Completed Leading at Virginia Mason on 1 Oct",
    )
    milestone(world.other_resident, 5, template__name="Not mine")

    response = as_user(world.resident).get(reverse("pathway:my_milestones"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "My milestones" in html
    assert "Select a sponsor" in html and "Overdue" in html
    assert "Hold the two-day event" in html and "Due soon" in html
    assert "Completed Leading at Virginia Mason on 1 Oct" in html
    assert "Not mine" not in html
    assert "1 overdue" in html and "1 due soon" in html and "1 done" in html


def test_a_resident_with_no_milestones_is_told_why(world, as_user):
    response = as_user(world.resident).get(reverse("pathway:my_milestones"))
    assert "No milestones yet" in response.content.decode()


@pytest.mark.parametrize("persona", ["coach", "director", "coordinator"])
def test_coach_and_staff_see_a_residents_milestones(persona, world, as_user):
    milestone(world.resident, 5, template__name="Hold the two-day event")

    response = as_user(getattr(world, persona)).get(
        reverse("pathway:resident_milestones", args=[world.resident.pk])
    )

    assert response.status_code == 200
    assert f"Milestones of {world.resident.display_name}" in response.content.decode()
    assert "Hold the two-day event" in response.content.decode()


def test_a_coach_cannot_see_an_unassigned_residents_milestones(world, as_user):
    response = as_user(world.coach).get(
        reverse("pathway:resident_milestones", args=[world.other_resident.pk])
    )
    assert response.status_code == 404


def test_a_resident_cannot_see_another_residents_milestones(world, as_user):
    response = as_user(world.resident).get(
        reverse("pathway:resident_milestones", args=[world.other_resident.pk])
    )
    assert response.status_code == 404


def test_another_programs_director_gets_a_404(world, as_user):
    response = as_user(world.other_director).get(
        reverse("pathway:resident_milestones", args=[world.resident.pk])
    )
    assert response.status_code == 404


def test_a_sponsor_may_not_see_milestones(world, as_user):
    client = as_user(world.sponsor)
    assert client.get(reverse("pathway:my_milestones")).status_code == 403
    url = reverse("pathway:resident_milestones", args=[world.resident.pk])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("name", ["pathway:my_milestones", "pathway:resident_milestones"])
def test_the_timeline_only_answers_get(name, world, as_user):
    args = [] if name == "pathway:my_milestones" else [world.resident.pk]
    response = as_user(world.resident).post(reverse(name, args=args))
    assert response.status_code == 405


@pytest.mark.parametrize("size", [2, 20])
def test_my_milestones_makes_the_same_number_of_queries_for_few_or_many(
    size, world, as_user, django_assert_max_num_queries
):
    for n in range(size):
        milestone(world.resident, n - 5)
    client = as_user(world.resident)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("pathway:my_milestones"))
    assert response.content.decode().count("/milestones/") >= size


@pytest.mark.parametrize("size", [2, 20])
def test_a_residents_timeline_for_staff_makes_the_same_number_of_queries(
    size, world, as_user, django_assert_max_num_queries
):
    for n in range(size):
        milestone(world.resident, n - 5)
    client = as_user(world.director)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("pathway:resident_milestones", args=[world.resident.pk]))
    assert response.status_code == 200


def test_an_event_recorded_by_the_app_shows_the_milestone_done_at_once(world, as_user):
    # No sweep runs: completing the course updates the stored milestone in the same
    # transaction, and the timeline reads the stored state.
    milestone(
        world.resident,
        -3,
        template__name="Complete VMPS for Leaders",
        template__completion_event="vmps_for_leaders_completed",
    )
    vmps_done(world)

    html = as_user(world.resident).get(reverse("pathway:my_milestones")).content.decode()

    assert "Completed VMPS for Leaders on" in html and "1 done" in html and "0 overdue" in html
