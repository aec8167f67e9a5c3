"""A person's page: program staff see who someone is, their roles and resident record."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pathway.models import InterestArea, User
from pathway.people.services import person_deactivate
from tests import factories as f

pytestmark = pytest.mark.django_db


def url(person):
    return reverse("pathway:person_detail", args=[person.pk])


# --- Happy paths -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["director", "coordinator", "superuser"])
def test_program_staff_see_a_residents_page(world, as_user, role):
    profile = world.resident.resident_profile
    profile.areas_of_interest.set([InterestArea.objects.create(name="medication safety")])
    response = as_user(getattr(world, role)).get(url(world.resident))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Rosa Resident" in text
    assert world.resident.email in text
    assert "PGY-2" in text
    assert "Categorical" in text
    assert "medication safety" in text
    assert "Cora Coach" in text
    assert "(current)" in text


def test_the_coaching_history_shows_past_and_current_coaches(world, as_user):
    today = timezone.localdate()
    first = world.resident.resident_profile.coach_assignments.get()
    first.started_on, first.ended_on = today - timedelta(days=200), today - timedelta(days=10)
    first.save()
    new_coach = f.CoachFactory(user__program=world.program, user__full_name="Nia Newcoach").user
    f.CoachAssignmentFactory(resident=world.resident.resident_profile, coach=new_coach)
    text = as_user(world.director).get(url(world.resident)).content.decode()
    assert "Nia Newcoach" in text
    assert "Cora Coach" in text
    assert f"to {first.ended_on:%-d %b %Y}" in text


def test_a_person_with_several_roles_shows_each_role_and_its_details(world, as_user):
    f.SponsorFactory(user=world.director, department="Internal Medicine")
    text = as_user(world.coordinator).get(url(world.director)).content.decode()
    assert "Program director" in text
    assert "Sponsor" in text
    assert "Internal Medicine" in text


def test_a_coachs_page_shows_specialty_and_caseload(world, as_user):
    text = as_user(world.director).get(url(world.coach)).content.decode()
    assert "KPO coach" in text
    assert "Flow" in text
    assert "6 residents" in text


def test_the_coordinator_gets_edit_and_deactivate_buttons(world, as_user):
    text = as_user(world.coordinator).get(url(world.resident)).content.decode()
    assert reverse("pathway:person_edit", args=[world.resident.pk]) in text
    assert ">Deactivate</button>" in text


def test_a_director_gets_no_edit_or_deactivate_buttons(world, as_user):
    text = as_user(world.director).get(url(world.resident)).content.decode()
    assert reverse("pathway:person_edit", args=[world.resident.pk]) not in text
    assert "Deactivate</button>" not in text


def test_the_coordinator_cannot_deactivate_themselves_from_their_page(world, as_user):
    text = as_user(world.coordinator).get(url(world.coordinator)).content.decode()
    assert "Deactivate</button>" not in text


def test_a_deactivated_person_is_marked_and_offered_reactivation(world, as_user):
    person_deactivate(user=world.resident)
    text = as_user(world.coordinator).get(url(world.resident)).content.decode()
    assert "Deactivated" in text
    assert ">Reactivate</button>" in text


def test_the_page_uses_a_fixed_number_of_queries(world, as_user, django_assert_max_num_queries):
    for _ in range(5):
        world.resident.resident_profile.areas_of_interest.add(
            InterestArea.objects.create(name=f"area {_}")
        )
    client = as_user(world.coordinator)
    # session, user, person, areas, coach history, session save (3)
    with django_assert_max_num_queries(8):
        assert client.get(url(world.resident)).status_code == 200


# --- Who may see it --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["resident", "coach", "sponsor"])
def test_residents_coaches_and_sponsors_are_refused(world, as_user, role):
    assert as_user(getattr(world, role)).get(url(world.resident)).status_code == 403


def test_another_programs_director_gets_not_found(world, as_user):
    response = as_user(world.other_director).get(url(world.resident))
    assert response.status_code == 404
    assert "Rosa Resident" not in response.content.decode()


def test_another_programs_coordinator_gets_not_found_for_staff_too(world, as_user):
    assert as_user(world.other_coordinator).get(url(world.director)).status_code == 404


def test_a_person_who_does_not_exist_is_not_found(world, as_user):
    assert as_user(world.director).get(url(User(pk=999_999))).status_code == 404


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get(url(world.resident))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_post_is_not_allowed(world, as_user):
    assert as_user(world.coordinator).post(url(world.resident)).status_code == 405
