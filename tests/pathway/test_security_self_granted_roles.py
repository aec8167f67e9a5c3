"""Item 2 of the security review: nobody grants themselves a role, only a director or a site
administrator grants director or coordinator, and a roster import cannot raise a role beyond
what the importer may grant."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathway.models import Role, User
from pathway.people.forms import PersonForm

pytestmark = pytest.mark.django_db


def form_data(person, **changes):
    data = {k: v for k, v in PersonForm.initial_for(person).items() if v not in (None, False)}
    data.update(changes)
    return data


def edit(client, person, **changes):
    return client.post(
        reverse("pathway:person_edit", args=[person.pk]), form_data(person, **changes)
    )


def roles_of(user):
    return User.objects.get(pk=user.pk).roles


def roster(client, text):
    file = SimpleUploadedFile("roster.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("pathway:roster_import"), {"file": file})


def test_a_coordinator_cannot_make_themselves_director_on_their_own_form(world, as_user):
    edit(as_user(world.coordinator), world.coordinator, roles=["coordinator", "director"])
    assert roles_of(world.coordinator) == {Role.COORDINATOR}


def test_a_coordinator_cannot_make_themselves_director_by_a_roster_row(world, as_user):
    text = (
        f"email,full_name,roles\n{world.coordinator.email},Cole Coordinator,coordinator;director\n"
    )
    response = roster(as_user(world.coordinator), text)
    assert response.status_code == 200
    assert "director" in response.content.decode().lower()
    assert roles_of(world.coordinator) == {Role.COORDINATOR}


def test_a_roster_cannot_add_a_new_director(world, as_user):
    roster(as_user(world.coordinator), "email,full_name,roles\nnew@example.org,New One,director\n")
    assert not User.objects.filter(email="new@example.org").exists()


def test_a_coordinator_cannot_grant_the_director_or_coordinator_role(world, as_user):
    client = as_user(world.coordinator)
    edit(client, world.coach, roles=["coach", "director"])
    edit(client, world.sponsor, roles=["sponsor", "coordinator"])
    assert roles_of(world.coach) == {Role.COACH}
    assert roles_of(world.sponsor) == {Role.SPONSOR}


def test_a_coordinator_cannot_add_a_director(world, as_user):
    data = {"full_name": "New Boss", "email": "boss@example.org", "roles": ["director"]}
    response = as_user(world.coordinator).post(reverse("pathway:person_add"), data)
    assert response.status_code == 200
    assert not User.objects.filter(email="boss@example.org").exists()


def test_a_director_who_coordinates_grants_the_coordinator_role(world, as_user):
    from tests import factories as f

    f.CoordinatorFactory(user=world.director)
    response = edit(as_user(world.director), world.coach, roles=["coach", "coordinator"])
    assert response.status_code == 302
    assert roles_of(world.coach) == {Role.COACH, Role.COORDINATOR}


def test_a_coordinator_still_grants_coach_and_sponsor(world, as_user):
    response = edit(as_user(world.coordinator), world.coach, roles=["coach", "sponsor"])
    assert response.status_code == 302
    assert roles_of(world.coach) == {Role.COACH, Role.SPONSOR}
