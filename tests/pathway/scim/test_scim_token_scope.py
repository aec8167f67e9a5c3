"""A SCIM token is its program's: without one, with a wrong or revoked one, the answer is 401;
with another program's, this program's people do not exist."""

import pytest

from pathway.models import ScimToken, User
from pathway.people.scim.tokens import scim_token_revoke
from pathway.people.services import api_token_create
from tests.pathway.scim.conftest import Scim, token_for


@pytest.mark.parametrize(
    "header",
    [None, "Bearer qipscim_wrong", "Bearer", "Token abc", "Bearer " + "x" * 300],
    ids=["none", "wrong", "empty", "other scheme", "too long"],
)
def test_without_a_valid_token_the_answer_is_a_scim_401(client, world, header):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}

    response = client.get("/scim/v2/Users", **headers)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="scim"'
    assert response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert response.json()["status"] == "401"


def test_a_revoked_token_is_refused(client, world):
    raw = token_for(world.program, world.director)
    scim_token_revoke(token=ScimToken.objects.get())

    assert Scim(client, raw).get("/Users").status_code == 401


def test_a_personal_api_token_is_not_a_scim_token(client, world):
    raw = api_token_create(user=world.director, name="warehouse")[1]

    assert Scim(client, raw).get("/Users").status_code == 401


def test_another_programs_token_sees_none_of_this_programs_people(other_scim, world):
    listed = other_scim.get("/Users").json()

    emails = {user["userName"] for user in listed["Resources"]}
    assert world.resident.email not in emails
    assert world.other_director.email in emails
    found = other_scim.get("/Users", {"filter": f'userName eq "{world.resident.email}"'}).json()
    assert found["totalResults"] == 0
    assert other_scim.get(f"/Users/{world.resident.pk}").status_code == 404


def test_another_programs_token_changes_none_of_this_programs_people(other_scim, world):
    patched = other_scim.patch(
        f"/Users/{world.resident.pk}", {"op": "Replace", "path": "active", "value": "False"}
    )
    deleted = other_scim.delete(f"/Users/{world.coach.pk}")

    assert (patched.status_code, deleted.status_code) == (404, 404)
    assert patched.json()["detail"] == f"There is no user {world.resident.pk} in this program."
    assert User.objects.get(pk=world.resident.pk).is_active
    assert User.objects.get(pk=world.coach.pk).is_active


def test_a_token_creates_people_in_its_own_program(other_scim, world):
    response = other_scim.post(
        "/Users", {"userName": "x@other.org", "displayName": "X Y", "roles": ["coach"]}
    )

    assert response.status_code == 201
    assert User.objects.get(email="x@other.org").program == world.other_program
