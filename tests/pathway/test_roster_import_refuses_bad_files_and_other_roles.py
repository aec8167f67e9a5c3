"""Roster CSV import refuses what it cannot take: a bad file writes nothing and lists every
row's problem with its row number, a wrong file type is refused with a message, and only
coordinators may import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathway.models import InterestArea, Role, User
from tests.pathway.roster_import_helpers import (
    GOOD_ROWS,
    HEADER,
    URL,
    csv_file,
    director_coordinator,
    nobody_new,
    page_text,
    upload,
)
from tests.pathway.test_uploads import png_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


# --- A bad file writes nothing and lists every row's problem ---------------------------------

BAD_HEADER = HEADER + ",shoe_size"
BAD_ROWS = [
    # 2: fine on its own, but must not be written because other rows are bad
    "ana.silva@example.org,Ana Silva,,resident,,,2025-07-01,2028-06-30,active,,,,,,",
    # 3: bad email
    "not-an-email,Bad Email,,sponsor,,,,,,,,,,,",
    # 4: unknown role
    "cam@example.org,Cam Lee,,astronaut,,,,,,,,,,,",
    # 5: bad date
    "dee@example.org,Dee Park,,resident,,,2025-13-01,2028-06-30,,,,,,,",
    # 6: a resident without dates
    "eve@example.org,Eve Adams,,resident,,,,,,,,,,,",
    # 7 and 8: the same email twice
    "fay@example.org,Fay Wong,,coach,,,,,,,,,,,",
    "FAY@example.org,Fay Wong Again,,coach,,,,,,,,,,,",
    # 9: more cells than the header
    "gus@example.org,Gus Hill,,sponsor,,,,,,,,,,,,,extra",
]


def test_a_bad_file_writes_nothing_and_lists_each_rows_error_with_its_row_number(
    world, as_user, mailoutbox, django_capture_on_commit_callbacks
):
    before = User.objects.count()
    areas_before = InterestArea.objects.count()
    response = upload(
        as_user(world.coordinator),
        csv_file(*BAD_ROWS, header=BAD_HEADER),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200
    assert User.objects.count() == before
    assert InterestArea.objects.count() == areas_before
    assert mailoutbox == []
    text = page_text(response)
    assert "Nothing was imported." in text
    for expected in (
        "Row 1: Unknown column(s): shoe_size.",
        "Row 3: email &#x27;not-an-email&#x27; is not a valid address",
        "Row 4: role &#x27;astronaut&#x27; is not one of resident, coach, sponsor, director, "
        "coordinator",
        "Row 5: residency_start &#x27;2025-13-01&#x27; is not a date in YYYY-MM-DD form",
        "Row 6: residency_start is required for a resident",
        "Row 6: expected_graduation is required for a resident",
        "Row 8: fay@example.org also appears on row 7",
        "Row 9: This row has more cells than the header.",
    ):
        assert expected in text
    assert "Row 2:" not in text


def test_row_numbers_match_the_spreadsheet_even_after_a_blank_line(
    world, as_user, django_capture_on_commit_callbacks
):
    file = csv_file(GOOD_ROWS[2], "", "bad,Bad Email,,coach,,,,,,,,,,")
    response = upload(as_user(world.coordinator), file, django_capture_on_commit_callbacks)
    assert "Row 4: email &#x27;bad&#x27; is not a valid address" in page_text(response)


def test_graduation_before_the_start_is_a_row_error(
    world, as_user, django_capture_on_commit_callbacks
):
    row = "ana@example.org,Ana Silva,,resident,,,2025-07-01,2025-06-30,,,,,,"
    response = upload(as_user(world.coordinator), csv_file(row), django_capture_on_commit_callbacks)
    assert "Row 2: expected_graduation must be after residency_start" in page_text(response)
    assert not User.objects.filter(email="ana@example.org").exists()


def test_an_override_without_a_reason_is_a_row_error(
    world, as_user, django_capture_on_commit_callbacks
):
    file = csv_file(
        "ana@example.org,Ana Silva,resident,2023-07-01,2026-06-30,2",
        header="email,full_name,roles,residency_start,expected_graduation,pgy_override",
    )
    response = upload(as_user(world.coordinator), file, django_capture_on_commit_callbacks)
    assert "Row 2: pgy_override_reason is required with a pgy_override" in page_text(response)
    assert not User.objects.filter(email="ana@example.org").exists()


def test_a_missing_required_column_is_reported_on_the_header_row(
    world, as_user, django_capture_on_commit_callbacks
):
    file = csv_file("ana@example.org,Ana Silva", header="email,full_name")
    response = upload(as_user(world.coordinator), file, django_capture_on_commit_callbacks)
    assert "Row 1: The header row lacks the column(s): roles." in page_text(response)


def test_a_file_with_only_a_header_is_refused(world, as_user, django_capture_on_commit_callbacks):
    response = upload(as_user(world.coordinator), csv_file(), django_capture_on_commit_callbacks)
    assert "The file has no data rows." in page_text(response)


def test_removing_the_resident_role_of_an_existing_resident_rolls_back_the_whole_file(
    world, as_user, mailoutbox, django_capture_on_commit_callbacks
):
    demoted = f"{world.resident.email},Rosa Resident,,sponsor,,,,,,,,,,"
    response = upload(
        as_user(director_coordinator(world)),
        csv_file(*GOOD_ROWS, demoted),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200
    assert "Row 6:" in page_text(response)
    assert "the resident role cannot be removed" in page_text(response)
    assert nobody_new()
    assert User.objects.get(pk=world.resident.pk).roles == {Role.RESIDENT}
    assert mailoutbox == []


def test_an_email_belonging_to_another_program_is_refused(
    world, as_user, django_capture_on_commit_callbacks
):
    row = f"{world.other_director.email},Taken Over,,coordinator,,,,,,,,,,"
    response = upload(
        as_user(world.coordinator), csv_file(*GOOD_ROWS, row), django_capture_on_commit_callbacks
    )
    text = page_text(response)
    assert (
        f"Row 6: {world.other_director.email} belongs to another program and cannot be "
        "imported here" in text
    )
    other = User.objects.get(pk=world.other_director.pk)
    assert (other.full_name, other.roles) == ("Olga Elsewhere", {Role.DIRECTOR})
    assert nobody_new()


def test_a_file_with_a_nul_byte_past_the_type_check_is_refused_with_a_message(
    world, as_user, django_capture_on_commit_callbacks
):
    # Past the first 2 KB the type check does not look; PostgreSQL would refuse the NUL.
    rows = [f"p{n}@example.org,Person {n},,sponsor,,,,,,,,,," for n in range(60)]
    file = csv_file(*rows, "broken@example.org,Bro\x00ken,,sponsor,,,,,,,,,,")
    response = upload(as_user(world.coordinator), file, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "The file contains NUL characters, so it is not a plain CSV file." in page_text(response)
    assert not User.objects.filter(email="p0@example.org").exists()


def test_an_unclosed_quote_gets_a_message_not_an_error_page(
    world, as_user, django_capture_on_commit_callbacks
):
    rows = [f"p{n}@example.org,Person {n},,sponsor,,,,,,,,,," for n in range(3000)]
    file = csv_file('q@example.org,"Quinn, never closed,,sponsor', *rows)
    response = upload(as_user(world.coordinator), file, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    text = page_text(response)
    assert "The file could not be read as CSV" in text
    assert "opening quote (&quot;) is never closed" in text
    assert not User.objects.filter(email="p0@example.org").exists()


# --- The file itself is refused --------------------------------------------------------------


def test_a_file_over_1_mb_is_refused_with_a_clear_message(
    world, as_user, django_capture_on_commit_callbacks
):
    filler = "\n".join(f"p{n}@example.org,Person {n},,sponsor,,,,,,,,,," for n in range(25_000))
    file = csv_file(filler)
    assert file.size > 1024 * 1024
    response = upload(as_user(world.coordinator), file, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    text = page_text(response)
    assert "Nothing was imported" in text
    assert "the limit is 1.0 MB." in text
    assert not User.objects.filter(email="p0@example.org").exists()


def test_a_png_renamed_to_csv_is_refused_with_a_clear_message(
    world, as_user, django_capture_on_commit_callbacks
):
    file = SimpleUploadedFile("roster.csv", png_bytes(), content_type="text/csv")
    response = upload(as_user(world.coordinator), file, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    text = page_text(response)
    assert "Nothing was imported" in text
    assert "This file&#x27;s content is not an accepted type. Accepted: CSV file." in text


def test_an_excel_workbook_is_refused_with_a_clear_message(
    world, as_user, django_capture_on_commit_callbacks
):
    file = SimpleUploadedFile("roster.xlsx", xlsx_bytes())
    response = upload(as_user(world.coordinator), file, django_capture_on_commit_callbacks)
    assert "This file&#x27;s content is not an accepted type. Accepted: CSV file." in (
        page_text(response)
    )


def test_a_csv_in_a_windows_encoding_is_refused_with_advice(
    world, as_user, django_capture_on_commit_callbacks
):
    content = (HEADER + "\nzoe@example.org,Zoë Ng,,sponsor,,,,,,,,,,\n").encode("cp1252")
    file = SimpleUploadedFile("roster.csv", content)
    response = upload(as_user(world.coordinator), file, django_capture_on_commit_callbacks)
    assert "In Excel, save it as &#x27;CSV UTF-8&#x27;." in page_text(response)
    assert not User.objects.filter(email="zoe@example.org").exists()


def test_no_file_at_all_is_refused(world, as_user):
    response = as_user(world.coordinator).post(URL, {})
    assert response.status_code == 200
    assert "This field is required." in page_text(response)
    assert "Nothing was imported" in page_text(response)


# --- Who may import --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["resident", "coach", "sponsor", "director", "other_director"])
def test_everyone_but_coordinators_is_refused(
    world, as_user, role, django_capture_on_commit_callbacks
):
    client = as_user(getattr(world, role))
    assert client.get(URL).status_code == 403
    response = upload(client, csv_file(*GOOD_ROWS), django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert nobody_new()


def test_anonymous_is_sent_to_sign_in(world, client, django_capture_on_commit_callbacks):
    response = upload(client, csv_file(*GOOD_ROWS), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert nobody_new()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_not_allowed(world, as_user, method):
    assert getattr(as_user(world.coordinator), method)(URL).status_code == 405
