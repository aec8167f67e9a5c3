"""On hold, with a reason, and resuming in the stage the project was in."""

import pytest
from django.urls import reverse

from capstone.models import Stage, StageChange
from capstone.services import StageError, project_hold, project_resume
from tests.capstone.conftest import make_project


@pytest.fixture
def project(world):
    return make_project(world, Stage.EVENT_PREP)


def hold_url(project):
    return reverse("capstone:stage_hold", args=[project.pk])


def resume_url(project):
    return reverse("capstone:stage_resume", args=[project.pk])


@pytest.mark.parametrize("persona", ["resident", "coach", "director"])
def test_lead_coach_or_director_puts_a_project_on_hold(persona, world, as_user, project):
    client = as_user(getattr(world, persona))
    assert client.get(hold_url(project)).status_code == 200
    response = client.post(hold_url(project), {"reason": "Unit closed for renovation"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == Stage.ON_HOLD
    assert project.held_from_stage == Stage.EVENT_PREP
    assert project.stage_reason == "Unit closed for renovation"
    change = StageChange.objects.get(project=project)
    assert (change.kind, change.from_stage, change.to_stage) == ("hold", "event_prep", "on_hold")
    assert change.reason == "Unit closed for renovation"


def test_resuming_returns_to_the_stage_it_was_held_in(world, as_user, project):
    project_hold(project=project, by=world.resident, reason="Parental leave")
    response = as_user(world.resident).post(resume_url(project), follow=True)
    project.refresh_from_db()
    assert project.stage == Stage.EVENT_PREP
    assert project.held_from_stage == ""
    assert project.stage_reason == ""
    assert "resumed, in Event preparation" in response.content.decode()
    kinds = list(StageChange.objects.filter(project=project).values_list("kind", flat=True))
    assert sorted(kinds) == ["hold", "resume"]


def test_the_project_page_shows_the_hold_and_its_reason(world, as_user, project):
    project_hold(project=project, by=world.coach, reason="Parental leave")
    page = as_user(world.sponsor).get(project.get_absolute_url()).content.decode()
    assert "Parental leave" in page
    assert "On hold" in page


def test_a_reason_is_required_to_hold(world, as_user, project):
    response = as_user(world.resident).post(hold_url(project), {"reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    project.refresh_from_db()
    assert project.stage == Stage.EVENT_PREP


def test_a_project_cannot_be_held_twice(world, project):
    project_hold(project=project, by=world.resident, reason="Leave")
    with pytest.raises(StageError):
        project_hold(project=project, by=world.resident, reason="Again")


@pytest.mark.parametrize("final", [Stage.CLOSED, Stage.WITHDRAWN])
def test_a_closed_or_withdrawn_project_cannot_be_held(final, world, as_user):
    project = make_project(world, final)
    with pytest.raises(StageError):
        project_hold(project=project, by=world.coach, reason="x")
    response = as_user(world.coach).get(hold_url(project), follow=True)
    assert "cannot be put on hold" in response.content.decode()


def test_only_a_project_on_hold_can_be_resumed(world, as_user, project):
    with pytest.raises(StageError, match="Only a project on hold"):
        project_resume(project=project, by=world.resident)
    response = as_user(world.resident).post(resume_url(project), follow=True)
    assert "Only a project on hold can be resumed" in response.content.decode()


@pytest.mark.parametrize("persona", ["sponsor", "coordinator"])
def test_sponsor_and_coordinator_cannot_hold_or_resume(persona, world, as_user, project):
    client = as_user(getattr(world, persona))
    assert client.post(hold_url(project), {"reason": "x"}).status_code == 403
    project_hold(project=project, by=world.resident, reason="Leave")
    assert client.post(resume_url(project)).status_code == 403
    project.refresh_from_db()
    assert project.stage == Stage.ON_HOLD


def test_another_resident_gets_a_404(world, as_user, project):
    assert as_user(world.other_resident).post(hold_url(project), {"reason": "x"}).status_code == 404


def test_resume_needs_a_post_and_hold_refuses_put(world, as_user, project):
    client = as_user(world.resident)
    assert client.get(resume_url(project)).status_code == 405
    assert client.put(hold_url(project)).status_code == 405
