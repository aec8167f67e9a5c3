"""Deleting a row of the record: confirmed first, only by the leads, never another project's."""

import pytest
from django.urls import reverse

from capstone.models import ProcessStep
from tests import factories as f


def url(project, kind, item):
    return reverse("capstone:part_delete", args=[project.pk, kind, item.pk])


def test_lead_confirms_then_deletes(world, as_user, project):
    step = f.ProcessStepFactory(project=project, description="Walk to pharmacy")
    client = as_user(world.resident)
    page = client.get(url(project, "step", step))
    assert page.status_code == 200
    assert "Walk to pharmacy" in page.content.decode()
    assert ProcessStep.objects.filter(pk=step.pk).exists()
    response = client.post(url(project, "step", step))
    assert response.status_code == 302
    assert response.url == reverse("capstone:project_current_state", args=[project.pk])
    assert not ProcessStep.objects.filter(pk=step.pk).exists()


def test_deleting_a_measure_deletes_its_data(world, as_user, project):
    point = f.DataPointFactory(measure=f.MeasureFactory(project=project))
    as_user(world.resident).post(url(project, "measure", point.measure))
    assert not project.measures.exists()


def test_follow_ups_cannot_be_deleted(world, as_user, project):
    follow_up = f.FollowUpFactory(project=project)
    assert as_user(world.resident).post(url(project, "follow-up", follow_up)).status_code == 404
    assert project.follow_ups.exists()


def test_another_projects_row_is_a_404(world, as_user, project, other_project):
    theirs = f.IdeaFactory(project=other_project)
    assert as_user(world.resident).post(url(project, "idea", theirs)).status_code == 404
    assert other_project.ideas.exists()


@pytest.mark.parametrize("persona", ["coach", "sponsor", "director", "coordinator"])
def test_only_the_leads_delete(persona, world, as_user, project):
    step = f.ProcessStepFactory(project=project)
    assert as_user(getattr(world, persona)).post(url(project, "step", step)).status_code == 403
    assert ProcessStep.objects.filter(pk=step.pk).exists()


def test_another_programs_director_gets_a_404(world, as_user, project):
    step = f.ProcessStepFactory(project=project)
    assert as_user(world.other_director).post(url(project, "step", step)).status_code == 404


def test_deleting_refuses_other_methods(world, as_user, project):
    step = f.ProcessStepFactory(project=project)
    assert as_user(world.resident).put(url(project, "step", step)).status_code == 405
