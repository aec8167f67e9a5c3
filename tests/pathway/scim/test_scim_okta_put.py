"""Okta's shapes: it creates with POST and updates with PUT, the whole User each time."""

from pathway.models import Role, User
from pathway.people.scim.schema import USER


def okta_user(email="sam.new@hospital.org", **extra):
    body = {
        "schemas": [USER],
        "userName": email,
        "name": {"givenName": "Sam", "familyName": "New"},
        "emails": [{"primary": True, "value": email, "type": "work"}],
        "displayName": "Sam New",
        "locale": "en-US",
        "externalId": "00ujl29u0le5T6Aj10h7",
        "groups": [],
        "password": "never-stored",
        "active": True,
        "roles": [{"value": "sponsor"}],
    }
    body.update(extra)
    return body


def test_okta_creates_a_sponsor(scim, world):
    response = scim.post("/Users", okta_user())

    assert response.status_code == 201, response.content
    user = User.objects.get(email="sam.new@hospital.org")
    assert (user.full_name, user.roles) == ("Sam New", {Role.SPONSOR})
    assert not user.has_usable_password()


def test_okta_replaces_the_whole_user_with_put(scim, world):
    user_id = scim.post("/Users", okta_user(nickName="Sammy", title="Nurse manager")).json()["id"]

    response = scim.put(
        f"/Users/{user_id}",
        okta_user(
            displayName="Samantha New-Jones",
            name={"givenName": "Samantha", "familyName": "New-Jones"},
            title="Director of nursing",
        ),
    )

    assert response.status_code == 200, response.content
    user = User.objects.get(pk=user_id)
    assert user.full_name == "Samantha New-Jones"
    assert user.title == "Director of nursing"
    assert user.preferred_name == ""  # a PUT leaves out what is no longer there
    assert response.json()["nickName"] == ""


def test_a_put_without_roles_keeps_the_persons_roles_and_resident_record(scim, world):
    resident = world.resident
    profile = resident.resident_profile
    before = (profile.pathway_status, profile.residency_start, profile.track)

    response = scim.put(
        f"/Users/{resident.pk}",
        {"schemas": [USER], "userName": resident.email, "displayName": "Rosa Resident-Diaz"},
    )

    assert response.status_code == 200, response.content
    resident = User.objects.with_roles().get(pk=resident.pk)
    assert resident.full_name == "Rosa Resident-Diaz"
    assert resident.roles == {Role.RESIDENT}
    profile = resident.resident_profile
    assert (profile.pathway_status, profile.residency_start, profile.track) == before


def test_okta_deactivates_with_a_put_of_active_false(scim, world):
    user_id = scim.post("/Users", okta_user()).json()["id"]

    response = scim.put(f"/Users/{user_id}", okta_user(active=False))

    assert response.json()["active"] is False
    assert not User.objects.get(pk=user_id).is_active
