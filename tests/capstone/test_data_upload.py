"""Uploading a CSV or XLSX file of a measure's data: documented columns, explicit date
formats, a 2 MB limit, the type checked from the content, the whole file rejected on any bad
row with the row numbers."""

import io
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from capstone.models import DataPoint, Phase
from tests import factories as f
from tests.capstone.conftest import EVENT_DAYS, make_project


@pytest.fixture
def project(world):
    return make_project(world, **EVENT_DAYS)


def url(measure):
    return reverse("capstone:measure_upload", args=[measure.project_id, measure.pk])


def csv_file(text, name="data.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def xlsx_file(rows, name="data.xlsx"):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_the_page_documents_the_columns(world, as_user, measure):
    page = as_user(world.resident).get(url(measure)).content.decode().replace("\xa0", " ")
    for column in ("date", "value", "numerator", "denominator", "note", "phase"):
        assert f"<code>{column}</code>" in page
    assert "at most 2.0 MB" in page


def test_a_csv_adds_every_row(world, as_user, measure):
    text = (
        "date,value,note,phase\n"
        "2025-01-06,42,,\n"
        "2025-03-10,38,Holiday week,\n"
        "2025-03-17,35,,baseline\n"
    )
    response = as_user(world.resident).post(
        url(measure), {"file": csv_file(text), "date_format": "iso"}
    )
    assert response.status_code == 302
    points = list(DataPoint.objects.order_by("period"))
    assert [p.phase for p in points] == [Phase.BASELINE, Phase.POST_EVENT, Phase.BASELINE]
    assert points[1].note == "Holiday week"
    assert points[2].phase_overridden is True


def test_an_xlsx_with_date_cells_is_read(world, as_user, measure):
    rows = [["date", "value"], [datetime(2025, 1, 6), 42], [datetime(2025, 1, 13), 40.5]]
    response = as_user(world.resident).post(
        url(measure), {"file": xlsx_file(rows), "date_format": "iso"}
    )
    assert response.status_code == 302
    assert list(DataPoint.objects.order_by("period").values_list("period", flat=True)) == [
        date(2025, 1, 6),
        date(2025, 1, 13),
    ]


def test_month_first_dates_are_read_when_chosen(world, as_user, measure):
    as_user(world.resident).post(
        url(measure), {"file": csv_file("date,value\n01/06/2025,4\n"), "date_format": "mdy"}
    )
    assert DataPoint.objects.get().period == date(2025, 1, 6)


def test_a_bad_row_rejects_the_whole_file_with_row_numbers(world, as_user, measure):
    text = "date,value\n2025-01-06,42\n06/01/2025,40\n2025-01-20,\n"
    response = as_user(world.resident).post(
        url(measure), {"file": csv_file(text), "date_format": "iso"}
    )
    assert response.status_code == 200
    assert not DataPoint.objects.exists()
    page = response.content.decode()
    assert "Row 3: The date &#x27;06/01/2025&#x27; is not a date in the format YYYY-MM-DD." in page
    assert "Row 4: Give a value." in page


def test_a_file_without_the_needed_columns_is_refused(world, as_user, project):
    measure = f.MeasureFactory(project=project, data_type="rate")
    response = as_user(world.resident).post(
        url(measure),
        {"file": csv_file("date,value,colour\n2025-01-06,4,red\n"), "date_format": "iso"},
    )
    page = response.content.decode()
    assert "Unknown column: colour." in page
    assert "The header needs numerator and denominator columns." in page
    assert not DataPoint.objects.exists()


def test_a_file_over_2_mb_is_refused(world, as_user, measure):
    big = "date,value\n" + "2025-01-06,42\n" * 160_000
    response = as_user(world.resident).post(
        url(measure), {"file": csv_file(big), "date_format": "iso"}
    )
    assert "the limit is 2.0 MB" in response.content.decode().replace("\xa0", " ")
    assert not DataPoint.objects.exists()


def test_a_file_that_is_not_csv_or_xlsx_is_refused(world, as_user, measure):
    fake = SimpleUploadedFile("data.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    response = as_user(world.resident).post(url(measure), {"file": fake, "date_format": "iso"})
    assert "file" in response.context["form"].errors
    assert not DataPoint.objects.exists()


def test_sponsor_cannot_upload(world, as_user, measure):
    response = as_user(world.sponsor).post(
        url(measure), {"file": csv_file("date,value\n2025-01-06,42\n"), "date_format": "iso"}
    )
    assert response.status_code == 403
    assert not DataPoint.objects.exists()


def test_another_programs_director_gets_a_404(world, as_user, measure):
    assert as_user(world.other_director).get(url(measure)).status_code == 404


def test_upload_refuses_other_methods(world, as_user, measure):
    assert as_user(world.resident).delete(url(measure)).status_code == 405
