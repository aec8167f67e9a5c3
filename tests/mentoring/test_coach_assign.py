"""Directors and coordinators assign a KPO coach; history is kept and exactly one is current."""

import pytest
from django.urls import reverse

from mentoring.models import CoachAssignment
from tests import factories as f
from tests.mentoring.helpers import messages_of, text_of


def url(resident):
    return reverse("mentoring:coach_assign", args=[resident.pk])


@pytest.fixture
def newcomer(world):
    return f.ResidentFactory(program=world.program, pgy=1)


@pytest.mark.parametrize("persona", ["director", "coordinator"])
def test_program_staff_assign_a_coach_to_a_resident_without_one(world, as_user, newcomer, persona):
    client = as_user(getattr(world, persona))
    assert "Cora Coach — 1 of 6 residents" in text_of(client.get(url(newcomer)))

    response = client.post(url(newcomer), {"coach": world.coach.pk, "started_on": f.days_ago(1)})

    assert response.status_code == 302
    assignment = CoachAssignment.objects.get(resident=newcomer)
    assert (assignment.coach, assignment.started_on, assignment.ended_on) == (
        world.coach,
        f.days_ago(1),
        None,
    )
    assert assignment.assigned_by == getattr(world, persona)


def test_reassigning_ends_the_previous_assignment_and_keeps_the_history(world, as_user):
    profile = world.resident.resident_profile
    CoachAssignment.objects.filter(resident=profile).update(started_on=f.days_ago(100))
    other_coach = f.coach_in(world.program, user__full_name="Nina New")

    response = as_user(world.director).post(
        url(profile), {"coach": other_coach.pk, "started_on": f.days_ago(2)}, follow=True
    )

    history = list(profile.coach_assignments.order_by("started_on"))
    assert [(a.coach, a.started_on, a.ended_on) for a in history] == [
        (world.coach, f.days_ago(100), f.days_ago(2)),
        (other_coach, f.days_ago(2), None),
    ]
    assert profile.coach_assignments.current().count() == 1
    assert messages_of(response, "success") == [
        "Nina New is now Rosa Resident's KPO coach; Cora Coach's assignment ended."
    ]


def test_going_over_capacity_warns_but_still_assigns(world, as_user):
    world.coach.coach_profile.caseload_capacity = 1
    world.coach.coach_profile.save()
    newcomer = f.ResidentFactory(program=world.program, pgy=1)

    response = as_user(world.coordinator).post(
        url(newcomer), {"coach": world.coach.pk, "started_on": f.days_ago(0)}, follow=True
    )

    assert CoachAssignment.objects.current().filter(resident=newcomer, coach=world.coach).exists()
    assert messages_of(response, "warning") == [
        "Cora Coach now coaches 2 residents, more than their caseload capacity of 1. "
        "Consider another coach or raise the capacity."
    ]


def test_within_capacity_there_is_no_warning(world, as_user, newcomer):
    response = as_user(world.director).post(
        url(newcomer), {"coach": world.coach.pk, "started_on": f.days_ago(0)}, follow=True
    )
    assert messages_of(response, "warning") == []


def test_a_full_coach_is_labelled_full_in_the_choices(world, as_user, newcomer):
    world.coach.coach_profile.caseload_capacity = 1
    world.coach.coach_profile.save()
    page = text_of(as_user(world.director).get(url(newcomer)))
    assert "Cora Coach — 1 of 1 residents (full)" in page


def test_the_same_coach_again_is_refused_with_a_clear_message(world, as_user):
    profile = world.resident.resident_profile
    response = as_user(world.director).post(
        url(profile), {"coach": world.coach.pk, "started_on": f.days_ago(0)}
    )
    assert response.status_code == 200
    assert "Cora Coach is already Rosa Resident's KPO coach." in text_of(response)
    assert profile.coach_assignments.count() == 1


def test_a_new_coach_cannot_start_before_the_current_one_did(world, as_user):
    profile = world.resident.resident_profile
    CoachAssignment.objects.filter(resident=profile).update(started_on=f.days_ago(10))
    other_coach = f.coach_in(world.program)

    response = as_user(world.director).post(
        url(profile), {"coach": other_coach.pk, "started_on": f.days_ago(20)}
    )

    assert "The new coach cannot start before Cora Coach did" in text_of(response)
    assert profile.coach_assignments.get().coach == world.coach


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"started_on": "2026-01-01"}, "This field is required."),
        ({"coach": "999999", "started_on": "2026-01-01"}, "Select a valid choice."),
        ({"coach": "COACH", "started_on": "not a date"}, "Enter a valid date."),
    ],
)
def test_invalid_input_shows_an_error_and_saves_nothing(world, as_user, newcomer, data, message):
    if data.get("coach") == "COACH":
        data["coach"] = world.coach.pk
    response = as_user(world.director).post(url(newcomer), data)
    assert response.status_code == 200
    assert message in text_of(response)
    assert "Nothing was saved" in text_of(response)
    assert not CoachAssignment.objects.filter(resident=newcomer).exists()


def test_a_future_start_date_is_refused(world, as_user, newcomer):
    response = as_user(world.director).post(
        url(newcomer), {"coach": world.coach.pk, "started_on": f.days_ago(-3)}
    )
    assert "The start date cannot be in the future." in text_of(response)
    assert not CoachAssignment.objects.filter(resident=newcomer).exists()


def test_a_coach_of_another_program_is_not_offered(world, as_user, newcomer):
    elsewhere = f.coach_in(world.other_program)
    response = as_user(world.director).post(
        url(newcomer), {"coach": elsewhere.pk, "started_on": f.days_ago(0)}
    )
    assert "Select a valid choice." in text_of(response)
    assert not CoachAssignment.objects.filter(resident=newcomer).exists()


def test_staff_of_another_program_get_a_404(world, as_user, newcomer):
    client = as_user(world.other_director)
    assert client.get(url(newcomer)).status_code == 404
    assert client.post(url(newcomer), {"coach": world.coach.pk}).status_code == 404
    assert not CoachAssignment.objects.filter(resident=newcomer).exists()


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor"])
def test_other_roles_are_refused(world, as_user, newcomer, persona):
    response = as_user(getattr(world, persona)).post(
        url(newcomer), {"coach": world.coach.pk, "started_on": f.days_ago(0)}
    )
    assert response.status_code == 403
    assert not CoachAssignment.objects.filter(resident=newcomer).exists()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_http_methods_are_not_allowed(world, as_user, newcomer, method):
    assert getattr(as_user(world.director), method)(url(newcomer)).status_code == 405


def test_the_database_allows_one_current_coach_per_resident(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CoachAssignment.objects.create(
            resident=world.resident.resident_profile,
            coach=f.coach_in(world.program),
            started_on=f.days_ago(0),
        )
