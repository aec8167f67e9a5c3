"""Editing the current-state description (with takt time) and the results narrative."""

from decimal import Decimal

import pytest
from django.urls import reverse


def cs_url(project):
    return reverse("capstone:current_state_edit", args=[project.pk])


def results_url(project):
    return reverse("capstone:results_edit", args=[project.pk])


def test_lead_describes_the_current_state_and_gets_the_takt_time(world, as_user, project):
    response = as_user(world.resident).post(
        cs_url(project),
        {
            "process_description": "Orders, then medications, then a ride.",
            "takt_demand": "20",
            "takt_demand_unit": "discharges",
            "takt_available_minutes": "480",
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.takt_time_minutes == Decimal("24")
    page = as_user(world.resident).get(reverse("capstone:project_current_state", args=[project.pk]))
    assert "Takt time: 24 minutes" in page.content.decode()


def test_the_takt_inputs_must_be_positive(world, as_user, project):
    response = as_user(world.resident).post(
        cs_url(project), {"process_description": "x", "takt_demand": "0"}
    )
    assert "takt_demand" in response.context["form"].errors
    project.refresh_from_db()
    assert project.process_description == ""


def test_no_takt_time_without_both_inputs(project):
    project.takt_demand = Decimal("20")
    assert project.takt_time_minutes is None


def test_lead_writes_the_results(world, as_user, project):
    response = as_user(world.resident).post(
        results_url(project),
        {
            "results_what_changed": "Before noon: 14% to 31%.",
            "results_balancing": "Readmissions unchanged.",
            "results_lessons": "Start the day before.",
            "results_spread": "4 North next.",
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.results_lessons == "Start the day before."


def test_an_empty_results_form_is_saved_not_shown_again(world, as_user, project):
    project.results_lessons = "Old text"
    project.save()
    response = as_user(world.resident).post(results_url(project), {})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.results_lessons == ""


@pytest.mark.parametrize("persona", ["coach", "sponsor", "director", "coordinator"])
def test_only_the_leads_edit_sections(persona, world, as_user, project):
    client = as_user(getattr(world, persona))
    assert client.post(cs_url(project), {"process_description": "x"}).status_code == 403
    assert client.post(results_url(project), {"results_lessons": "x"}).status_code == 403
    project.refresh_from_db()
    assert project.process_description == "" and project.results_lessons == ""


def test_another_programs_director_gets_a_404(world, as_user, project):
    assert as_user(world.other_director).get(cs_url(project)).status_code == 404
    assert as_user(world.other_director).get(results_url(project)).status_code == 404


def test_section_edits_refuse_other_methods(world, as_user, project):
    assert as_user(world.resident).delete(cs_url(project)).status_code == 405
    assert as_user(world.resident).delete(results_url(project)).status_code == 405
