"""Roster CSV import: all or nothing, row-by-row errors, updates instead of duplicates."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathway.models import InterestArea, PathwayStatus, ResidentProfile, Role, Track, User
from pathway.people import roster
from tests import factories as f
from tests.pathway.test_uploads import png_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db
URL = reverse("pathway:roster_import")
HEADER = (
    "email,full_name,preferred_name,roles,title,track,residency_start,expected_graduation,"
    "pathway_status,areas_of_interest,specialty,caseload_capacity,department,is_associate"
)
GOOD_ROWS = [
    "ana.silva@example.org,Ana Silva,Ana,resident,,primary_care,2025-07-01,2028-06-30,"
    "active,patient safety; ambulatory care,,,,",
    "Ben.Okoro@Example.org,Ben Okoro,,resident,,categorical,2024-07-01,2027-06-30,applicant,,,,,",
    "kai.mori@example.org,Kai Mori,,coach,KPO Coach,,,,,,Flow,5,,",
    "nadia.brooks@example.org,Nadia Brooks,,director;sponsor,Associate Program Director,,,,,,,,"
    "Internal Medicine,yes",
]
NEW_EMAILS = {
    "ana.silva@example.org",
    "ben.okoro@example.org",
    "kai.mori@example.org",
    "nadia.brooks@example.org",
}


def csv_file(*rows, header=HEADER, name="roster.csv", bom=False, newline="\n"):
    text = newline.join([header, *rows]) + newline
    content = ("\ufeff" + text).encode() if bom else text.encode()
    return SimpleUploadedFile(name, content, content_type="text/csv")


def director_coordinator(world):
    """GOOD_ROWS add a director, which only a director (or site administrator) may grant."""
    f.DirectorFactory(user=world.coordinator)
    return User.objects.get(pk=world.coordinator.pk)


def upload(client, file, capture, **extra):
    """Upload, and when the preview says the file is good, press Import: the two steps a
    coordinator takes."""
    with capture(execute=True):
        response = client.post(URL, {"file": file, **extra})
        preview = response.context.get("preview") if response.status_code == 200 else None
        if preview:
            return client.post(URL, {"preview": preview})
        return response


def page_text(response):
    return response.content.decode().replace("\xa0", " ")


def nobody_new():
    return not User.objects.filter(email__in=NEW_EMAILS).exists()


# --- A good file -----------------------------------------------------------------------------


def test_coordinator_sees_the_upload_form_and_the_columns(world, as_user):
    response = as_user(world.coordinator).get(URL)
    assert response.status_code == 200
    text = page_text(response)
    assert "Import a roster" in text
    for column in ("email", "full_name", "roles", "residency_start", "pgy_override_reason"):
        assert f"<code>{column}</code>" in text


def test_a_good_file_creates_people_with_their_roles_and_profiles(
    world, as_user, django_capture_on_commit_callbacks
):
    response = upload(
        as_user(director_coordinator(world)),
        csv_file(*GOOD_ROWS),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    assert response.url == reverse("pathway:resident_list")
    people = {u.email: u for u in User.objects.filter(email__in=NEW_EMAILS)}
    assert set(people) == NEW_EMAILS
    assert all(p.program == world.program for p in people.values())

    ana = people["ana.silva@example.org"]
    assert (ana.full_name, ana.preferred_name, ana.roles) == ("Ana Silva", "Ana", {Role.RESIDENT})
    profile = ana.resident_profile
    assert profile.track == Track.PRIMARY_CARE
    assert (profile.residency_start, profile.expected_graduation) == (
        date(2025, 7, 1),
        date(2028, 6, 30),
    )
    assert profile.pathway_status == PathwayStatus.ACTIVE
    assert sorted(a.name for a in profile.areas_of_interest.all()) == [
        "ambulatory care",
        "patient safety",
    ]
    assert people["ben.okoro@example.org"].resident_profile.pathway_status == (
        PathwayStatus.APPLICANT
    )
    kai = people["kai.mori@example.org"]
    assert kai.roles == {Role.COACH}
    assert (kai.coach_profile.specialty, kai.coach_profile.caseload_capacity) == ("Flow", 5)
    nadia = people["nadia.brooks@example.org"]
    assert nadia.roles == {Role.DIRECTOR, Role.SPONSOR}
    assert nadia.director_profile.is_associate
    assert nadia.sponsor_profile.department == "Internal Medicine"


def test_the_success_message_counts_added_and_updated_people(
    world, as_user, django_capture_on_commit_callbacks
):
    row = f"{world.resident.email},Rosa Resident,,resident,,,2024-07-01,2027-06-30,active,,,,,"
    client = as_user(director_coordinator(world))
    with django_capture_on_commit_callbacks(execute=True):
        preview = client.post(URL, {"file": csv_file(*GOOD_ROWS, row)}).context["preview"]
        response = client.post(URL, {"preview": preview}, follow=True)
    assert "Roster imported: 4 added, 1 updated." in page_text(response)


def test_columns_may_come_in_any_order_with_only_the_required_ones(
    world, as_user, django_capture_on_commit_callbacks
):
    file = csv_file("Sponsor,kai@example.org,Kai Mori", header="Roles,Email,Full_Name")
    upload(as_user(world.coordinator), file, django_capture_on_commit_callbacks)
    assert User.objects.get(email="kai@example.org").roles == {Role.SPONSOR}


def test_an_override_is_imported_with_its_reason(
    world, as_user, django_capture_on_commit_callbacks
):
    file = csv_file(
        "ana@example.org,Ana Silva,resident,2023-07-01,2026-06-30,2,Parental leave",
        header="email,full_name,roles,residency_start,expected_graduation,pgy_override,"
        "pgy_override_reason",
    )
    upload(as_user(world.coordinator), file, django_capture_on_commit_callbacks)
    profile = User.objects.get(email="ana@example.org").resident_profile
    assert (profile.pgy_override, profile.pgy_override_reason) == (2, "Parental leave")


def test_an_excel_utf_8_file_with_a_byte_order_mark_and_crlf_works(
    world, as_user, django_capture_on_commit_callbacks
):
    file = csv_file(
        "zoe.ng@example.org,Zoë Ng,,sponsor,,,,,,,,,Nursing,",
        bom=True,
        newline="\r\n",
    )
    response = upload(as_user(world.coordinator), file, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    zoe = User.objects.get(email="zoe.ng@example.org")
    assert zoe.full_name == "Zoë Ng"
    assert zoe.sponsor_profile.department == "Nursing"


def test_superuser_imports_into_the_program_they_choose(
    world, as_user, django_capture_on_commit_callbacks
):
    response = upload(
        as_user(world.superuser),
        csv_file(*GOOD_ROWS),
        django_capture_on_commit_callbacks,
        program=world.other_program.pk,
    )
    assert response.status_code == 302
    assert set(User.objects.filter(email__in=NEW_EMAILS).values_list("program", flat=True)) == {
        world.other_program.pk
    }


def test_superuser_must_choose_a_program(world, as_user, django_capture_on_commit_callbacks):
    response = upload(
        as_user(world.superuser), csv_file(*GOOD_ROWS), django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert response.context["form"].errors["program"]
    assert nobody_new()


# --- Existing people are updated, not duplicated ---------------------------------------------


def test_an_existing_email_in_the_program_updates_that_person(
    world, as_user, django_capture_on_commit_callbacks
):
    before = User.objects.count()
    row = (
        f"{world.resident.email.upper()},Rosa Resident-Lopez,Rosie,resident,,primary_care,"
        "2024-07-01,2027-06-30,completed,equity,,,,"
    )
    upload(as_user(world.coordinator), csv_file(row), django_capture_on_commit_callbacks)
    assert User.objects.count() == before
    person = User.objects.get(pk=world.resident.pk)
    assert (person.full_name, person.preferred_name) == ("Rosa Resident-Lopez", "Rosie")
    profile = person.resident_profile
    assert profile.track == Track.PRIMARY_CARE
    assert profile.pathway_status == PathwayStatus.COMPLETED
    assert profile.completed_on is not None
    assert [a.name for a in profile.areas_of_interest.all()] == ["equity"]
    assert ResidentProfile.objects.filter(user=person).count() == 1


def test_an_existing_staff_member_gains_a_role(world, as_user, django_capture_on_commit_callbacks):
    row = f"{world.director.email},Dina Director,,director;sponsor,,,,,,,,,Medicine,no"
    upload(as_user(world.coordinator), csv_file(row), django_capture_on_commit_callbacks)
    assert User.objects.get(pk=world.director.pk).roles == {Role.DIRECTOR, Role.SPONSOR}


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


# --- Invitations -----------------------------------------------------------------------------


def test_new_people_are_invited_when_the_import_succeeds(
    world, as_user, mailoutbox, django_capture_on_commit_callbacks
):
    updated = f"{world.director.email},Dina Director,,director,,,,,,,,,,no"
    upload(
        as_user(director_coordinator(world)),
        csv_file(*GOOD_ROWS, updated),
        django_capture_on_commit_callbacks,
    )
    assert sorted(m.to[0] for m in mailoutbox) == sorted(NEW_EMAILS)


def test_nobody_is_invited_when_the_import_fails(
    world, as_user, mailoutbox, django_capture_on_commit_callbacks
):
    upload(
        as_user(world.coordinator),
        csv_file(*GOOD_ROWS, "bad,Bad,,coach,,,,,,,,,,"),
        django_capture_on_commit_callbacks,
    )
    assert mailoutbox == []
    assert nobody_new()


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


# --- The preview before anything is saved ----------------------------------------------------


def test_a_good_file_is_previewed_first_and_nothing_is_saved_or_sent(
    world, as_user, django_capture_on_commit_callbacks, mailoutbox
):
    row = f"{world.resident.email},Rosa Resident,,resident,,,2024-07-01,2027-06-30,active,,,,,"
    client = as_user(director_coordinator(world))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(URL, {"file": csv_file(*GOOD_ROWS, row)})
    assert response.status_code == 200
    text = page_text(response)
    assert "Preview: nothing is saved yet" in text
    assert "will add <strong>4</strong> people and update <strong>1</strong>" in text
    assert "Ana Silva · ana.silva@example.org" in text
    assert "Rosa Resident · " in text
    assert "Import 5 people" in text
    assert nobody_new()
    assert callbacks == []
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"preview": response.context["preview"]})
    assert not nobody_new()
    assert len(mailoutbox) == 4


def test_a_tampered_preview_imports_nothing(world, as_user, django_capture_on_commit_callbacks):
    client = as_user(director_coordinator(world))
    preview = client.post(URL, {"file": csv_file(*GOOD_ROWS)}).context["preview"]
    response = client.post(URL, {"preview": preview[:-3] + "abc"}, follow=True)
    assert "The preview could not be read: upload the file again." in page_text(response)
    assert nobody_new()


def test_another_coordinators_preview_cannot_be_applied(
    world, as_user, django_capture_on_commit_callbacks
):
    preview = as_user(director_coordinator(world)).post(URL, {"file": csv_file(*GOOD_ROWS)})
    token = preview.context["preview"]
    colleague = f.CoordinatorFactory(user__program=world.program).user
    response = as_user(colleague).post(URL, {"preview": token}, follow=True)
    assert "made by someone else" in page_text(response)
    assert nobody_new()


def test_a_preview_older_than_an_hour_must_be_uploaded_again(
    world, as_user, django_capture_on_commit_callbacks, monkeypatch
):
    client = as_user(director_coordinator(world))
    token = client.post(URL, {"file": csv_file(*GOOD_ROWS)}).context["preview"]
    monkeypatch.setattr(roster, "PREVIEW_MAX_AGE", -1)  # as if the hour had passed
    response = client.post(URL, {"preview": token}, follow=True)
    assert "more than an hour old" in page_text(response)
    assert nobody_new()
