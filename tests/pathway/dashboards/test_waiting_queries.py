"""Every home's "Waiting on you" costs the same number of queries however much is waiting: the
whole home page is counted at two sizes of waiting work, for each role."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pathway.dashboards.waiting import waiting_on
from tests.pathway.dashboards.waiting_setup import FILL

pytestmark = pytest.mark.django_db

# The panel's own queries per role (see each source in pathway/dashboards/waiting_*.py).
PANEL_QUERIES = {
    # report and homework revisions, returned stage requests, the report card's reports and
    # its latest report's review (the home passes those it read), next milestones
    "resident": 6,
    # reports, homework, coachees out of touch and the program's setting, approvals
    "coach": 5,
    # sponsor requests, approvals
    "sponsor": 2,
    # approvals, applications, overrides, residents and the at-risk verdict (1 + 5), late
    # reviews and the program's setting, rotations
    "director": 12,
    # invitations, people with no role, proposed sponsors, offerings, attendance
    "coordinator": 5,
}


def waiting_count(response):
    waiting = response.context["waiting"]
    return len(waiting["items"]) + waiting["more"]


def home_queries(client):
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(context), response


@pytest.mark.parametrize("role", sorted(FILL))
def test_each_home_costs_the_same_queries_with_little_or_much_waiting(world, as_user, role):
    user = getattr(world, role)
    client = as_user(user)
    home_queries(client)  # the first request saves the new session: not part of the count
    FILL[role](world, 1)
    small, response = home_queries(client)
    few = waiting_count(response)
    FILL[role](world, 4)
    large, response = home_queries(client)
    assert waiting_count(response) > few
    assert large == small


@pytest.mark.parametrize("role", sorted(FILL))
def test_the_panel_reads_a_fixed_number_of_queries(world, role, django_assert_num_queries):
    user = getattr(world, role)
    FILL[role](world, 3)
    user.refresh_from_db()  # the roles are read once, as the home page reads them
    assert user.roles
    with django_assert_num_queries(PANEL_QUERIES[role]):
        found = waiting_on(user=user, today=timezone.localdate())
    assert found["items"]
