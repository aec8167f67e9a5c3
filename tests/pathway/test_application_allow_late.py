"""A director lets a resident past PGY-1 apply."""

import pytest
from django.urls import reverse

from pathway.curriculum.services.applications import ApplicationError, application_allow_late
from pathway.models import Application, LateApplicationAllowance, PathwayStatus
from tests import factories as f


def _late(world, **kwargs):
    return f.ResidentFactory(
        program=world.program, pgy=2, pathway_status=PathwayStatus.NOT_ENROLLED, **kwargs
    )


def test_director_allows_a_late_application(world, as_user):
    late = _late(world)
    response = as_user(world.director).post(
        reverse("pathway:application_allow_late"),
        {"resident": late.pk, "reason": "On leave through PGY-1."},
        follow=True,
    )
    assert "may now submit a late application" in response.content.decode()
    allowance = LateApplicationAllowance.objects.get()
    assert (allowance.resident, allowance.granted_by) == (late, world.director)
    page = as_user(late.user).get(reverse("pathway:application_form")).content.decode()
    assert "Submit my application" in page


def test_only_residents_past_pgy1_outside_the_pathway_are_offered(world, as_user):
    late = _late(world)
    first_year = f.ResidentFactory(
        program=world.program, pgy=1, pathway_status=PathwayStatus.NOT_ENROLLED
    )
    elsewhere = f.ResidentFactory(
        program=world.other_program, pgy=2, pathway_status=PathwayStatus.NOT_ENROLLED
    )
    form = as_user(world.director).get(reverse("pathway:application_allow_late")).context["form"]
    offered = set(form.fields["resident"].queryset)
    assert late in offered
    assert first_year not in offered and elsewhere not in offered
    assert world.resident.resident_profile not in offered  # already in the pathway


def test_a_reason_is_required(world, as_user):
    late = _late(world)
    response = as_user(world.director).post(
        reverse("pathway:application_allow_late"), {"resident": late.pk, "reason": ""}
    )
    assert "This field is required." in response.content.decode()
    assert not LateApplicationAllowance.objects.exists()


def test_a_second_allowance_or_one_with_an_open_application_is_refused(world, as_user):
    late = _late(world)
    LateApplicationAllowance.objects.create(resident=late, granted_by=world.director, reason="x")
    response = as_user(world.director).post(
        reverse("pathway:application_allow_late"), {"resident": late.pk, "reason": "Again"}
    )
    assert "may already submit a late application" in response.content.decode()
    other = _late(world)
    Application.objects.create(resident=other, statement="I would like to join.")
    response = as_user(world.director).post(
        reverse("pathway:application_allow_late"), {"resident": other.pk, "reason": "Why not"}
    )
    assert "already has an application awaiting a decision" in response.content.decode()
    assert LateApplicationAllowance.objects.count() == 1


def test_only_directors_allow_late_applications(world, as_user):
    late = _late(world)
    for user in (world.coordinator, world.coach, world.resident):
        response = as_user(user).post(
            reverse("pathway:application_allow_late"), {"resident": late.pk, "reason": "x"}
        )
        assert response.status_code == 403
    response = as_user(world.other_director).post(
        reverse("pathway:application_allow_late"), {"resident": late.pk, "reason": "x"}
    )
    assert "Select a valid choice" in response.content.decode()
    assert not LateApplicationAllowance.objects.exists()
    assert as_user(world.director).put(reverse("pathway:application_allow_late")).status_code == 405


def test_the_service_refuses_a_director_of_another_program(world):
    late = _late(world)
    with pytest.raises(ApplicationError, match="director of the resident's program"):
        application_allow_late(resident=late, director=world.other_director, reason="x")
    assert not LateApplicationAllowance.objects.exists()
