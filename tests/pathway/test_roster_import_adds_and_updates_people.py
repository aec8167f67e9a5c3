"""Roster CSV import of a good file: people are previewed, then created or updated (never
duplicated) with their roles and profiles, and invited once the import succeeds."""

from datetime import date

import pytest
from django.urls import reverse

from pathway.models import PathwayStatus, ResidentProfile, Role, Track, User
from pathway.people import roster
from tests import factories as f
from tests.pathway.roster_import_helpers import (
    GOOD_ROWS,
    NEW_EMAILS,
    URL,
    csv_file,
    director_coordinator,
    nobody_new,
    page_text,
    upload,
)

pytestmark = pytest.mark.django_db


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
