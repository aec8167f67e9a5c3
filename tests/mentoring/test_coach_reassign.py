"""Reassigning a resident's KPO coach moves everything at once: the new coach sees and steers
the capstone, reads the reports and appears on it; the old coach gets 404 everywhere."""

import pytest
from django.urls import reverse

from capstone.models import Project, Stage, StageChange
from mentoring.models import ProgressReport
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def reassigned(world, as_user):
    """Rosa's capstone on hold, then Nina New made her coach by the director, as a user would."""
    profile = world.resident.resident_profile
    project = f.project_at(Stage.CURRENT_STATE, lead=profile, title="Discharge before noon")
    project.held_from_stage, project.stage = project.stage, Stage.ON_HOLD
    project.stage_reason = "On leave"
    project.save()
    report = f.ProgressReportFactory(resident=profile, project=project, submitted=True)
    new_coach = f.coach_in(world.program, user__full_name="Nina New")
    response = as_user(world.director).post(
        reverse("mentoring:coach_assign", args=[profile.pk]),
        {"coach": new_coach.pk, "started_on": f.days_ago(0)},
    )
    assert response.status_code == 302
    return project, report, new_coach


def test_the_new_coach_sees_and_steers_the_capstone(world, as_user, reassigned):
    project, _, new_coach = reassigned
    client = as_user(new_coach)
    page = client.get(reverse("capstone:project_detail", args=[project.pk]))
    assert page.status_code == 200
    assert "Nina New" in page.content.decode()

    response = client.post(reverse("capstone:stage_resume", args=[project.pk]))

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == Stage.CURRENT_STATE
    resumed = StageChange.objects.filter(project=project, kind=StageChange.Kind.RESUME).get()
    assert resumed.changed_by == new_coach


def test_the_old_coach_gets_404_and_cannot_steer(world, as_user, reassigned):
    project, report, _ = reassigned
    client = as_user(world.coach)
    assert client.get(reverse("capstone:project_detail", args=[project.pk])).status_code == 404
    assert client.post(reverse("capstone:stage_resume", args=[project.pk])).status_code == 404
    assert client.get(reverse("mentoring:report_detail", args=[report.pk])).status_code == 404
    project.refresh_from_db()
    assert project.stage == Stage.ON_HOLD
    assert not StageChange.objects.filter(project=project, changed_by=world.coach).exists()


def test_the_project_names_the_new_coach_everywhere(world, as_user, reassigned):
    project, report, new_coach = reassigned
    assert Project.objects.get(pk=project.pk).coach == new_coach
    assert list(Project.objects.visible_to(new_coach)) == [project]
    assert not Project.objects.visible_to(world.coach).exists()
    assert list(ProgressReport.objects.visible_to(new_coach).for_coach(new_coach)) == [report]
    home = as_user(new_coach).get(reverse("home"))
    [row] = home.context["coach"]["caseload"]
    assert row.project == project
    assert "Discharge before noon" in home.content.decode()
    assert as_user(world.coach).get(reverse("home")).context["coach"]["caseload"] == []
