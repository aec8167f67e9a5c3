"""A coordinator adds a person with one or more roles; the person gets an invitation email
with a link to set their password."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from pathway.models import InterestArea, PathwayStatus, Role, Track, User
from tests import factories as f

pytestmark = pytest.mark.django_db
URL = reverse("pathway:person_add")
NEW_PASSWORD = "a-brand-new-passphrase-42"
# The invitation links to the site's own address (SITE_URL), not the request's host.
LINK = re.escape(settings.SITE_URL) + r"(/accounts/password/reset/\S+/)"


def resident_form(**overrides):
    data = {
        "full_name": "Ana  Silva",
        "preferred_name": "Ana",
        "email": "Ana.Silva@Example.org",
        "roles": [Role.RESIDENT],
        "track": Track.PRIMARY_CARE,
        "residency_start": "2025-07-01",
        "expected_graduation": "2028-06-30",
        "pathway_status": PathwayStatus.ACTIVE,
        "areas_of_interest": "patient safety, Ambulatory care ,, patient safety",
    }
    data.update(overrides)
    return data


def staff_form(**overrides):
    data = {
        "full_name": "Nadia Brooks",
        "email": "nadia.brooks@example.org",
        "title": "Associate Program Director",
        "roles": [Role.DIRECTOR, Role.SPONSOR],
        "is_associate": "on",
        "department": "Internal Medicine",
    }
    data.update(overrides)
    return data


def add(client, data, capture):
    with capture(execute=True):
        return client.post(URL, data)


# --- Happy paths -----------------------------------------------------------------------------


def test_coordinator_sees_an_empty_form(world, as_user):
    response = as_user(world.coordinator).get(URL)
    assert response.status_code == 200
    assert "Add a person" in response.content.decode()
    assert "program" not in response.context["form"].fields


def test_coordinator_adds_a_resident_to_their_program(
    world, as_user, django_capture_on_commit_callbacks
):
    response = add(as_user(world.coordinator), resident_form(), django_capture_on_commit_callbacks)
    person = User.objects.get(email="ana.silva@example.org")
    assert response.status_code == 302
    assert response.url == reverse("pathway:person_detail", args=[person.pk])
    assert person.program == world.program
    assert person.full_name == "Ana Silva"
    assert person.preferred_name == "Ana"
    assert person.roles == {Role.RESIDENT}
    assert not person.has_usable_password()
    profile = person.resident_profile
    assert profile.track == Track.PRIMARY_CARE
    assert profile.residency_start == date(2025, 7, 1)
    assert profile.expected_graduation == date(2028, 6, 30)
    assert profile.pathway_status == PathwayStatus.ACTIVE
    assert profile.joined_on == timezone.localdate()
    assert profile.pgy_override is None


def test_areas_of_interest_are_comma_separated_tags_reused_across_people(
    world, as_user, django_capture_on_commit_callbacks
):
    InterestArea.objects.create(name="Patient safety")
    add(as_user(world.coordinator), resident_form(), django_capture_on_commit_callbacks)
    profile = User.objects.get(email="ana.silva@example.org").resident_profile
    assert sorted(a.name for a in profile.areas_of_interest.all()) == [
        "Ambulatory care",
        "Patient safety",
    ]
    assert InterestArea.objects.count() == 2


def test_coordinator_adds_a_person_with_several_roles(
    world, as_user, django_capture_on_commit_callbacks
):
    # The director role is granted only by a director (test_security_self_granted_roles).
    f.DirectorFactory(user=world.coordinator)
    importer = User.objects.get(pk=world.coordinator.pk)
    add(as_user(importer), staff_form(), django_capture_on_commit_callbacks)
    person = User.objects.get(email="nadia.brooks@example.org")
    assert person.roles == {Role.DIRECTOR, Role.SPONSOR}
    assert person.director_profile.is_associate
    assert person.sponsor_profile.department == "Internal Medicine"
    assert person.title == "Associate Program Director"
    assert person.is_program_staff


def test_coordinator_adds_a_kpo_coach_with_specialty_and_caseload(
    world, as_user, django_capture_on_commit_callbacks
):
    data = staff_form(roles=[Role.COACH], specialty="Flow", caseload_capacity="5")
    add(as_user(world.coordinator), data, django_capture_on_commit_callbacks)
    coach = User.objects.get(email="nadia.brooks@example.org").coach_profile
    assert (coach.specialty, coach.caseload_capacity) == ("Flow", 5)


def test_resident_fields_are_ignored_for_someone_who_is_not_a_resident(
    world, as_user, django_capture_on_commit_callbacks
):
    data = staff_form(roles=[Role.SPONSOR], residency_start="2025-07-01")
    add(as_user(world.coordinator), data, django_capture_on_commit_callbacks)
    assert User.objects.get(email="nadia.brooks@example.org").roles == {Role.SPONSOR}


def test_the_override_is_saved_with_its_reason(world, as_user, django_capture_on_commit_callbacks):
    data = resident_form(pgy_override="1", pgy_override_reason="Transferred in mid-year")
    add(as_user(world.coordinator), data, django_capture_on_commit_callbacks)
    profile = User.objects.get(email="ana.silva@example.org").resident_profile
    assert (profile.pgy_override, profile.pgy_override_reason) == (1, "Transferred in mid-year")


def test_a_coordinator_cannot_add_someone_to_another_program(
    world, as_user, django_capture_on_commit_callbacks
):
    data = resident_form(program=world.other_program.pk)
    add(as_user(world.coordinator), data, django_capture_on_commit_callbacks)
    assert User.objects.get(email="ana.silva@example.org").program == world.program


def test_superuser_chooses_the_program(world, as_user, django_capture_on_commit_callbacks):
    data = resident_form(program=world.other_program.pk)
    response = add(as_user(world.superuser), data, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert User.objects.get(email="ana.silva@example.org").program == world.other_program


def test_superuser_must_choose_a_program(world, as_user, django_capture_on_commit_callbacks):
    response = add(as_user(world.superuser), resident_form(), django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert response.context["form"].errors["program"]
    assert not User.objects.filter(email="ana.silva@example.org").exists()


def test_the_success_message_says_an_invitation_was_sent(
    world, as_user, django_capture_on_commit_callbacks
):
    client = as_user(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, resident_form(), follow=True)
    assert "Ana Silva was added and emailed a link to set a password." in (
        response.content.decode()
    )


# --- The invitation --------------------------------------------------------------------------


def test_the_invitation_link_lets_the_new_person_set_a_password_and_sign_in(
    world, as_user, client, mailoutbox, django_capture_on_commit_callbacks
):
    add(as_user(world.coordinator), resident_form(), django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ana.silva@example.org"]
    assert (
        message.subject == "You have been added to the Virginia Mason Internal Medicine QI Pathway"
    )
    assert "Hello Ana," in message.body
    html = message.alternatives[0][0]
    link = re.search(LINK, message.body).group(1)
    assert link in html

    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    set_password_url = form_page.redirect_chain[-1][0]
    saved = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert saved.status_code == 302
    assert saved.url == reverse("password_reset_complete")

    signed_in = client.post(
        reverse("login"), {"username": "ana.silva@example.org", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert signed_in.url == reverse("home")
    assert "Welcome, Ana" in client.get(reverse("home")).content.decode()


def test_the_invitation_link_works_only_once(
    world, as_user, client, mailoutbox, django_capture_on_commit_callbacks
):
    add(as_user(world.coordinator), resident_form(), django_capture_on_commit_callbacks)
    link = re.search(LINK, mailoutbox[0].body)
    client.logout()
    page = client.get(link.group(1), follow=True)
    client.post(
        page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    again = client.get(link.group(1), follow=True)
    assert not again.context["validlink"]
    assert "This link has expired" in again.content.decode()


# --- Who may add people ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["resident", "coach", "sponsor", "director", "other_director"])
def test_everyone_but_coordinators_is_refused(world, as_user, role, mailoutbox):
    client = as_user(getattr(world, role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, resident_form()).status_code == 403
    assert not User.objects.filter(email="ana.silva@example.org").exists()
    assert mailoutbox == []


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.post(URL, resident_form())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not User.objects.filter(email="ana.silva@example.org").exists()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_not_allowed(world, as_user, method):
    assert getattr(as_user(world.coordinator), method)(URL).status_code == 405


# --- Invalid input: a clear message, nothing saved, no email ---------------------------------

NOTHING_SAVED = "Please correct the fields marked below. Nothing was saved."


def refused(response, field, message, mailoutbox):
    assert response.status_code == 200
    text = response.content.decode()
    assert NOTHING_SAVED in text
    assert message in response.context["form"].errors[field]
    assert message in text
    assert mailoutbox == []


@pytest.mark.parametrize("missing", ["residency_start", "expected_graduation"])
def test_a_resident_needs_both_residency_dates(
    world, as_user, missing, mailoutbox, django_capture_on_commit_callbacks
):
    before = User.objects.count()
    data = resident_form(**{missing: ""})
    response = add(as_user(world.coordinator), data, django_capture_on_commit_callbacks)
    refused(response, missing, "Required for a resident.", mailoutbox)
    assert User.objects.count() == before


def test_graduation_before_the_residency_start_is_refused(
    world, as_user, mailoutbox, django_capture_on_commit_callbacks
):
    data = resident_form(expected_graduation="2025-06-30")
    response = add(as_user(world.coordinator), data, django_capture_on_commit_callbacks)
    refused(response, "expected_graduation", "Must be after the residency start.", mailoutbox)
    assert not User.objects.filter(email="ana.silva@example.org").exists()


def test_an_email_already_in_use_is_refused_whatever_its_case(
    world, as_user, mailoutbox, django_capture_on_commit_callbacks
):
    before = User.objects.count()
    data = resident_form(email=world.other_director.email.upper())
    response = add(as_user(world.coordinator), data, django_capture_on_commit_callbacks)
    refused(
        response, "email", "Someone already has an account with this email address.", mailoutbox
    )
    assert User.objects.count() == before
    assert world.other_director.roles == {Role.DIRECTOR}


def test_an_override_without_a_reason_is_refused(
    world, as_user, mailoutbox, django_capture_on_commit_callbacks
):
    data = resident_form(pgy_override="2")
    response = add(as_user(world.coordinator), data, django_capture_on_commit_callbacks)
    refused(response, "pgy_override_reason", "Say why the PGY level is overridden.", mailoutbox)
    assert not User.objects.filter(email="ana.silva@example.org").exists()


def test_a_person_needs_at_least_one_role(
    world, as_user, mailoutbox, django_capture_on_commit_callbacks
):
    data = staff_form(roles=[])
    response = add(as_user(world.coordinator), data, django_capture_on_commit_callbacks)
    refused(response, "roles", "This field is required.", mailoutbox)
    assert not User.objects.filter(email="nadia.brooks@example.org").exists()


def test_an_empty_form_shows_what_is_required(world, as_user, mailoutbox):
    before = User.objects.count()
    response = as_user(world.coordinator).post(URL, {})
    refused(response, "full_name", "This field is required.", mailoutbox)
    assert set(response.context["form"].errors) == {"full_name", "email", "roles"}
    assert User.objects.count() == before


def test_a_bad_email_address_is_refused(
    world, as_user, mailoutbox, django_capture_on_commit_callbacks
):
    data = staff_form(email="not-an-email")
    response = add(as_user(world.coordinator), data, django_capture_on_commit_callbacks)
    refused(response, "email", "Enter a valid email address.", mailoutbox)


def test_the_refused_form_keeps_what_was_typed(world, as_user, django_capture_on_commit_callbacks):
    data = resident_form(expected_graduation="2025-06-30")
    response = add(as_user(world.coordinator), data, django_capture_on_commit_callbacks)
    text = response.content.decode()
    assert 'value="Ana.Silva@Example.org"' in text
    assert "patient safety, Ambulatory care" in text


def test_an_existing_resident_is_not_changed_by_a_refused_add(
    world, as_user, django_capture_on_commit_callbacks
):
    data = resident_form(email=world.resident.email, full_name="Someone Else")
    add(as_user(world.coordinator), data, django_capture_on_commit_callbacks)
    world.resident.refresh_from_db()
    assert world.resident.full_name == "Rosa Resident"


def test_another_program_coordinator_adds_to_their_own_program(
    world, as_user, django_capture_on_commit_callbacks
):
    f.CoordinatorFactory(user=world.other_director)
    add(as_user(world.other_director), resident_form(), django_capture_on_commit_callbacks)
    assert User.objects.get(email="ana.silva@example.org").program == world.other_program
