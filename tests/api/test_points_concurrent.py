"""Two pushes of the same points at once on PostgreSQL, in real transactions (a warehouse that
retries after a timeout): one is saved, the other is refused for its dates, nothing twice."""

import pytest
from django.test import Client
from django.urls import reverse

from pathway.api import points as api_points
from tests import factories as f
from tests.api.conftest import bearer, token_for
from tests.capstone.conftest import make_project
from tests.conftest import make_world
from tests.pathway.faults import twice_at_once

pytestmark = pytest.mark.services


def test_two_pushes_at_once_save_each_date_once(on_postgres, monkeypatch):
    world = make_world()
    measure = f.MeasureFactory(project=make_project(world))
    headers = bearer(token_for(world.resident))
    points = {"points": [{"date": "2025-01-06", "value": 4}, {"date": "2025-01-13", "value": 5}]}

    def push():
        return (
            Client()
            .post(
                reverse("api:measure-points", args=[measure.pk]),
                points,
                content_type="application/json",
                **headers,
            )
            .status_code
        )

    # Both requests have read the body before either looks at the measure's points.
    statuses, errors = twice_at_once(monkeypatch, api_points, "_records", push)

    assert errors == []
    assert sorted(statuses) == [201, 400]
    assert sorted(measure.data_points.values_list("period", flat=True)) == sorted(
        {p.period for p in measure.data_points.all()}
    )
    assert measure.data_points.count() == 2
