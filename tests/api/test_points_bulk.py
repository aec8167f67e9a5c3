"""POST /api/v1/measures/<id>/points/: a data warehouse pushes a measure's points. All or
nothing, every bad row named, and the same checks and limits as the CSV import."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from capstone.imports import MAX_ROWS
from capstone.models import DataPoint, DataType, Phase
from tests import factories as f
from tests.capstone.conftest import make_project


@pytest.fixture
def project(world):
    item = make_project(world)
    item.event_first_day, item.event_second_day = date(2025, 3, 3), date(2025, 3, 4)
    item.save()
    return item


@pytest.fixture
def measure(project):
    return f.MeasureFactory(project=project)


def url(measure):
    return reverse("api:measure-points", args=[measure.pk])


def test_the_lead_adds_every_point_with_phases_from_the_event_dates(api, world, measure):
    points = [
        {"date": "2025-01-06", "value": 42},
        {"date": "2025-03-10", "value": "38.5", "note": "Holiday week"},
        {"date": "2025-03-17", "value": 35, "phase": "baseline"},
    ]
    response = api(world.resident).post(url(measure), {"points": points})
    assert response.status_code == 201, response.content
    assert response.json()["created"] == 3
    saved = list(measure.data_points.order_by("period"))
    assert [(p.period, p.value, p.phase) for p in saved] == [
        (date(2025, 1, 6), Decimal("42"), Phase.BASELINE),
        (date(2025, 3, 10), Decimal("38.5"), Phase.POST_EVENT),
        (date(2025, 3, 17), Decimal("35"), Phase.BASELINE),
    ]
    assert saved[1].note == "Holiday week"
    assert {p.entered_by for p in saved} == {world.resident}
    assert saved[2].phase_overridden


def test_one_bad_row_saves_nothing_and_every_bad_row_is_named(api, world, measure):
    points = [
        {"date": "2025-01-06", "value": 42},
        {"date": "06/01/2025", "value": 40},
        {"date": "2025-01-20", "value": "forty"},
        {"date": "2025-01-27"},
    ]
    response = api(world.resident).post(url(measure), {"points": points})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Nothing was saved: fix these rows and send them again."
    assert body["errors"] == [
        {"row": 2, "message": "The date '06/01/2025' is not a date in the format YYYY-MM-DD."},
        {"row": 3, "message": "The value 'forty' is not a number."},
        {"row": 4, "message": "Give a value."},
    ]
    assert not DataPoint.objects.exists()


def test_a_date_already_on_the_chart_or_twice_in_the_request_is_refused(api, world, measure):
    f.DataPointFactory(measure=measure, period=date(2025, 1, 6))
    points = [
        {"date": "2025-01-06", "value": 1},
        {"date": "2025-01-13", "value": 2},
        {"date": "2025-01-13", "value": 3},
    ]
    response = api(world.resident).post(url(measure), {"points": points})
    assert response.status_code == 400
    assert [e["row"] for e in response.json()["errors"]] == [1, 3]
    assert measure.data_points.count() == 1


def test_a_proportion_needs_a_numerator_no_larger_than_its_denominator(api, world, project):
    measure = f.MeasureFactory(project=project, data_type=DataType.PROPORTION)
    points = [
        {"date": "2025-01-06", "numerator": 3, "denominator": 20},
        {"date": "2025-01-13", "numerator": 25, "denominator": 20},
        {"date": "2025-01-20", "numerator": 2, "denominator": 0},
    ]
    response = api(world.resident).post(url(measure), {"points": points})
    assert response.json()["errors"] == [
        {"row": 2, "message": "The numerator is more than the denominator."},
        {"row": 3, "message": "The denominator must be more than zero."},
    ]
    assert not measure.data_points.exists()


def test_unknown_fields_are_named_and_nothing_is_saved(api, world, measure):
    points = [{"date": "2025-01-06", "value": 1, "colour": "red"}]
    response = api(world.resident).post(url(measure), {"points": points})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"row": 0, "message": "Unknown column: colour."}]
    assert not measure.data_points.exists()


def test_more_points_than_the_import_allows_are_refused_whole(api, world, measure):
    points = [{"sequence": n, "value": 1} for n in range(1, MAX_ROWS + 2)]
    response = api(world.resident).post(url(measure), {"points": points})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"row": 0, "message": f"At most {MAX_ROWS} points at a time."}
    ]
    assert not measure.data_points.exists()


def test_the_import_limit_itself_is_accepted(api, world, measure):
    points = [{"sequence": n, "value": n % 7} for n in range(1, MAX_ROWS + 1)]
    response = api(world.resident).post(url(measure), {"points": points})
    assert response.status_code == 201
    assert measure.data_points.count() == MAX_ROWS


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, 'Send {"points": [...]}: a list of points.'),
        ({"points": "2025-01-06,4"}, 'Send {"points": [...]}: a list of points.'),
        ([1, 2], 'Send {"points": [...]}: a list of points.'),
        ({"points": []}, "Give at least one point."),
    ],
)
def test_a_body_of_the_wrong_shape_gets_a_clear_message(api, world, measure, body, message):
    response = api(world.resident).post(url(measure), body)
    assert response.status_code == 400
    assert response.json()["errors"] == [{"row": 0, "message": message}]


@pytest.mark.parametrize("point", [{}, 7, None, ["2025-01-06", 4]])
def test_a_point_that_is_not_an_object_is_a_row_error(api, world, measure, point):
    points = [{"date": "2025-01-06", "value": 1}, point]
    response = api(world.resident).post(url(measure), {"points": points})
    assert response.status_code == 400
    assert response.json()["errors"][0]["row"] == 2
    assert not measure.data_points.exists()


@pytest.mark.parametrize(
    "value", [True, {"v": 1}, [1], "1e400", "NaN", "Infinity", 10**12, "1" * 5000]
)
def test_no_value_a_client_can_send_is_a_500(api, world, measure, value):
    response = api(world.resident).post(
        url(measure), {"points": [{"date": "2025-01-06", "value": value}]}
    )
    assert response.status_code == 400
    assert not measure.data_points.exists()


def test_malformed_json_is_a_400(client, world, measure):
    from tests.api.conftest import bearer, token_for

    response = client.post(
        url(measure),
        "{not json",
        content_type="application/json",
        **bearer(token_for(world.resident)),
    )
    assert response.status_code == 400


def test_a_body_larger_than_a_megabyte_is_refused_unread(client, world, measure):
    from tests.api.conftest import bearer, token_for

    body = json.dumps({"points": [{"date": "2025-01-06", "value": 1, "note": "x" * 2_000_000}]})
    response = client.post(
        url(measure), body, content_type="application/json", **bearer(token_for(world.resident))
    )
    assert response.status_code == 413
    assert not measure.data_points.exists()


def test_a_subgroup_measure_takes_one_measurement_a_point_grouped_by_date(api, world, project):
    measure = f.MeasureFactory(project=project, data_type=DataType.SUBGROUP, unit="minutes")
    points = [
        {"date": "2025-01-06", "value": 10},
        {"date": "2025-01-06", "value": 14},
        {"date": "2025-01-13", "value": 9},
    ]
    response = api(world.resident).post(url(measure), {"points": points})
    assert response.status_code == 201
    saved = list(measure.data_points.order_by("period"))
    assert [p.observations for p in saved] == [[10.0, 14.0], [9.0]]


def test_a_co_lead_may_add_points_but_the_coach_and_director_may_not(api, world, project, measure):
    co_lead = f.ResidentFactory(program=world.program, pgy=2).user
    project.co_leads.add(co_lead)
    points = {"points": [{"date": "2025-01-06", "value": 1}]}
    assert api(co_lead).post(url(measure), points).status_code == 201
    for user in (world.coach, world.director, world.sponsor):
        response = api(user).post(url(measure), points)
        assert response.status_code == 403
        assert response.json()["detail"] == "Only the project's lead and co-leads can add data."
    assert measure.data_points.count() == 1


def test_reading_the_points_url_is_a_405(api, world, measure):
    assert api(world.resident).get(url(measure)).status_code == 405
