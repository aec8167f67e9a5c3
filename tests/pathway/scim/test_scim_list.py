"""The Users list: pages by startIndex (from 1) and count, and costs the same queries whatever
the program's size."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f


def test_the_list_pages_by_start_index_and_count(scim, world):
    everyone = scim.get("/Users").json()
    second = scim.get("/Users", {"startIndex": "2", "count": "2"}).json()

    assert second["startIndex"] == 2
    assert second["itemsPerPage"] == 2
    assert second["totalResults"] == everyone["totalResults"] == 6
    assert second["Resources"] == everyone["Resources"][1:3]


def test_a_count_of_zero_gives_the_total_only_and_a_large_count_is_capped(scim, world):
    assert scim.get("/Users", {"count": "0"}).json()["Resources"] == []
    assert scim.get("/Users", {"count": "0"}).json()["totalResults"] == 6
    many = scim.get("/Users", {"count": "100000", "startIndex": "-5"}).json()
    assert (many["startIndex"], many["itemsPerPage"]) == (1, 6)


def list_queries(scim):
    scim.get("/Users")  # the token's last use is written at most once a minute: not counted
    with CaptureQueriesContext(connection) as queries:
        response = scim.get("/Users")
    assert response.status_code == 200
    return len(queries), response.json()["totalResults"]


def test_the_list_costs_the_same_queries_at_two_sizes(scim, world):
    small, small_total = list_queries(scim)
    for _ in range(4):
        f.ResidentFactory(program=world.program)
        f.CoachFactory(user__program=world.program)
        f.DirectorFactory(user__program=world.program)
    large, large_total = list_queries(scim)

    assert large_total == small_total + 12
    assert large == small
