"""The API in the site-wide access matrix (tests/test_access_matrix.py), which signs personas in
with a browser session: the API takes personal tokens only, so every endpoint answers 401 to a
session, whoever it is (tests/api/test_access_matrix.py checks each endpoint with tokens). The
schema and its docs pages are open to all.

SCIM (/scim/v2/) likewise takes a program's SCIM token only (tests/pathway/scim/ checks it with
tokens); its discovery documents are open. Its tokens page is for program directors (their
program's tokens) and site administrators."""

from pathway.people.scim.schema import USER
from pathway.people.scim.tokens import scim_token_create
from tests.access import Case, expect
from tests.conftest import PERSONAS

TOKEN_ONLY = {p: 401 for p in PERSONAS}
OPEN = {p: 200 for p in PERSONAS}


def one(world):
    return [1]


def program_scim_token(world):
    return [scim_token_create(program=world.program, name="Entra ID", by=world.director)[0].pk]


CASES = {
    "api:schema": Case(OPEN),
    "api:docs": Case(OPEN),
    "api:redoc": Case(OPEN),
    "api:resident-list": Case(TOKEN_ONLY),
    "api:resident-detail": Case(TOKEN_ONLY, args=one),
    "api:project-list": Case(TOKEN_ONLY),
    "api:project-detail": Case(TOKEN_ONLY, args=one),
    "api:measure-list": Case(TOKEN_ONLY),
    "api:measure-detail": Case(TOKEN_ONLY, args=one),
    "api:measure-analysis": Case(TOKEN_ONLY, args=one),
    "api:measure-points": Case(TOKEN_ONLY, args=one, method="post"),
    "api:progress_report-list": Case(TOKEN_ONLY),
    "api:progress_report-detail": Case(TOKEN_ONLY, args=one),
    "scim:service_provider_config": Case(OPEN),
    "scim:resource_types": Case(OPEN),
    "scim:resource_type": Case(OPEN, args=lambda world: ["User"]),
    "scim:schemas": Case(OPEN),
    "scim:schema": Case(OPEN, args=lambda world: [USER]),
    "scim:users": Case(TOKEN_ONLY),
    "scim:user": Case(TOKEN_ONLY, args=lambda world: [world.resident.pk]),
    "scim:tokens": Case(expect(403, director=200, other_director=200, superuser=200)),
    "scim:token_revoke": Case(
        expect(403, director=302, other_director=404, superuser=302),
        args=program_scim_token,
        method="post",
    ),
}
