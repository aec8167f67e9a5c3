"""Deactivation (DELETE, or active=false): the person can no longer sign in, and everything they
recorded stays — projects, progress reports, milestones, history."""

import pytest
from django.urls import reverse

from capstone.models import Project
from mentoring.models import ProgressReport
from pathway.models import Milestone, User
from pathway.people.services import api_token_create
from tests import factories as f
from tests.factories import PASSWORD


@pytest.fixture
def records(world):
    resident = world.resident.resident_profile
    project = f.ProjectFactory(lead=resident)
    f.ProgressReportFactory(resident=resident, project=project, submitted=True)
    f.MilestoneFactory(resident=resident)
    return project


def deactivations(scim, world):
    return {
        "DELETE": lambda: scim.delete(f"/Users/{world.resident.pk}"),
        "PATCH active=False": lambda: scim.patch(
            f"/Users/{world.resident.pk}", {"op": "Replace", "path": "active", "value": "False"}
        ),
    }


@pytest.mark.parametrize("how", ["DELETE", "PATCH active=False"])
def test_deactivation_keeps_everything_they_recorded(scim, world, records, how):
    response = deactivations(scim, world)[how]()

    assert response.status_code in (200, 204)
    resident = User.objects.get(pk=world.resident.pk)
    assert not resident.is_active
    assert Project.objects.filter(pk=records.pk, lead__user=resident).exists()
    assert ProgressReport.objects.filter(resident__user=resident).count() == 1
    assert Milestone.objects.filter(resident__user=resident).exists()
    assert resident.history.filter(is_active=False).exists()  # the change is on record


@pytest.mark.parametrize("how", ["DELETE", "PATCH active=False"])
def test_a_deactivated_person_cannot_sign_in(scim, world, client, how):
    deactivations(scim, world)[how]()

    response = client.post(
        reverse("login"), {"username": world.resident.email, "password": PASSWORD}
    )

    assert response.status_code == 200  # the form again, with its error
    assert not response.wsgi_request.user.is_authenticated


def test_a_session_already_open_ends_when_the_person_is_deactivated(scim, world, client):
    client.force_login(world.resident)

    scim.delete(f"/Users/{world.resident.pk}")

    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_delete_answers_204_and_the_person_can_be_reactivated(scim, world):
    assert scim.delete(f"/Users/{world.resident.pk}").status_code == 204
    assert scim.get(f"/Users/{world.resident.pk}").json()["active"] is False

    scim.patch(f"/Users/{world.resident.pk}", {"op": "replace", "value": {"active": True}})

    assert User.objects.get(pk=world.resident.pk).is_active


def test_a_deactivated_persons_api_tokens_stop_working(scim, world, client):
    raw = api_token_create(user=world.resident, name="warehouse")[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(reverse("api:project-list"), **headers).status_code == 200

    scim.delete(f"/Users/{world.resident.pk}")

    assert client.get(reverse("api:project-list"), **headers).status_code == 401
