"""A resident's coaching record: their coach, coach history, sessions and open actions."""

import pytest
from django.urls import reverse

from mentoring.services import coach_assign
from tests import factories as f
from tests.mentoring.helpers import text_of


def url(profile):
    return reverse("mentoring:resident_coaching", args=[profile.pk])


def test_the_resident_sees_their_coach_sessions_and_open_actions(world, as_user):
    profile = world.resident.resident_profile
    session = f.CoachingSessionFactory(resident=profile, coach=world.coach, notes="Good start.")
    f.CoachingActionFactory(session=session, description="Overdue thing", due_on=f.days_ago(2))
    f.CoachingActionFactory(
        session=session, description="Finished thing", completed_on=f.days_ago(1)
    )

    page = text_of(as_user(world.resident).get(url(profile)))

    assert "My KPO coaching" in page
    assert "coached by Cora Coach" in page
    assert "Good start." in page
    assert "Overdue thing" in page and "overdue" in page
    open_part = page.split("Open agreed actions")[1].split("Coaching sessions")[0]
    assert "Finished thing" not in open_part


def test_the_coach_history_is_shown_after_a_reassignment(world, as_user):
    profile = world.resident.resident_profile
    profile.coach_assignments.update(started_on=f.days_ago(50))
    coach_assign(
        resident=profile,
        coach=f.coach_in(world.program, user__full_name="Ned Next"),
        started_on=f.days_ago(1),
        assigned_by=world.director,
    )
    page = text_of(as_user(world.director).get(url(profile)))
    assert "coached by Ned Next" in page
    assert "History" in page and "Cora Coach" in page


def test_the_current_coach_gets_the_log_button_staff_the_change_button(world, as_user):
    profile = world.resident.resident_profile
    log = reverse("mentoring:session_add", args=[profile.pk])
    change = reverse("mentoring:coach_assign", args=[profile.pk])
    coach_page = as_user(world.coach).get(url(profile)).content.decode()
    assert log in coach_page and change not in coach_page
    staff_page = as_user(world.coordinator).get(url(profile)).content.decode()
    assert log not in staff_page and change in staff_page


def test_a_resident_cannot_open_another_residents_record(world, as_user):
    response = as_user(world.other_resident).get(url(world.resident.resident_profile))
    assert response.status_code == 404


def test_a_former_coach_cannot_open_the_record(world, as_user):
    profile = world.resident.resident_profile
    profile.coach_assignments.update(ended_on=f.days_ago(0))
    assert as_user(world.coach).get(url(profile)).status_code == 404


def test_staff_of_another_program_get_a_404(world, as_user):
    response = as_user(world.other_coordinator).get(url(world.resident.resident_profile))
    assert response.status_code == 404


def test_a_sponsor_is_refused(world, as_user):
    assert as_user(world.sponsor).get(url(world.resident.resident_profile)).status_code == 403


def test_post_is_not_allowed(world, as_user):
    assert as_user(world.resident).post(url(world.resident.resident_profile)).status_code == 405


@pytest.mark.parametrize("rows", [2, 20])
def test_the_query_count_does_not_grow_with_sessions(
    world, as_user, rows, django_assert_max_num_queries
):
    profile = world.resident.resident_profile
    for _ in range(rows):
        session = f.CoachingSessionFactory(resident=profile, coach=world.coach)
        f.PrivateCoachingNoteFactory(session=session)
        f.CoachingActionFactory(session=session)
    client = as_user(world.director)
    with django_assert_max_num_queries(11):
        response = client.get(url(profile))
    assert len(response.context["sessions"]) == rows
