"""What an identity provider reads first: the service's configuration, resource types and
schemas. They hold no one's data, so they are open."""

import pytest

from pathway.people.scim.schema import RESIDENT, USER


def test_the_service_provider_config_says_patch_and_filter_yes_bulk_no(scim, world):
    config = scim.get("/ServiceProviderConfig").json()

    assert config["patch"]["supported"] is True
    assert config["filter"] == {"supported": True, "maxResults": 200}
    assert config["bulk"]["supported"] is False
    assert config["authenticationSchemes"][0]["type"] == "oauthbearertoken"


def test_the_user_resource_type_names_its_schema_and_the_resident_extension(scim, world):
    types = scim.get("/ResourceTypes").json()

    assert [t["id"] for t in types["Resources"]] == ["User"]
    assert scim.get("/ResourceTypes/User").json()["schemaExtensions"] == [
        {"schema": RESIDENT, "required": False}
    ]


def test_the_schemas_list_the_attributes_kept(scim, world):
    schemas = {s["id"]: s for s in scim.get("/Schemas").json()["Resources"]}

    names = [a["name"] for a in schemas[USER]["attributes"]]
    assert {"userName", "name", "displayName", "active", "roles"} <= set(names)
    assert scim.get(f"/Schemas/{RESIDENT}").json()["attributes"][0]["name"] == "residencyStart"


@pytest.mark.parametrize("path", ["/Schemas/urn:nope", "/ResourceTypes/Group"])
def test_an_unknown_schema_or_type_is_a_scim_404(scim, world, path):
    response = scim.get(path)

    assert response.status_code == 404
    assert response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
