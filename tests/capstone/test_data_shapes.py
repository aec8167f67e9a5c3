"""The data shapes of the chart family: subgroup measurements (entered, pasted, uploaded),
dates of rare events (the chart derives the days between them) and cases between events.
Every bad row is named and nothing is saved until every row is right."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from capstone.models import DataPoint, DataType, Phase
from tests import factories as f
from tests.capstone.conftest import EVENT_DAYS, make_project


@pytest.fixture
def project(world):
    return make_project(world, **EVENT_DAYS)


def measure_of(project, data_type):
    return f.MeasureFactory(project=project, data_type=data_type, unit="minutes")


def paste(client, measure, text, save=True):
    data = {"text": text, "date_format": "iso"}
    if save:
        data["save"] = "1"
    return client.post(
        reverse("capstone:measure_paste", args=[measure.project_id, measure.pk]), data
    )


def upload(client, measure, upload_file):
    return client.post(
        reverse("capstone:measure_upload", args=[measure.project_id, measure.pk]),
        {"file": upload_file, "date_format": "iso", "save": "1"},
    )


def xlsx_file(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("data.xlsx", buffer.getvalue())


# Subgroups ----------------------------------------------------------------------------


def test_pasted_subgroups_in_wide_form_are_saved_with_their_mean(world, as_user, project):
    measure = measure_of(project, DataType.SUBGROUP)
    text = "2025-01-06\t42\t38\t52\t\n2025-03-10\t30\t34\n"

    response = paste(as_user(world.resident), measure, text)

    assert response.status_code == 302
    points = list(DataPoint.objects.order_by("period"))
    assert [(p.observations, p.value, p.phase) for p in points] == [
        ([42.0, 38.0, 52.0], Decimal("44.0000"), Phase.BASELINE),
        ([30.0, 34.0], Decimal("32.0000"), Phase.POST_EVENT),
    ]


def test_pasted_rows_with_the_same_date_form_one_subgroup(world, as_user, project):
    measure = measure_of(project, DataType.SUBGROUP)
    text = "date,value\n2025-01-06,42\n2025-01-06,40\n2025-01-13,39\n2025-01-06,47\n"

    response = paste(as_user(world.resident), measure, text, save=False)

    page = response.content.decode()
    assert "2 points to add" in page
    assert "3 measurements, mean 43" in page
    assert not DataPoint.objects.exists()


def test_a_bad_measurement_names_its_line_and_saves_nothing(world, as_user, project):
    measure = measure_of(project, DataType.SUBGROUP)
    text = "2025-01-06\t42\t38\n2025-01-13\t40\tforty\n2025-01-20\n"

    response = paste(as_user(world.resident), measure, text)

    assert response.status_code == 200
    errors = response.context["parsed"].errors
    assert errors == [
        (2, "The measurement 'forty' is not a number."),
        (3, "Give the date (or sequence number) and then the measurements."),
    ]
    assert not DataPoint.objects.exists()


def test_a_subgroup_file_has_one_measurement_a_row_grouped_by_date(world, as_user, project):
    measure = measure_of(project, DataType.SUBGROUP)
    rows = [
        ["date", "value"],
        [date(2025, 1, 6), 42],
        [date(2025, 1, 6), 44],
        [date(2025, 1, 13), 39],
    ]

    response = upload(as_user(world.resident), measure, xlsx_file(rows))

    assert response.status_code == 302
    assert list(DataPoint.objects.order_by("period").values_list("observations", "value")) == [
        ([42.0, 44.0], Decimal("43.0000")),
        ([39.0], Decimal("39.0000")),
    ]


def test_a_subgroup_csv_row_without_a_measurement_is_named(world, as_user, project):
    measure = measure_of(project, DataType.SUBGROUP)
    upload_file = SimpleUploadedFile("d.csv", b"date,value\n2025-01-06,42\n2025-01-13,\n")

    response = upload(as_user(world.resident), measure, upload_file)

    assert response.context["parsed"].errors == [
        (3, "Give the period's measurements after its date.")
    ]
    assert not DataPoint.objects.exists()


def test_a_subgroup_point_is_entered_as_a_list_of_measurements(world, as_user, project):
    measure = measure_of(project, DataType.SUBGROUP)

    response = as_user(world.resident).post(
        reverse("capstone:part_add", args=[project.pk, "data-point"]),
        {"measure": measure.pk, "period": "2025-01-06", "measurements": "42, 38.5 51"},
    )

    assert response.status_code == 302
    point = DataPoint.objects.get()
    assert point.observations == [42.0, 38.5, 51.0]
    assert point.value == Decimal("43.8333")


@pytest.mark.parametrize(
    ("measurements", "message"),
    [("", "give the measurements"), ("4, x", "numbers only"), ("1e12", "sensible size")],
)
def test_bad_measurements_entered_by_hand_get_a_clear_error(
    world, as_user, project, measurements, message
):
    measure = measure_of(project, DataType.SUBGROUP)

    response = as_user(world.resident).post(
        reverse("capstone:part_add", args=[project.pk, "data-point"]),
        {"measure": measure.pk, "period": "2025-01-06", "measurements": measurements},
    )

    assert response.status_code == 200
    assert message in str(response.context["form"].errors["measurements"])
    assert not DataPoint.objects.exists()


# Event dates --------------------------------------------------------------------------


def test_pasted_event_dates_are_saved_as_events_and_charted_as_days_between(
    world, as_user, project
):
    measure = measure_of(project, DataType.EVENT_DATES)

    response = paste(as_user(world.resident), measure, "2025-01-04\n2025-01-19\n2025-02-27\n")

    assert response.status_code == 302
    assert list(DataPoint.objects.values_list("value", flat=True)) == [Decimal(1)] * 3
    chart = measure.chart()
    assert chart.chart == "t"
    assert [p["y"] for p in chart.analysis["points"]] == [None, 15, 39]


def test_the_same_event_date_twice_is_refused_with_the_reason(world, as_user, project):
    measure = measure_of(project, DataType.EVENT_DATES)

    response = paste(as_user(world.resident), measure, "2025-01-04\n2025-01-04\n")

    (line, message), *_ = response.context["parsed"].errors
    assert line == 2 and "appears twice" in message and "G chart" in message
    assert not DataPoint.objects.exists()


def test_an_event_needs_a_date_not_a_sequence_number(world, as_user, project):
    measure = measure_of(project, DataType.EVENT_DATES)

    response = paste(as_user(world.resident), measure, "3\n")

    assert response.context["parsed"].errors == [
        (1, "The date '3' is not a date in the format YYYY-MM-DD.")
    ]


def test_an_event_date_file_needs_only_a_date_column(world, as_user, project):
    measure = measure_of(project, DataType.EVENT_DATES)
    upload_file = SimpleUploadedFile("d.csv", b"date,note\n2025-01-04,ward 3\n2025-02-01,\n")

    response = upload(as_user(world.resident), measure, upload_file)

    assert response.status_code == 302
    assert DataPoint.objects.count() == 2


def test_an_event_entered_by_hand_needs_no_value(world, as_user, project):
    measure = measure_of(project, DataType.EVENT_DATES)

    response = as_user(world.resident).post(
        reverse("capstone:part_add", args=[project.pk, "data-point"]),
        {"measure": measure.pk, "period": "2025-01-06"},
    )

    assert response.status_code == 302
    assert DataPoint.objects.get().value == 1


# Cases between events -------------------------------------------------------------------


def test_cases_between_events_must_be_whole_numbers_from_zero(world, as_user, project):
    measure = measure_of(project, DataType.BETWEEN)

    response = paste(
        as_user(world.resident), measure, "2025-01-04\t12\n2025-01-19\t-1\n2025-02-27\t2.5\n"
    )

    assert [line for line, _ in response.context["parsed"].errors] == [2, 3]
    assert "whole number from 0" in response.context["parsed"].errors[0][1]
    assert not DataPoint.objects.exists()


def test_cases_between_events_are_charted_as_a_g_chart(world, as_user, project):
    measure = measure_of(project, DataType.BETWEEN)

    paste(as_user(world.resident), measure, "12\n30\n0\n22\n")

    chart = measure.chart()
    assert chart.chart == "g"
    assert chart.analysis["points"][0]["cl"] == 17  # median of 0, 12, 22, 30
