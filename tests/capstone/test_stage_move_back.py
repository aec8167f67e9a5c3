"""A KPO coach or a program director may move a project back to an earlier stage, with a
reason that the history keeps."""

import pytest
from django.urls import reverse

from capstone.models import Stage, StageChange
from capstone.services import StageError, project_move_back
from tests.capstone.conftest import make_project


@pytest.fixture
def project(world):
    return make_project(world, Stage.EVENT)


def url(project):
    return reverse("capstone:stage_back", args=[project.pk])


@pytest.mark.parametrize("persona", ["coach", "director"])
def test_coach_or_director_moves_back_with_a_reason(persona, world, as_user, project):
    client = as_user(getattr(world, persona))
    assert client.get(url(project)).status_code == 200
    response = client.post(
        url(project), {"to": Stage.CURRENT_STATE, "reason": "Baseline data are from another ward."}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == Stage.CURRENT_STATE
    change = StageChange.objects.get(project=project)
    assert change.kind == StageChange.Kind.BACK
    assert (change.from_stage, change.to_stage) == (Stage.EVENT, Stage.CURRENT_STATE)
    assert change.reason == "Baseline data are from another ward."
    assert change.changed_by == getattr(world, persona)


def test_the_history_tab_shows_who_moved_it_back_and_why(world, as_user, project):
    project_move_back(project=project, by=world.coach, to=Stage.SELECTION, reason="Aim unclear")
    page = (
        as_user(world.resident)
        .get(reverse("capstone:project_history", args=[project.pk]))
        .content.decode()
    )
    assert "Moved back" in page
    assert "Aim unclear" in page
    assert world.coach.display_name in page


def test_a_reason_is_required(world, as_user, project):
    response = as_user(world.coach).post(url(project), {"to": Stage.SELECTION, "reason": "  "})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    project.refresh_from_db()
    assert project.stage == Stage.EVENT
    assert not StageChange.objects.exists()


def test_only_earlier_stages_are_offered_and_accepted(world, as_user, project):
    form = as_user(world.coach).get(url(project)).context["form"]
    assert [value for value, _ in form.fields["to"].choices] == [
        Stage.SELECTION,
        Stage.CURRENT_STATE,
        Stage.EVENT_PREP,
    ]
    response = as_user(world.coach).post(url(project), {"to": Stage.RESULTS, "reason": "x"})
    assert "to" in response.context["form"].errors
    project.refresh_from_db()
    assert project.stage == Stage.EVENT


def test_the_service_refuses_a_later_stage(world, project):
    with pytest.raises(StageError, match="not an earlier stage"):
        project_move_back(project=project, by=world.coach, to=Stage.RESULTS, reason="x")


@pytest.mark.parametrize("persona", ["resident", "sponsor", "coordinator"])
def test_leads_sponsors_and_coordinators_cannot_move_back(persona, world, as_user, project):
    response = as_user(getattr(world, persona)).post(
        url(project), {"to": Stage.SELECTION, "reason": "x"}
    )
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.stage == Stage.EVENT


def test_a_coach_of_another_project_gets_a_404(world, as_user, project):
    from tests import factories as f

    other_coach = f.CoachFactory(user__program=world.program).user
    assert as_user(other_coach).get(url(project)).status_code == 404


def test_a_project_in_selection_has_nowhere_to_go_back_to(world, as_user):
    project = make_project(world)
    response = as_user(world.coach).get(url(project), follow=True)
    assert "cannot move back" in response.content.decode()


def test_moving_back_refuses_other_methods(world, as_user, project):
    assert as_user(world.coach).delete(url(project)).status_code == 405
