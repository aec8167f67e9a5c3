"""Two pushes of the same points at once on PostgreSQL, in real transactions (a warehouse that
retries after a timeout): one is saved, the other is refused for its dates, nothing twice."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from pathway.api import points as api_points
from tests import factories as f
from tests.api.conftest import bearer, token_for
from tests.capstone.conftest import make_project
from tests.conftest import make_world

pytestmark = pytest.mark.services


def test_two_pushes_at_once_save_each_date_once(on_postgres, monkeypatch):
    world = make_world()
    measure = f.MeasureFactory(project=make_project(world))
    headers = bearer(token_for(world.resident))
    points = {"points": [{"date": "2025-01-06", "value": 4}, {"date": "2025-01-13", "value": 5}]}

    # Both requests have read the body before either looks at the measure's points.
    ready = threading.Barrier(2, timeout=30)
    real_records = api_points._records

    def records_together(data):
        result = real_records(data)
        ready.wait()
        return result

    monkeypatch.setattr(api_points, "_records", records_together)
    statuses, errors = [], []

    def push():
        try:
            response = Client().post(
                reverse("api:measure-points", args=[measure.pk]),
                points,
                content_type="application/json",
                **headers,
            )
            statuses.append(response.status_code)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=push) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    assert sorted(statuses) == [201, 400]
    assert sorted(measure.data_points.values_list("period", flat=True)) == sorted(
        {p.period for p in measure.data_points.all()}
    )
    assert measure.data_points.count() == 2
