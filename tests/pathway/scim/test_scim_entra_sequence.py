"""Microsoft Entra ID's provisioning cycle, in the shapes it sends: test the connection, look the
person up by userName, create them, patch attributes, deactivate, reactivate."""

from pathway.models import Role, User
from tests.pathway.scim.conftest import entra_user


def test_the_connection_test_finds_nobody_and_says_so_in_a_list(scim, world):
    response = scim.get("/Users", {"filter": 'userName eq "ed2bc4a1-0000-4c1e-9d7f@x.org"'})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/scim+json"
    assert response.json() == {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": 0,
        "startIndex": 1,
        "itemsPerPage": 0,
        "Resources": [],
    }


def test_entra_creates_a_coach_who_is_invited_and_found_by_filter(
    scim, world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = scim.post("/Users", entra_user())

    assert created.status_code == 201, created.content
    body = created.json()
    user = User.objects.get(email="jane.doe@hospital.org")
    assert user.program == world.program
    assert user.full_name == "Jane Doe"
    assert user.title == "Attending physician"
    assert user.roles == {Role.COACH}
    assert body["id"] == str(user.pk)
    assert body["active"] is True
    assert body["roles"] == [{"value": "coach", "display": "KPO coach", "primary": False}]
    assert created["Location"] == body["meta"]["location"]
    assert body["meta"]["location"].endswith(f"/scim/v2/Users/{user.pk}")
    assert [m.to for m in mailoutbox] == [["jane.doe@hospital.org"]]  # set-a-password link

    found = scim.get("/Users", {"filter": 'userName eq "Jane.Doe@hospital.org"'}).json()
    assert found["totalResults"] == 1
    assert found["Resources"][0]["userName"] == "jane.doe@hospital.org"
    assert scim.get(f"/Users/{user.pk}").json() == found["Resources"][0]


def test_entra_patches_attributes_with_capitalised_ops(scim, world):
    user_id = scim.post("/Users", entra_user()).json()["id"]

    response = scim.patch(
        f"/Users/{user_id}",
        {"op": "Replace", "path": "displayName", "value": "Jane Smith"},
        {"op": "Replace", "path": "name.familyName", "value": "Smith"},
        {"op": "Add", "path": "title", "value": "Chief of medicine"},
        {
            "op": "Replace",
            "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            "value": "Surgery",
        },
    )

    assert response.status_code == 200, response.content
    assert response.json()["displayName"] == "Jane Smith"
    user = User.objects.get(pk=user_id)
    assert (user.full_name, user.title) == ("Jane Smith", "Chief of medicine")


def test_entra_deactivates_with_the_text_false_and_reactivates_with_true(scim, world):
    user_id = scim.post("/Users", entra_user()).json()["id"]

    off = scim.patch(f"/Users/{user_id}", {"op": "Replace", "path": "active", "value": "False"})
    assert off.status_code == 200
    assert off.json()["active"] is False
    user = User.objects.get(pk=user_id)
    assert not user.is_active
    assert user.deactivated_at is not None

    on = scim.patch(f"/Users/{user_id}", {"op": "Replace", "path": "active", "value": "True"})
    assert on.json()["active"] is True
    user.refresh_from_db()
    assert user.is_active
    assert user.deactivated_at is None


def test_a_path_less_patch_sets_each_attribute_of_its_value(scim, world):
    user_id = scim.post("/Users", entra_user()).json()["id"]

    response = scim.patch(
        f"/Users/{user_id}",
        {
            "op": "replace",
            "value": {
                "active": False,
                "displayName": "Jane Q. Doe",
                "nickName": "Janie",
                "name.givenName": "Jane Q.",
                'emails[type eq "work"].value': "jane.doe@hospital.org",
            },
        },
    )

    assert response.status_code == 200, response.content
    user = User.objects.get(pk=user_id)
    assert (user.full_name, user.preferred_name, user.is_active) == ("Jane Q. Doe", "Janie", False)


def test_roles_are_added_and_removed_one_by_one_as_entra_assigns_app_roles(scim, world):
    user_id = scim.post("/Users", entra_user()).json()["id"]

    scim.patch(f"/Users/{user_id}", {"op": "Add", "path": "roles", "value": [{"value": "sponsor"}]})
    assert User.objects.get(pk=user_id).roles == {Role.COACH, Role.SPONSOR}

    scim.patch(f"/Users/{user_id}", {"op": "Remove", "path": 'roles[value eq "coach"]'})
    assert User.objects.get(pk=user_id).roles == {Role.SPONSOR}


def test_a_new_username_is_the_persons_new_email_at_once(
    scim, world, mailoutbox, django_capture_on_commit_callbacks
):
    user_id = scim.post("/Users", entra_user()).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        response = scim.patch(
            f"/Users/{user_id}",
            {"op": "Replace", "path": "userName", "value": "jane.smith@hospital.org"},
        )

    assert response.json()["userName"] == "jane.smith@hospital.org"
    assert User.objects.get(pk=user_id).email == "jane.smith@hospital.org"
    assert ["jane.doe@hospital.org"] in [m.to for m in mailoutbox]  # the old address is told
