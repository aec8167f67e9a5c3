"""Project.objects.visible_to and the project parts' visible_to: who sees which capstone."""

import pytest

from capstone.models import ProcessStep, Project
from tests import factories as f


def visible(user):
    return set(Project.objects.visible_to(user))


def test_lead_sees_own_project_but_not_another_residents(world, project, other_project):
    assert visible(world.resident) == {project}


def test_coach_sees_the_projects_they_coach(world, project, other_project):
    assert visible(world.coach) == {project}


def test_sponsor_sees_the_projects_they_sponsor(world, project, other_project):
    assert visible(world.sponsor) == {project}


@pytest.mark.parametrize("persona", ["director", "coordinator"])
def test_program_staff_see_every_project_of_their_program(
    persona, world, project, other_project, foreign_project
):
    assert visible(getattr(world, persona)) == {project, other_project}


def test_another_programs_director_sees_none_of_this_programs_projects(
    world, project, foreign_project
):
    assert visible(world.other_director) == {foreign_project}


def test_superuser_sees_every_project(world, project, other_project, foreign_project):
    assert visible(world.superuser) == {project, other_project, foreign_project}


def test_co_lead_sees_the_project(world, project):
    project.co_leads.add(world.other_resident)
    assert visible(world.other_resident) == {project}


def test_team_member_with_an_account_sees_the_project(world, project):
    nurse = f.UserFactory(program=world.program)
    f.TeamMemberFactory(project=project, user=nurse, name="")
    assert visible(nurse) == {project}


def test_coach_of_a_project_in_another_program_is_not_enough(world, foreign_project):
    # A coach assignment pointing across programs must not leak a project.
    f.coach_the_lead(foreign_project.lead, world.coach)
    assert visible(world.coach) == set()


def test_a_project_appears_once_even_with_several_links(world, project):
    project.co_leads.add(world.other_resident)
    f.TeamMemberFactory(project=project, user=world.other_resident, name="")
    assert list(Project.objects.visible_to(world.other_resident)) == [project]


def test_anonymous_sees_nothing(project):
    from django.contrib.auth.models import AnonymousUser

    assert not Project.objects.visible_to(AnonymousUser()).exists()


def test_project_parts_follow_their_projects_visibility(world, project, other_project):
    mine = f.ProcessStepFactory(project=project)
    theirs = f.ProcessStepFactory(project=other_project)
    assert set(ProcessStep.objects.visible_to(world.resident)) == {mine}
    assert set(ProcessStep.objects.visible_to(world.director)) == {mine, theirs}
    assert not ProcessStep.objects.visible_to(world.other_director).exists()
