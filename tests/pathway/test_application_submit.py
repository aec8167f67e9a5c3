"""A PGY-1 resident applies to the pathway; later applications need a director's allowance."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from pathway.curriculum.services.applications import ApplicationError, application_submit
from pathway.models import (
    Application,
    ApplicationStatus,
    InterestArea,
    LateApplicationAllowance,
    PathwayStatus,
)
from tests import factories as f

STATEMENT = (
    "On my first ward month I watched patients wait hours for discharge paperwork. I want to "
    "learn to lead improvement with the teams who do the work, starting with discharge."
)


@pytest.fixture
def applicant(world):
    """A PGY-1 resident of world.program who is not in the pathway."""
    return f.ResidentFactory(
        program=world.program, pgy=1, pathway_status=PathwayStatus.NOT_ENROLLED
    ).user


def _apply(as_user, user, **data):
    payload = {"statement": STATEMENT, "areas_of_interest": "discharge, Patient safety", **data}
    return as_user(user).post(reverse("pathway:application_form"), payload, follow=True)


def test_pgy1_resident_applies_and_becomes_an_applicant(world, as_user, applicant):
    cv = SimpleUploadedFile("cv.pdf", f.PDF_BYTES)
    response = _apply(as_user, applicant, cv=cv)
    assert "Your application was submitted." in response.content.decode()
    application = Application.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED and not application.is_late
    assert application.statement == STATEMENT and application.cv_name == "cv.pdf"
    assert sorted(a.name for a in application.areas_of_interest.all()) == [
        "Patient safety",
        "discharge",
    ]
    profile = applicant.resident_profile
    profile.refresh_from_db()
    assert profile.pathway_status == PathwayStatus.APPLICANT
    assert profile.applied_on == timezone.localdate()
    assert {a.name for a in profile.areas_of_interest.all()} == {"Patient safety", "discharge"}
    assert "with the program directors" in response.content.decode()


def test_an_existing_area_is_reused_whatever_its_case(world, as_user, applicant):
    area = InterestArea.objects.create(name="Patient safety")
    _apply(as_user, applicant, areas_of_interest="patient SAFETY")
    assert list(Application.objects.get().areas_of_interest.all()) == [area]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"statement": "I like QI."}, "Your statement is too short"),
        ({"cv": SimpleUploadedFile("cv.pdf", b"GIF89a not a pdf")}, "not an accepted type"),
        ({"cv": SimpleUploadedFile("cv.png", f.PNG_BYTES)}, "not an accepted type"),
    ],
    ids=["short-statement", "fake-pdf", "image-cv"],
)
def test_invalid_application_is_refused_and_nothing_is_saved(
    world, as_user, applicant, data, message
):
    response = _apply(as_user, applicant, **data)
    assert message in response.content.decode()
    assert not Application.objects.exists()
    applicant.resident_profile.refresh_from_db()
    assert applicant.resident_profile.pathway_status == PathwayStatus.NOT_ENROLLED


def test_one_open_application_per_resident(world, as_user, applicant):
    _apply(as_user, applicant)
    page = as_user(applicant).get(reverse("pathway:application_form")).content.decode()
    assert "Your application is with the program directors" in page
    assert "Submit my application" not in page
    response = _apply(as_user, applicant)
    assert "is awaiting a decision" in response.content.decode()
    assert Application.objects.count() == 1


def test_the_database_also_refuses_a_second_open_application(world, applicant):
    Application.objects.create(resident=applicant.resident_profile, statement=STATEMENT)
    with pytest.raises(IntegrityError):
        Application.objects.create(resident=applicant.resident_profile, statement=STATEMENT)


def test_a_resident_already_in_the_pathway_cannot_apply(world, as_user):
    response = _apply(as_user, world.resident)
    assert "You are already in the pathway." in response.content.decode()
    assert not Application.objects.exists()


def test_after_pgy1_the_application_is_refused_with_a_clear_message(world, as_user):
    late = f.ResidentFactory(
        program=world.program, pgy=2, pathway_status=PathwayStatus.NOT_ENROLLED
    )
    page = as_user(late.user).get(reverse("pathway:application_form")).content.decode()
    assert "Residents apply to the pathway during PGY-1, and you are in PGY-2." in page
    assert "ask a program director to allow a late application" in page
    response = _apply(as_user, late.user)
    assert "you are in PGY-2" in response.content.decode()
    assert not Application.objects.exists()


def test_a_directors_allowance_lets_a_pgy2_apply_once(world, as_user):
    late = f.ResidentFactory(
        program=world.program, pgy=2, pathway_status=PathwayStatus.NOT_ENROLLED
    )
    allowance = LateApplicationAllowance.objects.create(
        resident=late, granted_by=world.director, reason="Was on leave during PGY-1."
    )
    _apply(as_user, late.user)
    application = Application.objects.get()
    assert application.is_late
    allowance.refresh_from_db()
    assert allowance.used_by == application
    application.status = ApplicationStatus.DECLINED
    application.save()
    late.pathway_status = PathwayStatus.NOT_ENROLLED
    late.save()
    with pytest.raises(ApplicationError, match="you are in PGY-2"):
        application_submit(resident=late, statement=STATEMENT)


def test_the_application_page_is_for_residents(world, as_user):
    assert as_user(world.director).get(reverse("pathway:application_form")).status_code == 403
    assert as_user(world.superuser).get(reverse("pathway:application_form")).status_code == 403
    assert as_user(world.resident).put(reverse("pathway:application_form")).status_code == 405
