"""Each role's home page: who you are, your roles, and where your work is."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import CoachAssignment
from pathway.models import PathwayStatus
from pathway.people.services import person_deactivate
from tests import factories as f

pytestmark = pytest.mark.django_db
URL = reverse("home")


def home(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response


def text(response):
    return response.content.decode()


def badges(response):
    return response.context["roles"]


# --- Residents -------------------------------------------------------------------------------


def test_a_resident_sees_their_name_role_level_and_coach(world, as_user):
    response = home(as_user(world.resident))
    page = text(response)
    assert "Welcome, Rosa" in page
    assert badges(response) == ["Resident"]
    assert "Your pathway" in page
    assert "PGY-2" in page
    assert "Cora Coach" in page
    assert "Residents you coach" not in page
    assert "at a glance" not in page


def test_a_resident_without_a_coach_is_told_so(world, as_user):
    assert "Not assigned yet" in text(home(as_user(world.other_resident)))


def test_a_resident_sees_only_their_current_coach_after_a_handover(world, as_user):
    today = timezone.localdate()
    CoachAssignment.objects.filter(resident__user=world.resident).update(
        ended_on=today - timedelta(days=1)
    )
    new_coach = f.CoachFactory(user__program=world.program, user__full_name="Nia Newcoach").user
    f.CoachAssignmentFactory(resident=world.resident.resident_profile, coach=new_coach)
    page = text(home(as_user(world.resident)))
    assert "Nia Newcoach" in page
    assert "Cora Coach" not in page


def test_the_preferred_name_is_used_in_the_welcome(world, as_user):
    world.resident.preferred_name = "Rosie"
    world.resident.save()
    assert "Welcome, Rosie" in text(home(as_user(world.resident)))


# --- KPO coaches -----------------------------------------------------------------------------


def test_a_coach_sees_their_current_coachees_only(world, as_user):
    former = f.ResidentFactory(program=world.program, user__full_name="Fern Former")
    f.CoachAssignmentFactory(
        resident=former,
        coach=world.coach,
        started_on=timezone.localdate() - timedelta(days=100),
        ended_on=timezone.localdate() - timedelta(days=1),
    )
    response = home(as_user(world.coach))
    page = text(response)
    assert "Welcome, Cora" in page
    assert badges(response) == ["KPO coach"]
    assert "Residents you coach" in page
    assert [row.resident.user for row in response.context["coach"]["caseload"]] == [world.resident]
    assert "Rosa Resident" in page
    assert "PGY-2" in page
    assert "Otto Other" not in page
    assert "Fern Former" not in page
    assert "at a glance" not in page


def test_a_coach_with_nobody_assigned_is_told_so(world, as_user):
    lonely = f.CoachFactory(user__program=world.program).user
    assert "No residents are assigned to you yet." in text(home(as_user(lonely)))


# --- Sponsors --------------------------------------------------------------------------------


def test_a_sponsor_sees_their_role_and_the_sponsorship_section(world, as_user):
    response = home(as_user(world.sponsor))
    page = text(response)
    assert "Welcome, Sam" in page
    assert badges(response) == ["Sponsor"]
    assert "Sponsorship" in page
    assert "Rosa Resident" not in page
    assert "at a glance" not in page


# --- Program staff ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "label"), [("director", "Program director"), ("coordinator", "Coordinator")]
)
def test_program_staff_see_counts_for_their_own_program_only(world, as_user, role, label):
    f.ResidentFactory.create_batch(3, program=world.other_program)
    f.CoachFactory(user__program=world.other_program)
    f.ResidentFactory(program=world.program, pathway_status=PathwayStatus.APPLICANT)
    person_deactivate(user=f.ResidentFactory(program=world.program).user)
    response = home(as_user(getattr(world, role)))
    assert badges(response) == [label]
    assert response.context["counts"] == {"residents": 3, "in_pathway": 2, "staff": 4}
    page = text(response)
    assert "Virginia Mason Internal Medicine" in page
    assert "at a glance" in page


def test_only_the_coordinator_gets_the_import_link(world, as_user):
    roster = reverse("pathway:roster_import")
    assert roster in text(home(as_user(world.coordinator)))
    assert roster not in text(home(as_user(world.director)))


def test_the_other_programs_director_sees_their_own_counts(world, as_user):
    f.ResidentFactory(program=world.other_program)
    response = home(as_user(world.other_director))
    assert response.context["counts"] == {"residents": 1, "in_pathway": 1, "staff": 2}


def test_a_person_with_several_roles_sees_each_role_and_section(world, as_user):
    f.SponsorFactory(user=world.director)
    response = home(as_user(world.director))
    assert badges(response) == ["Sponsor", "Program director"]
    page = text(response)
    assert "Sponsorship" in page
    assert "at a glance" in page


def test_the_superuser_sees_counts_for_every_program(world, as_user):
    f.ResidentFactory(program=world.other_program)
    response = home(as_user(world.superuser))
    assert badges(response) == ["Site administrator"]
    assert response.context["counts"]["residents"] == 3
    assert "All programs" in text(response)


def test_someone_without_a_role_is_told_to_ask_the_coordinator(world, as_user):
    nobody = f.UserFactory(program=world.program, full_name="Ned Nobody")
    assert "No role yet: ask your program coordinator." in text(home(as_user(nobody)))


# --- Access ----------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


def test_post_is_not_allowed(world, as_user):
    assert as_user(world.resident).post(URL).status_code == 405


# --- Query count -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["director", "coordinator"])
@pytest.mark.parametrize("count", [3, 30])
def test_the_program_staffs_home_uses_the_same_number_of_queries_for_any_program_size(
    world, as_user, persona, count, django_assert_max_num_queries
):
    f.ResidentFactory.create_batch(count, program=world.program)
    f.SponsorFactory.create_batch(count, user__program=world.program)
    client = as_user(getattr(world, persona))
    # session, user, the residents and those in the pathway (1), staff (1), session save (3);
    # "Waiting on you" (tests/pathway/dashboards/test_waiting_queries.py): 12 for the director
    # (the stage requests awaiting approval among them), 5 for the coordinator
    with django_assert_max_num_queries({"director": 19, "coordinator": 12}[persona]):
        home(client)


@pytest.mark.parametrize("count", [3, 30])
def test_the_coachs_home_uses_the_same_number_of_queries_for_any_caseload(
    world, as_user, count, django_assert_max_num_queries
):
    for profile in f.ResidentFactory.create_batch(count, program=world.program):
        f.CoachAssignmentFactory(resident=profile, coach=world.coach)
    client = as_user(world.coach)
    # session, user, the coach's dashboard (tests/pathway/test_home_coach.py), session save (3)
    # 15: the at-risk verdict reads its five tables (it replaced the stalled query). "Waiting on
    # you": 3 more (its reports and coachees are the dashboard's).
    with django_assert_max_num_queries(17):
        response = home(client)
    assert len(response.context["coach"]["caseload"]) == count + 1


def test_the_residents_home_uses_a_fixed_number_of_queries(
    world, as_user, django_assert_max_num_queries
):
    client = as_user(world.resident)
    # session, user, the resident's dashboard (tests/pathway/test_home_resident.py), session
    # save (3); "Waiting on you": 4 more.
    with django_assert_max_num_queries(29):
        home(client)
