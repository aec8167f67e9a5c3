"""Deactivate and reactivate: a deactivated person cannot sign in; their records stay."""

import pytest
from django.urls import reverse

from mentoring.models import CoachAssignment
from pathway.models import ResidentProfile, User
from tests import factories as f
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def url(person):
    return reverse("pathway:person_set_active", args=[person.pk])


def deactivate(client, person):
    return client.post(url(person))


def reactivate(client, person):
    return client.post(url(person), {"active": "1"})


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("login"), {"username": email, "password": password})


def fresh(person):
    return User.objects.get(pk=person.pk)


# --- Deactivate ------------------------------------------------------------------------------


def test_coordinator_deactivates_a_resident_and_their_records_stay(world, as_user):
    response = deactivate(as_user(world.coordinator), world.resident)
    assert response.status_code == 302
    assert response.url == reverse("pathway:person_detail", args=[world.resident.pk])
    person = fresh(world.resident)
    assert not person.is_active
    assert person.deactivated_at is not None
    assert ResidentProfile.objects.filter(user=person).exists()
    assert CoachAssignment.objects.filter(resident__user=person).exists()


def test_the_coordinator_is_told_what_deactivation_means(world, as_user):
    response = as_user(world.coordinator).post(url(world.resident), follow=True)
    assert (
        "Rosa Resident was deactivated: they cannot sign in; records stay."
        in response.content.decode()
    )


def test_a_deactivated_person_cannot_sign_in_through_the_form(world, as_user, client):
    deactivate(as_user(world.coordinator), world.resident)
    client.logout()
    response = sign_in(client, world.resident.email)
    assert response.status_code == 200
    assert "Please enter a correct email address and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_deactivated_persons_open_session_ends(world, client):
    client.force_login(world.resident)
    assert client.get(reverse("home")).status_code == 200
    User.objects.filter(pk=world.resident.pk).update(is_active=False)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_coordinator_cannot_deactivate_themselves(world, as_user):
    response = as_user(world.coordinator).post(url(world.coordinator), follow=True)
    assert "You cannot deactivate your own account." in response.content.decode()
    assert fresh(world.coordinator).is_active


def test_a_coordinator_deactivates_a_fellow_coordinator(world, as_user):
    colleague = f.CoordinatorFactory(user__program=world.program).user
    deactivate(as_user(world.coordinator), colleague)
    assert not fresh(colleague).is_active


# --- Reactivate ------------------------------------------------------------------------------


def test_reactivation_lets_the_person_sign_in_again(world, as_user, client):
    coordinator = as_user(world.coordinator)
    deactivate(coordinator, world.resident)
    response = reactivate(coordinator, world.resident)
    assert response.status_code == 302
    person = fresh(world.resident)
    assert person.is_active
    assert person.deactivated_at is None
    client.logout()
    signed_in = sign_in(client, world.resident.email)
    assert signed_in.status_code == 302
    assert signed_in.url == reverse("home")


def test_the_coordinator_is_told_the_person_can_sign_in_again(world, as_user):
    client = as_user(world.coordinator)
    deactivate(client, world.resident)
    response = client.post(url(world.resident), {"active": "1"}, follow=True)
    assert "Rosa Resident can sign in again." in response.content.decode()


def test_superuser_deactivates_anyone(world, as_user):
    deactivate(as_user(world.superuser), world.other_director)
    assert not fresh(world.other_director).is_active


# --- Who may do it ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["resident", "coach", "sponsor", "director"])
def test_everyone_but_coordinators_is_refused(world, as_user, role):
    assert deactivate(as_user(getattr(world, role)), world.other_resident).status_code == 403
    assert fresh(world.other_resident).is_active


def test_another_programs_coordinator_gets_not_found(world, as_user):
    assert deactivate(as_user(world.other_coordinator), world.resident).status_code == 404
    assert fresh(world.resident).is_active


def test_anonymous_is_sent_to_sign_in(world, client):
    response = deactivate(client, world.resident)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert fresh(world.resident).is_active


def test_get_is_not_allowed(world, as_user):
    assert as_user(world.coordinator).get(url(world.resident)).status_code == 405
    assert fresh(world.resident).is_active
