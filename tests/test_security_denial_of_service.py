"""Item 7 of the security review: cheap input must not cost the server dearly. Each case
answers quickly or refuses with a clear message, and saves nothing."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from capstone.imports import MAX_ROWS, read_xlsx
from capstone.models import DataPoint
from pathway.models import User
from tests import factories as f
from tests.capstone.conftest import make_project

pytestmark = pytest.mark.django_db


# --- Search -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["pathway:resident_list", "pathway:staff_list", "pathway:milestone_list"]
)
def test_a_search_of_two_thousand_words_is_refused_quickly(world, as_user, name):
    words = " ".join(f"w{n}" for n in range(2000))
    started = time.monotonic()
    response = as_user(world.director).get(reverse(name), {"q": words})
    assert time.monotonic() - started < 10
    assert response.status_code == 200
    text = response.content.decode()
    assert "at most 5 words" in text or "at most 100 characters" in text


def test_a_search_of_five_words_still_finds_people(world, as_user):
    response = as_user(world.director).get(reverse("pathway:resident_list"), {"q": "Rosa Resident"})
    assert "Rosa Resident" in response.content.decode()


# --- Measure data -----------------------------------------------------------------------------


def huge_xlsx(rows):
    """A small workbook (a few hundred KB) that declares `rows` rows."""
    sheet = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}"><v>1</v></c></row>'
        for n in range(2, rows + 1)
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats'
            '-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml'
            '.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets>'
            "</workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
            'sequence</t></is></c><c r="B1" t="inlineStr"><is><t>value</t></is></c></row>'
            f"{sheet}</sheetData></worksheet>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_an_xlsx_of_many_rows_is_read_only_up_to_the_limit():
    data = huge_xlsx(200_000)
    assert len(data) < 2 * 1024 * 1024
    rows = read_xlsx(io.BytesIO(data))
    assert len(rows) <= MAX_ROWS + 2


def test_uploading_an_xlsx_of_many_rows_is_refused_with_the_limit(world, as_user):
    project = make_project(world)
    measure = f.MeasureFactory(project=project)
    upload = SimpleUploadedFile("big.xlsx", huge_xlsx(200_000))
    started = time.monotonic()
    response = as_user(world.resident).post(
        reverse("capstone:measure_upload", args=[project.pk, measure.pk]),
        {"file": upload, "date_format": "iso"},
    )
    assert time.monotonic() - started < 10
    assert f"At most {MAX_ROWS} rows" in response.content.decode()
    assert not DataPoint.objects.filter(measure=measure).exists()


def test_a_measure_holds_at_most_the_cap_of_points(world, as_user):
    from capstone.imports import MAX_POINTS_PER_MEASURE

    project = make_project(world)
    measure = f.MeasureFactory(project=project)
    DataPoint.objects.bulk_create(
        DataPoint(measure=measure, sequence=n, value=n) for n in range(1, MAX_POINTS_PER_MEASURE)
    )
    response = as_user(world.resident).post(
        reverse("capstone:measure_paste", args=[project.pk, measure.pk]),
        {"text": "1\n2\n3", "date_format": "iso", "save": "1"},
    )
    assert response.status_code == 200
    assert f"at most {MAX_POINTS_PER_MEASURE} points" in response.content.decode()
    assert DataPoint.objects.filter(measure=measure).count() == MAX_POINTS_PER_MEASURE - 1


def test_a_paste_of_megabytes_is_refused(world, as_user):
    project = make_project(world)
    measure = f.MeasureFactory(project=project)
    response = as_user(world.resident).post(
        reverse("capstone:measure_paste", args=[project.pk, measure.pk]),
        {"text": "1\n" * 1_000_000, "date_format": "iso", "save": "1"},
    )
    assert response.status_code == 200
    assert "at most 200000 characters" in response.content.decode().replace(",", "")
    assert not DataPoint.objects.filter(measure=measure).exists()


# --- Request size ------------------------------------------------------------------------------


def test_a_request_larger_than_the_cap_is_refused_before_it_is_read(world, as_user, settings):
    client = as_user(world.resident)
    response = client.post(
        reverse("home"),
        data=b"x",
        content_type="text/plain",
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1),
    )
    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_form_fields_beyond_the_data_upload_cap_are_a_bad_request(world, as_user):
    project = make_project(world)
    measure = f.MeasureFactory(project=project)
    response = as_user(world.resident).post(
        reverse("capstone:measure_paste", args=[project.pk, measure.pk]),
        {"text": "1\n" * 2_000_000, "date_format": "iso", "save": "1"},
    )
    assert response.status_code == 400
    assert not DataPoint.objects.filter(measure=measure).exists()


# --- Free text ---------------------------------------------------------------------------------


def test_a_free_text_field_longer_than_its_maximum_is_refused(world, as_user):
    project = make_project(world)
    response = as_user(world.resident).post(
        reverse("capstone:current_state_edit", args=[project.pk]),
        {"process_description": "word " * 40_000},
    )
    assert response.status_code == 200
    assert "at most 10000 characters" in response.content.decode().replace(",", "")
    project.refresh_from_db()
    assert project.process_description == ""


# --- Roster import -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "row, problem",
    [
        ("coach.a@example.org,Cam Coach,coach,²", "caseload_capacity must be a whole number"),
        ("coach.b@example.org,Cam Coach,coach,99999999999", "caseload_capacity must be a whole"),
        (f"coach.c@example.org,{'N' * 600},coach,5", "full_name is longer than 200 characters"),
    ],
)
def test_roster_rows_beyond_the_models_limits_are_row_errors(world, as_user, row, problem):
    text = f"email,full_name,roles,caseload_capacity\n{row}\n"
    response = as_user(world.coordinator).post(
        reverse("pathway:roster_import"),
        {"file": SimpleUploadedFile("roster.csv", text.encode(), content_type="text/csv")},
    )
    assert response.status_code == 200
    assert problem in response.content.decode()
    assert not User.objects.filter(email__startswith="coach.").exists()
