"""SCIM fixtures: a client that sends a program's SCIM token, and Entra ID-shaped bodies."""

import json

import pytest

from pathway.people.scim.schema import PATCH, RESIDENT, USER
from pathway.people.scim.tokens import scim_token_create

BASE = "/scim/v2"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


class Scim:
    """Requests as an identity provider sends them: a bearer token, application/scim+json."""

    def __init__(self, client, raw):
        self.client = client
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"} if raw else {}

    def get(self, path, params=None):
        return self.client.get(f"{BASE}{path}", params or {}, **self.headers)

    def send(self, method, path, body=None):
        data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        return getattr(self.client, method)(
            f"{BASE}{path}", data, content_type="application/scim+json", **self.headers
        )

    def post(self, path, body):
        return self.send("post", path, body)

    def put(self, path, body):
        return self.send("put", path, body)

    def patch(self, path, *operations):
        return self.send("patch", path, {"schemas": [PATCH], "Operations": list(operations)})

    def delete(self, path):
        return self.client.delete(f"{BASE}{path}", **self.headers)


def token_for(program, by=None):
    return scim_token_create(program=program, name="Entra ID", by=by)[1]


@pytest.fixture
def scim(client, world):
    return Scim(client, token_for(world.program, world.director))


@pytest.fixture
def other_scim(client, world):
    """The other program's identity provider."""
    return Scim(client, token_for(world.other_program, world.other_director))


def entra_user(email="jane.doe@hospital.org", **extra):
    """A User as Entra ID's default attribute mappings send it (roles from app roles)."""
    body = {
        "schemas": [USER, ENTERPRISE],
        "externalId": email.split("@")[0],
        "userName": email,
        "active": True,
        "displayName": "Jane Doe",
        "emails": [{"primary": True, "type": "work", "value": email}],
        "meta": {"resourceType": "User"},
        "name": {"formatted": "Jane Doe", "familyName": "Doe", "givenName": "Jane"},
        "title": "Attending physician",
        "roles": [
            {
                "primary": False,
                "type": "WindowsAzureActiveDirectoryRole",
                "display": "KPO coach",
                "value": "coach",
            }
        ],
        ENTERPRISE: {"department": "Medicine", "employeeNumber": "1234"},
    }
    body.update(extra)
    return body


def resident_user(email="rex.new@hospital.org", **extra):
    return entra_user(
        email,
        displayName="Rex New",
        name={"givenName": "Rex", "familyName": "New"},
        roles=[{"value": "resident"}],
        **{RESIDENT: {"residencyStart": "2026-07-01", "expectedGraduation": "2029-06-30"}},
        **extra,
    )
