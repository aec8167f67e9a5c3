"""A KPO coach's caseload page: the residents they coach now, with the facts that need care."""

import pytest
from django.urls import reverse

from mentoring.models import CoachAssignment
from tests import factories as f
from tests.mentoring.helpers import text_of

URL = reverse("mentoring:caseload")


def test_a_coach_sees_the_residents_they_coach_now_with_last_contact_and_actions(world, as_user):
    profile = world.resident.resident_profile
    session = f.CoachingSessionFactory(resident=profile, coach=world.coach, held_on=f.days_ago(4))
    f.CoachingActionFactory(session=session, due_on=f.days_ago(1))
    f.CoachingActionFactory(session=session, due_on=f.days_ago(-5))

    page = text_of(as_user(world.coach).get(URL))

    assert "My caseload" in page
    assert "1 resident of a capacity of 6" in page
    assert "Rosa Resident" in page
    assert f"{f.days_ago(4):%-d %b %Y}" in page
    assert "2 open 1 overdue" in page
    assert "Otto Other" not in page


def test_past_residents_are_not_on_the_caseload(world, as_user):
    CoachAssignment.objects.filter(resident__user=world.resident).update(ended_on=f.days_ago(0))
    page = text_of(as_user(world.coach).get(URL))
    assert "Rosa Resident" not in page
    assert "No residents are assigned to you yet." in page


def test_an_over_capacity_caseload_says_so(world, as_user):
    world.coach.coach_profile.caseload_capacity = 0
    world.coach.coach_profile.save()
    assert "over capacity" in text_of(as_user(world.coach).get(URL))


@pytest.mark.parametrize("persona", ["director", "coordinator"])
def test_program_staff_open_any_coachs_caseload(world, as_user, persona):
    url = reverse("mentoring:coach_caseload", args=[world.coach.pk])
    page = text_of(as_user(getattr(world, persona)).get(url))
    assert "Cora Coach's caseload" in page and "Rosa Resident" in page


def test_staff_of_another_program_get_a_404_for_a_coach(world, as_user):
    url = reverse("mentoring:coach_caseload", args=[world.coach.pk])
    assert as_user(world.other_director).get(url).status_code == 404


def test_a_person_who_is_not_a_coach_has_no_caseload_page(world, as_user):
    url = reverse("mentoring:coach_caseload", args=[world.sponsor.pk])
    assert as_user(world.director).get(url).status_code == 404


@pytest.mark.parametrize("persona", ["resident", "sponsor", "director", "coordinator"])
def test_only_coaches_have_a_caseload_of_their_own(world, as_user, persona):
    assert as_user(getattr(world, persona)).get(URL).status_code == 403


def test_a_coach_cannot_open_another_coachs_caseload(world, as_user):
    other = f.coach_in(world.program)
    url = reverse("mentoring:coach_caseload", args=[other.pk])
    assert as_user(world.coach).get(url).status_code == 403


@pytest.mark.parametrize("method", ["post", "delete"])
def test_only_get_is_allowed(world, as_user, method):
    assert getattr(as_user(world.coach), method)(URL).status_code == 405


@pytest.mark.parametrize("rows", [2, 20])
def test_the_query_count_does_not_grow_with_rows(
    world, as_user, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        resident = f.ResidentFactory(program=world.program, pgy=2)
        f.CoachAssignmentFactory(resident=resident, coach=world.coach)
        session = f.CoachingSessionFactory(resident=resident, coach=world.coach)
        f.CoachingActionFactory(session=session)
        f.MentoringMeetingFactory(
            mentorship=f.PeerMentorshipFactory(
                mentor=f.MentorFactory(program=world.program), mentee=resident
            )
        )
    client = as_user(world.coach)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert len(response.context["residents"]) == rows + 1


def test_last_contact_is_counted_in_days_not_hours_since_midnight(world, as_user):
    """A report submitted two minutes ago is contact "today", not "7 hours, 7 minutes ago"."""
    f.ProgressReportFactory(resident=world.resident.resident_profile, submitted=True, waited=0)
    page = text_of(as_user(world.coach).get(URL))
    assert "today" in page
    assert "hour" not in page and "minute" not in page


@pytest.mark.parametrize(("held", "words"), [(1, "yesterday"), (4, "4 days ago")])
def test_older_contact_says_how_many_days_ago(held, words, world, as_user):
    profile = world.resident.resident_profile
    f.CoachingSessionFactory(resident=profile, coach=world.coach, held_on=f.days_ago(held))
    page = text_of(as_user(world.coach).get(URL))
    assert words in page
    assert "hour" not in page
