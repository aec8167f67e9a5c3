"""A coordinator edits a person of their program: details, roles and resident record."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from pathway.models import CoachProfile, InterestArea, PathwayStatus, Role, Track, User
from pathway.people.forms import PersonForm
from tests import factories as f

pytestmark = pytest.mark.django_db
NOTHING_SAVED = "Please correct the fields marked below. Nothing was saved."


def url(person):
    return reverse("pathway:person_edit", args=[person.pk])


def current(person, **changes):
    """The form as it would be posted unchanged, with `changes` applied."""
    data = {}
    for name, value in PersonForm.initial_for(person).items():
        if value is None:
            continue
        if isinstance(value, date):
            value = value.isoformat()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = value
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- Happy paths -----------------------------------------------------------------------------


def test_coordinator_sees_the_form_filled_in(world, as_user):
    profile = world.resident.resident_profile
    profile.areas_of_interest.set(
        [InterestArea.objects.create(name="sepsis"), InterestArea.objects.create(name="flow")]
    )
    response = as_user(world.coordinator).get(url(world.resident))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Edit Rosa Resident" in text
    assert 'value="Rosa Resident"' in text
    assert f'value="{profile.residency_start.isoformat()}"' in text
    assert 'value="flow, sepsis"' in text


def test_coordinator_changes_a_residents_details(world, as_user):
    data = current(
        world.resident,
        full_name="Rosa  Resident-Lopez",
        email="Rosa.Lopez@Example.org",
        track=Track.PRIMARY_CARE,
        areas_of_interest="equity, readmissions",
        pgy_override="3",
        pgy_override_reason="Credit for prior training",
    )
    response = as_user(world.coordinator).post(url(world.resident), data)
    assert response.status_code == 302
    assert response.url == reverse("pathway:person_detail", args=[world.resident.pk])
    person = User.objects.get(pk=world.resident.pk)
    assert person.full_name == "Rosa Resident-Lopez"
    # A new address takes effect only once it is confirmed (test_security_account_takeover).
    assert person.email == world.resident.email
    profile = person.resident_profile
    assert profile.track == Track.PRIMARY_CARE
    assert profile.pgy() == 3
    assert profile.pgy_override_reason == "Credit for prior training"
    assert sorted(a.name for a in profile.areas_of_interest.all()) == ["equity", "readmissions"]


def test_a_status_change_records_its_date(world, as_user):
    data = current(world.resident, pathway_status=PathwayStatus.WITHDRAWN)
    as_user(world.coordinator).post(url(world.resident), data)
    profile = User.objects.get(pk=world.resident.pk).resident_profile
    assert profile.pathway_status == PathwayStatus.WITHDRAWN
    assert profile.withdrawn_on == timezone.localdate()


def test_saving_without_changes_keeps_the_record(world, as_user):
    before = world.resident.resident_profile
    as_user(world.coordinator).post(url(world.resident), current(world.resident))
    after = User.objects.get(pk=world.resident.pk).resident_profile
    assert (after.residency_start, after.expected_graduation, after.pathway_status) == (
        before.residency_start,
        before.expected_graduation,
        before.pathway_status,
    )
    assert after.joined_on == before.joined_on


def test_clearing_the_override_returns_to_the_academic_year(world, as_user):
    profile = world.resident.resident_profile
    profile.pgy_override, profile.pgy_override_reason = 1, "Leave"
    profile.save()
    data = current(world.resident, pgy_override="", pgy_override_reason="")
    as_user(world.coordinator).post(url(world.resident), data)
    profile = User.objects.get(pk=world.resident.pk).resident_profile
    assert profile.pgy_override is None
    assert profile.pgy() == 2


def test_coordinator_adds_a_role_to_a_director(world, as_user):
    data = current(world.director, roles=[Role.DIRECTOR, Role.SPONSOR], department="Medicine")
    as_user(world.coordinator).post(url(world.director), data)
    person = User.objects.get(pk=world.director.pk)
    assert person.roles == {Role.DIRECTOR, Role.SPONSOR}
    assert person.sponsor_profile.department == "Medicine"


def test_coordinator_removes_a_staff_role(world, as_user):
    f.SponsorFactory(user=world.coach)
    data = current(User.objects.get(pk=world.coach.pk), roles=[Role.SPONSOR])
    response = as_user(world.coordinator).post(url(world.coach), data)
    assert response.status_code == 302
    assert User.objects.get(pk=world.coach.pk).roles == {Role.SPONSOR}
    assert not CoachProfile.objects.filter(user=world.coach).exists()


def test_coordinator_makes_a_staff_member_a_resident_too(world, as_user):
    data = current(
        world.coach,
        roles=[Role.COACH, Role.RESIDENT],
        residency_start="2025-07-01",
        expected_graduation="2028-06-30",
    )
    as_user(world.coordinator).post(url(world.coach), data)
    assert User.objects.get(pk=world.coach.pk).resident_profile.residency_start == date(2025, 7, 1)


def test_superuser_edits_anyone(world, as_user):
    theirs = f.ResidentFactory(program=world.other_program).user
    data = current(theirs, full_name="Renamed By Admin")
    assert as_user(world.superuser).post(url(theirs), data).status_code == 302
    theirs.refresh_from_db()
    assert theirs.full_name == "Renamed By Admin"


# --- Who may edit ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["resident", "coach", "sponsor", "director"])
def test_everyone_but_coordinators_is_refused(world, as_user, role):
    client = as_user(getattr(world, role))
    assert client.get(url(world.resident)).status_code == 403
    response = client.post(url(world.resident), current(world.resident, full_name="Hacked"))
    assert response.status_code == 403
    world.resident.refresh_from_db()
    assert world.resident.full_name == "Rosa Resident"


def test_a_resident_cannot_edit_even_their_own_record(world, as_user):
    assert as_user(world.resident).get(url(world.resident)).status_code == 403


def test_another_programs_coordinator_gets_not_found(world, as_user):
    client = as_user(world.other_coordinator)
    assert client.get(url(world.resident)).status_code == 404
    response = client.post(url(world.resident), current(world.resident, full_name="Hacked"))
    assert response.status_code == 404
    world.resident.refresh_from_db()
    assert world.resident.full_name == "Rosa Resident"


def test_a_person_who_does_not_exist_is_not_found(world, as_user):
    assert as_user(world.coordinator).get(url(User(pk=999_999))).status_code == 404


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get(url(world.resident))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_not_allowed(world, as_user, method):
    assert getattr(as_user(world.coordinator), method)(url(world.resident)).status_code == 405


# --- Invalid input ---------------------------------------------------------------------------


def refused(response, field, message):
    assert response.status_code == 200
    text = response.content.decode()
    assert NOTHING_SAVED in text
    assert message in response.context["form"].errors[field]
    assert message in text


def unchanged(world):
    person = User.objects.get(pk=world.resident.pk)
    assert person.full_name == "Rosa Resident"
    assert person.roles == {Role.RESIDENT}
    return person


def test_removing_the_resident_role_is_refused(world, as_user):
    data = current(world.resident, roles=[Role.COACH], full_name="Changed Name")
    response = as_user(world.coordinator).post(url(world.resident), data)
    refused(
        response,
        "roles",
        "The resident role holds the pathway record and cannot be removed. "
        "Deactivate the person instead.",
    )
    unchanged(world)
    assert not CoachProfile.objects.filter(user=world.resident).exists()


def test_graduation_before_the_residency_start_is_refused(world, as_user):
    start = world.resident.resident_profile.residency_start
    data = current(world.resident, expected_graduation=start.isoformat(), full_name="Changed")
    response = as_user(world.coordinator).post(url(world.resident), data)
    refused(response, "expected_graduation", "Must be after the residency start.")
    assert unchanged(world).resident_profile.expected_graduation > start


def test_removing_a_residency_date_is_refused(world, as_user):
    data = current(world.resident, residency_start="", full_name="Changed")
    response = as_user(world.coordinator).post(url(world.resident), data)
    refused(response, "residency_start", "Required for a resident.")
    unchanged(world)


def test_an_override_without_a_reason_is_refused(world, as_user):
    data = current(world.resident, pgy_override="3", full_name="Changed")
    response = as_user(world.coordinator).post(url(world.resident), data)
    refused(response, "pgy_override_reason", "Say why the PGY level is overridden.")
    assert unchanged(world).resident_profile.pgy_override is None


def test_taking_someone_elses_email_is_refused(world, as_user):
    data = current(world.resident, email=world.coach.email.upper(), full_name="Changed")
    response = as_user(world.coordinator).post(url(world.resident), data)
    refused(response, "email", "Someone already has an account with this email address.")
    assert unchanged(world).email != world.coach.email


def test_an_empty_post_shows_what_is_required_and_changes_nothing(world, as_user):
    response = as_user(world.coordinator).post(url(world.resident), {})
    refused(response, "full_name", "This field is required.")
    unchanged(world)


def test_keeping_your_own_email_in_another_case_is_fine(world, as_user):
    data = current(world.resident, email=world.resident.email.upper())
    assert as_user(world.coordinator).post(url(world.resident), data).status_code == 302
