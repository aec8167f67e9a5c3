"""Editing a row of the record, including the 30/60/90-day follow-ups."""

from datetime import date

import pytest
from django.urls import reverse

from capstone.models import FollowUp
from tests import factories as f


def url(project, kind, item):
    return reverse("capstone:part_edit", args=[project.pk, kind, item.pk])


def test_lead_edits_a_step(world, as_user, project):
    step = f.ProcessStepFactory(project=project)
    client = as_user(world.resident)
    assert client.get(url(project, "step", step)).status_code == 200
    response = client.post(
        url(project, "step", step), {"position": "3", "description": "Renamed", "minutes": "7"}
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.position, step.description) == (3, "Renamed")


def test_an_action_marked_done_records_when(world, as_user, project):
    action = f.ActionItemFactory(project=project)
    as_user(world.resident).post(
        url(project, "action", action),
        {"what": action.what, "owner_name": "Educator", "due_on": "2030-01-01", "status": "done"},
    )
    action.refresh_from_db()
    assert action.completed_on is not None
    assert not action.is_overdue()


def test_invalid_edit_keeps_the_row_as_it_was(world, as_user, project):
    step = f.ProcessStepFactory(project=project, description="Original")
    response = as_user(world.resident).post(url(project, "step", step), {"description": ""})
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    step.refresh_from_db()
    assert step.description == "Original"


def test_a_time_observation_shows_its_times_for_editing(world, as_user, project):
    timing = f.TimeObservationFactory(project=project, cycle_times=["12", "15"])
    form = as_user(world.resident).get(url(project, "timing", timing)).context["form"]
    assert form.initial["times"] == "12, 15"


def test_recording_a_follow_up(world, as_user, project):
    follow_up = f.FollowUpFactory(project=project, day=30, due_on=date(2025, 4, 5))
    response = as_user(world.resident).post(
        url(project, "follow-up", follow_up),
        {
            "due_on": "2025-04-05",
            "held_on": "2025-04-06",
            "measures_reviewed": "Before-noon %",
            "sustained": "partly",
            "actions_agreed": "Retrain nights",
        },
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.held_on, follow_up.sustained) == (date(2025, 4, 6), "partly")
    assert follow_up.due_on_edited is False


def test_changing_a_follow_ups_due_date_marks_it_as_chosen(world, as_user, project):
    follow_up = f.FollowUpFactory(project=project, day=60, due_on=date(2030, 5, 5))
    as_user(world.resident).post(url(project, "follow-up", follow_up), {"due_on": "2030-05-12"})
    follow_up.refresh_from_db()
    assert follow_up.due_on == date(2030, 5, 12)
    assert follow_up.due_on_edited is True


def test_a_sustained_answer_needs_the_date_it_was_held(world, as_user, project):
    follow_up = f.FollowUpFactory(project=project)
    response = as_user(world.resident).post(
        url(project, "follow-up", follow_up), {"due_on": "2030-05-12", "sustained": "yes"}
    )
    assert "held_on" in response.context["form"].errors
    assert FollowUp.objects.get(pk=follow_up.pk).sustained == ""


def test_an_attachments_title_and_section_can_change_but_not_its_file(world, as_user, project):
    attachment = f.AttachmentFactory(project=project)
    client = as_user(world.resident)
    assert "upload" not in client.get(url(project, "attachment", attachment)).context["form"].fields
    response = client.post(
        url(project, "attachment", attachment),
        {"section": "event", "kind": "photo", "title": "Whiteboard"},
    )
    assert response.url == reverse("capstone:project_event", args=[project.pk])
    attachment.refresh_from_db()
    assert (attachment.section, attachment.title) == ("event", "Whiteboard")


def test_a_row_of_another_project_is_a_404_even_through_my_project(
    world, as_user, project, other_project
):
    theirs = f.ProcessStepFactory(project=other_project)
    response = as_user(world.resident).post(url(project, "step", theirs), {"description": "x"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.description != "x"


def test_another_projects_row_is_a_404_for_every_kind_of_row(world, as_user, project):
    other = f.ProjectFactory(lead=f.ResidentFactory(program=world.program))
    their_rows = {
        "waste": f.WasteObservationFactory(project=other),
        "idea": f.IdeaFactory(project=other),
        "action": f.ActionItemFactory(project=other),
        "data-point": f.DataPointFactory(measure=f.MeasureFactory(project=other)),
        "attachment": f.AttachmentFactory(project=other),
        "follow-up": f.FollowUpFactory(project=other),
    }
    client = as_user(world.resident)
    for kind, row in their_rows.items():
        assert client.get(url(project, kind, row)).status_code == 404, kind


@pytest.mark.parametrize("persona", ["coach", "sponsor", "director", "coordinator"])
def test_only_the_leads_edit_rows(persona, world, as_user, project):
    step = f.ProcessStepFactory(project=project, description="Original")
    response = as_user(getattr(world, persona)).post(
        url(project, "step", step), {"description": "x"}
    )
    assert response.status_code == 403
    step.refresh_from_db()
    assert step.description == "Original"


def test_editing_refuses_other_methods(world, as_user, project):
    step = f.ProcessStepFactory(project=project)
    assert as_user(world.resident).put(url(project, "step", step)).status_code == 405
