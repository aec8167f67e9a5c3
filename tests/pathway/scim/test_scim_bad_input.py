"""Bad input gets SCIM's error shape with a detail a person can act on, and saves nothing."""

import pytest

from pathway.models import User
from tests.pathway.scim.conftest import entra_user

ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


def refused(response, status, scim_type, words):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["schemas"] == [ERROR]
    assert body["status"] == str(status)
    assert body.get("scimType") == scim_type
    assert words in body["detail"]


@pytest.mark.parametrize(
    "body, scim_type, words",
    [
        ("{not json", "invalidSyntax", "not valid JSON"),
        ("[1, 2]", "invalidSyntax", "must be a JSON object"),
        (entra_user(active="maybe"), "invalidValue", 'active must be true or false, not "maybe"'),
        (
            entra_user(userName="not-an-email"),
            "invalidValue",
            "userName 'not-an-email' is not a valid",
        ),
        (
            entra_user(displayName="x" * 201, name={}),
            "invalidValue",
            "displayName is longer than 200",
        ),
        (entra_user(roles=[{"value": "boss"}]), "invalidValue", "role 'boss' is not one of"),
        (entra_user(roles=[]), "invalidValue", "roles is empty (give resident, coach or sponsor)"),
        (entra_user(roles=[{"value": 7}]), "invalidValue", 'Give each role as {"value": "<role>"}'),
        (entra_user(title=["a"]), "invalidValue", 'title must be text, not ["a"]'),
        (entra_user(name="Jane"), "invalidValue", "name must be an object"),
        (entra_user(shoeSize=42), "invalidPath", 'Unknown attribute "shoeSize"'),
    ],
    ids=[
        "malformed json",
        "not an object",
        "active not a boolean",
        "userName not an email",
        "name too long",
        "unknown role",
        "no role",
        "role not text",
        "title not text",
        "name not an object",
        "unknown attribute",
    ],
)
def test_a_bad_user_is_refused_and_nothing_is_saved(scim, world, body, scim_type, words):
    users = User.objects.count()

    refused(scim.post("/Users", body), 400, scim_type, words)
    assert User.objects.count() == users


@pytest.mark.parametrize("email", ["rosa@", "other"])
def test_a_username_already_taken_is_a_409_uniqueness(scim, world, email):
    taken = world.resident.email if email == "rosa@" else world.other_director.email

    refused(
        scim.post("/Users", entra_user(taken.upper())), 409, "uniqueness", "already has an account"
    )


def test_renaming_to_a_taken_username_is_a_409_and_changes_nothing(scim, world):
    response = scim.patch(
        f"/Users/{world.coach.pk}",
        {"op": "Replace", "path": "displayName", "value": "Cora Renamed"},
        {"op": "Replace", "path": "userName", "value": world.sponsor.email},
    )

    refused(response, 409, "uniqueness", "already has an account")
    assert User.objects.get(pk=world.coach.pk).full_name == "Cora Coach"


@pytest.mark.parametrize(
    "operations, scim_type, words",
    [
        ([], "invalidSyntax", 'Send {"Operations": [...]}'),
        (["replace"], "invalidSyntax", "Operation 1 is not an object"),
        (
            [{"op": "move", "path": "title", "value": "x"}],
            "invalidSyntax",
            'op must be add, replace or remove, not "move"',
        ),
        ([{"op": "remove"}], "noTarget", "remove needs a path"),
        ([{"op": "remove", "path": "active"}], "invalidValue", "active cannot be removed"),
        (
            [{"op": "replace", "value": "x"}],
            "invalidValue",
            "without a path, value must be an object",
        ),
        ([{"op": "replace", "path": "shoeSize", "value": 1}], "invalidPath", "Unknown attribute"),
        ([{"op": "replace", "path": 5, "value": 1}], "invalidPath", "path must be text"),
        (
            [
                {"op": "replace", "path": "displayName", "value": "Cora Renamed"},
                {"op": "replace", "path": "active", "value": "yes please"},
            ],
            "invalidValue",
            "active must be true or false",
        ),
    ],
    ids=[
        "no operations",
        "operation not an object",
        "unknown op",
        "remove without a path",
        "remove active",
        "path-less value not an object",
        "unknown path",
        "path not text",
        "a good op then a bad one",
    ],
)
def test_a_bad_patch_is_refused_whole(scim, world, operations, scim_type, words):
    refused(scim.patch(f"/Users/{world.coach.pk}", *operations), 400, scim_type, words)

    coach = User.objects.get(pk=world.coach.pk)
    assert (coach.full_name, coach.is_active) == ("Cora Coach", True)


@pytest.mark.parametrize(
    "params, words",
    [
        ({"filter": 'title eq "x"'}, "Filter on userName only"),
        ({"filter": "userName co x"}, "Filter on userName only"),
        ({"startIndex": "abc"}, "startIndex must be a whole number"),
        ({"count": "1e3"}, "count must be a whole number"),
    ],
)
def test_a_bad_list_query_is_a_400(scim, world, params, words):
    response = scim.get("/Users", params)

    refused(response, 400, "invalidFilter" if "filter" in params else "invalidValue", words)


@pytest.mark.parametrize("user_id", ["abc", "99999999", "-1"])
def test_an_unknown_user_is_a_scim_404(scim, world, user_id):
    refused(scim.get(f"/Users/{user_id}"), 404, None, "There is no user")


def test_a_method_a_resource_does_not_take_is_a_scim_405(scim, world):
    response = scim.post(f"/Users/{world.coach.pk}", entra_user())

    refused(response, 405, None, "POST is not allowed here")
    assert response["Allow"] == "GET, PUT, PATCH, DELETE"


def test_a_person_created_between_the_check_and_the_write_is_a_409(scim, world, monkeypatch):
    # As when an identity provider sends the same person twice at once: the second request
    # passed the uniqueness check before the first one committed.
    monkeypatch.setattr("pathway.people.scim.people._unique", lambda email, exclude=None: None)
    assert scim.post("/Users", entra_user()).status_code == 201

    refused(scim.post("/Users", entra_user()), 409, "uniqueness", "already has an account")
    assert User.objects.filter(email="jane.doe@hospital.org").count() == 1
