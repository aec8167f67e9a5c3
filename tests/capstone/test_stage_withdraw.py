"""Withdrawing a project, with a reason: it stops for good, and its lead may start another."""

import pytest
from django.urls import reverse

from capstone.models import Project, Stage, StageChange
from capstone.services import StageError, project_withdraw
from tests.capstone.conftest import make_project


@pytest.fixture
def project(world):
    return make_project(world, Stage.CURRENT_STATE)


def url(project):
    return reverse("capstone:stage_withdraw", args=[project.pk])


@pytest.mark.parametrize("persona", ["resident", "coach", "director"])
def test_lead_coach_or_director_withdraws_with_a_reason(persona, world, as_user, project):
    client = as_user(getattr(world, persona))
    assert client.get(url(project)).status_code == 200
    response = client.post(url(project), {"reason": "The unit is closing."})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == Stage.WITHDRAWN
    assert project.stage_reason == "The unit is closing."
    change = StageChange.objects.get(project=project)
    assert (change.kind, change.from_stage, change.reason) == (
        "withdraw",
        "current_state",
        "The unit is closing.",
    )


def test_a_withdrawn_project_frees_its_lead_to_start_another(world, as_user, project):
    project_withdraw(project=project, by=world.coach, reason="Duplicate of a system program")
    response = as_user(world.resident).post(
        reverse("capstone:project_add"), {"title": "A fresh start"}
    )
    assert response.status_code == 302
    assert Project.objects.filter(lead=project.lead).count() == 2


def test_a_project_on_hold_can_be_withdrawn(world, project):
    from capstone.services import project_hold

    project_hold(project=project, by=world.resident, reason="Leave")
    project_withdraw(project=project, by=world.resident, reason="Not coming back to it")
    project.refresh_from_db()
    assert project.stage == Stage.WITHDRAWN
    assert project.held_from_stage == ""


def test_a_reason_is_required(world, as_user, project):
    response = as_user(world.resident).post(url(project), {"reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    project.refresh_from_db()
    assert project.stage == Stage.CURRENT_STATE


@pytest.mark.parametrize("final", [Stage.CLOSED, Stage.WITHDRAWN])
def test_a_closed_or_withdrawn_project_cannot_be_withdrawn(final, world, as_user):
    project = make_project(world, final)
    with pytest.raises(StageError, match="already"):
        project_withdraw(project=project, by=world.coach, reason="x")
    response = as_user(world.coach).get(url(project), follow=True)
    assert "already" in response.content.decode()


@pytest.mark.parametrize("persona", ["sponsor", "coordinator"])
def test_sponsor_and_coordinator_cannot_withdraw(persona, world, as_user, project):
    assert as_user(getattr(world, persona)).post(url(project), {"reason": "x"}).status_code == 403
    project.refresh_from_db()
    assert project.stage == Stage.CURRENT_STATE


def test_another_programs_director_gets_a_404(world, as_user, project):
    assert as_user(world.other_director).post(url(project), {"reason": "x"}).status_code == 404


def test_withdrawing_refuses_other_methods(world, as_user, project):
    assert as_user(world.resident).patch(url(project)).status_code == 405
