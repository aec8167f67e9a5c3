"""Every list endpoint costs the same number of queries whatever the data size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f
from tests.api.conftest import bearer, token_for

LISTS = ["api:resident-list", "api:project-list", "api:measure-list", "api:progress_report-list"]


def grow(world, n):
    """n more residents, each with a coach, two milestones, a project with a measure of points
    and a stage change, and a reviewed report."""
    for _ in range(n):
        resident = f.ResidentFactory(program=world.program, pgy=2)
        f.CoachAssignmentFactory(resident=resident, coach=world.coach)
        f.MilestoneFactory(resident=resident)
        f.MilestoneFactory(resident=resident)
        project = f.ProjectFactory(lead=resident, sponsor=world.sponsor)
        measure = f.MeasureFactory(project=project)
        f.measure_series(measure, [3, 4, 5])
        report = f.ProgressReportFactory(resident=resident, project=project, submitted=True)
        f.report_was_reviewed(report, reviewer=world.coach)


def queries(client, name, user):
    headers = bearer(token_for(user))
    client.get(reverse(name), **headers)  # the token's first use also records it
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name), **headers)
    assert response.status_code == 200
    return len(captured), response.json()["count"]


@pytest.mark.parametrize("persona", ["director", "coach", "sponsor"])
@pytest.mark.parametrize("name", LISTS)
def test_a_list_costs_the_same_queries_at_two_sizes(name, persona, client, world):
    user = world.persona(persona)
    grow(world, 2)
    small, small_count = queries(client, name, user)
    grow(world, 10)
    large, large_count = queries(client, name, user)
    assert large_count > small_count, "the larger world must show more rows"
    assert small == large, f"{name} as {persona}: {small} queries with few rows, {large} with many"
    assert large <= 12
