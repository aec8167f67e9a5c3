"""The API in the site-wide access matrix (tests/test_access_matrix.py), which signs personas in
with a browser session: the API takes personal tokens only, so every endpoint answers 401 to a
session, whoever it is (tests/api/test_access_matrix.py checks each endpoint with tokens). The
schema and its docs pages are open to all."""

from tests.access import Case
from tests.conftest import PERSONAS

TOKEN_ONLY = {p: 401 for p in PERSONAS}
OPEN = {p: 200 for p in PERSONAS}


def one(world):
    return [1]


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
}
