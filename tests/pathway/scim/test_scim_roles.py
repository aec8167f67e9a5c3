"""The roster import's role rules: a SCIM token grants what a coordinator may (resident, coach,
sponsor), never director or coordinator, and never touches a site administrator."""

import pytest

from pathway.models import PathwayStatus, Role, User
from tests import factories as f
from tests.pathway.scim.conftest import entra_user, resident_user


@pytest.mark.parametrize("role", ["director", "coordinator"])
def test_a_token_cannot_create_a_director_or_coordinator(scim, world, role):
    users = User.objects.count()

    response = scim.post("/Users", entra_user(roles=[{"value": role}]))

    assert response.status_code == 403
    assert "only a program director or site administrator" in response.json()["detail"]
    assert User.objects.count() == users


@pytest.mark.parametrize(
    "persona, operation, roles",
    [
        (
            "coach",
            {"op": "Add", "path": "roles", "value": [{"value": "coordinator"}]},
            {Role.COACH},
        ),
        ("director", {"op": "Replace", "path": "roles", "value": ["coach"]}, {Role.DIRECTOR}),
    ],
    ids=["make a coach a coordinator", "take the director role away"],
)
def test_a_token_cannot_give_or_take_the_directors_roles(scim, world, persona, operation, roles):
    person = getattr(world, persona)

    response = scim.patch(f"/Users/{person.pk}", operation)

    assert response.status_code == 403
    assert "grants resident, coach and sponsor only" in response.json()["detail"]
    assert User.objects.get(pk=person.pk).roles == roles


def test_a_directors_name_and_title_follow_the_identity_provider(scim, world):
    response = scim.patch(
        f"/Users/{world.director.pk}",
        {"op": "Replace", "path": "title", "value": "Program director, internal medicine"},
    )

    assert response.status_code == 200
    assert User.objects.get(pk=world.director.pk).title == "Program director, internal medicine"
    assert response.json()["roles"][0]["value"] == "director"


def test_a_resident_is_created_with_the_residency_dates_of_the_extension(scim, world):
    response = scim.post("/Users", resident_user())

    assert response.status_code == 201, response.content
    user = User.objects.with_roles().get(email="rex.new@hospital.org")
    profile = user.resident_profile
    assert str(profile.residency_start) == "2026-07-01"
    assert profile.pathway_status == PathwayStatus.NOT_ENROLLED
    assert response.json()["urn:ietf:params:scim:schemas:extension:qipathway:2.0:User"] == {
        "residencyStart": "2026-07-01",
        "expectedGraduation": "2029-06-30",
        "track": "categorical",
    }


def test_a_resident_without_residency_dates_is_refused_naming_the_attribute(scim, world):
    response = scim.post("/Users", entra_user(roles=[{"value": "resident"}]))

    assert response.status_code == 400
    assert response.json()["scimType"] == "invalidValue"
    assert (
        "qipathway:2.0:User:residencyStart is required for a resident" in response.json()["detail"]
    )
    assert not User.objects.filter(email="jane.doe@hospital.org").exists()


def test_the_resident_role_is_never_removed_by_provisioning(scim, world):
    response = scim.patch(
        f"/Users/{world.resident.pk}",
        {"op": "Add", "path": "roles", "value": [{"value": "coach"}]},
        {"op": "Remove", "path": 'roles[value eq "resident"]'},
    )

    assert response.status_code == 400
    assert "Deactivate the person instead" in response.json()["detail"]
    assert Role.RESIDENT in User.objects.with_roles().get(pk=world.resident.pk).roles


def test_site_administrators_are_out_of_a_tokens_reach(scim, world):
    admin = f.UserFactory(program=world.program, is_staff=True, email="it@hospital.org")

    listed = scim.get("/Users", {"filter": 'userName eq "it@hospital.org"'}).json()
    assert listed["totalResults"] == 0
    assert (
        scim.patch(
            f"/Users/{admin.pk}", {"op": "Replace", "path": "active", "value": False}
        ).status_code
        == 404
    )
    assert User.objects.get(pk=admin.pk).is_active
