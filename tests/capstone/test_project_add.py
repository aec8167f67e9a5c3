"""Starting a capstone: a resident starts their own, program staff start one for a resident;
one active capstone per resident, in the form and in the database."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from capstone.models import Project, Stage, StageChange
from tests import factories as f

URL = reverse("capstone:project_add")


def test_resident_starts_their_own_capstone_in_selection(world, as_user):
    response = as_user(world.resident).post(
        URL, {"title": "Discharge before noon", "process": "Discharge", "origin": "own_idea"}
    )
    project = Project.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("capstone:charter_edit", args=[project.pk])
    assert project.lead.user == world.resident
    assert project.stage == Stage.SELECTION
    assert project.program == world.program
    assert project.created_by == world.resident
    start = StageChange.objects.get(project=project)
    assert (start.kind, start.to_stage, start.changed_by) == ("start", "selection", world.resident)


def test_the_coach_defaults_to_the_residents_current_coach(world, as_user):
    as_user(world.resident).post(URL, {"title": "Inbox turnaround"})
    assert Project.objects.get().coach == world.coach


def test_a_resident_without_a_coach_starts_without_one(world, as_user):
    as_user(world.other_resident).post(URL, {"title": "Inbox turnaround"})
    assert Project.objects.get().coach is None


@pytest.mark.parametrize("persona", ["director", "coordinator"])
def test_program_staff_start_a_capstone_for_a_resident(persona, world, as_user):
    response = as_user(getattr(world, persona)).post(
        URL, {"title": "Sepsis antibiotics", "lead": world.resident.resident_profile.pk}
    )
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.lead == world.resident.resident_profile
    assert project.created_by == getattr(world, persona)


def test_staff_cannot_start_a_capstone_for_another_programs_resident(world, as_user):
    outsider = f.ResidentFactory(program=world.other_program)
    response = as_user(world.director).post(URL, {"title": "X", "lead": outsider.pk})
    assert response.status_code == 200
    assert "lead" in response.context["form"].errors
    assert not Project.objects.exists()


def test_staff_must_choose_a_lead(world, as_user):
    response = as_user(world.director).post(URL, {"title": "Sepsis antibiotics"})
    assert "lead" in response.context["form"].errors
    assert not Project.objects.exists()


def test_a_second_active_capstone_is_refused_with_a_clear_message(world, as_user, project):
    response = as_user(world.resident).post(URL, {"title": "Another one"})
    assert response.status_code == 200
    message = " ".join(response.context["form"].non_field_errors())
    assert "already leads an active capstone" in message
    assert project.title in message
    assert Project.objects.count() == 1


def test_staff_get_the_same_message_on_the_lead_field(world, as_user, project):
    response = as_user(world.director).post(
        URL, {"title": "Another", "lead": world.resident.resident_profile.pk}
    )
    assert "already leads an active capstone" in " ".join(response.context["form"].errors["lead"])
    assert Project.objects.count() == 1


@pytest.mark.parametrize("final", [Stage.CLOSED, Stage.WITHDRAWN])
def test_a_closed_or_withdrawn_capstone_leaves_room_for_a_new_one(final, world, as_user, project):
    project.stage = final
    project.save()
    response = as_user(world.resident).post(URL, {"title": "The next one"})
    assert response.status_code == 302
    assert Project.objects.count() == 2


def test_the_database_refuses_two_active_capstones_for_one_lead(world, project):
    with pytest.raises(IntegrityError), transaction.atomic():
        f.ProjectFactory(lead=project.lead)


def test_the_database_allows_a_new_capstone_beside_a_closed_one(world, project):
    project.stage = Stage.CLOSED
    project.save()
    f.ProjectFactory(lead=project.lead)
    assert Project.objects.filter(lead=project.lead).count() == 2


@pytest.mark.parametrize("status", ["applicant", "not_enrolled", "withdrawn"])
def test_a_resident_outside_the_pathway_cannot_start_a_capstone(status, world, as_user):
    profile = world.resident.resident_profile
    profile.pathway_status = status
    profile.save()
    response = as_user(world.resident).post(URL, {"title": "Discharge before noon"})
    assert response.status_code == 200
    assert "is not in the pathway" in " ".join(response.context["form"].non_field_errors())
    assert not Project.objects.exists()
    listing = as_user(world.resident).get(reverse("capstone:project_list"))
    assert listing.context["can_start"] is False


def test_a_title_is_required(world, as_user):
    response = as_user(world.resident).post(URL, {"title": ""})
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert "Nothing was saved" in response.content.decode()
    assert not Project.objects.exists()


def test_the_form_shows_the_lead_field_only_to_staff(world, as_user):
    assert "lead" not in as_user(world.resident).get(URL).context["form"].fields
    assert "lead" in as_user(world.director).get(URL).context["form"].fields


@pytest.mark.parametrize("persona", ["coach", "sponsor"])
def test_coaches_and_sponsors_cannot_start_a_capstone(persona, world, as_user):
    assert as_user(getattr(world, persona)).post(URL, {"title": "X"}).status_code == 403
    assert not Project.objects.exists()


def test_starting_refuses_other_methods(world, as_user):
    assert as_user(world.resident).put(URL).status_code == 405
