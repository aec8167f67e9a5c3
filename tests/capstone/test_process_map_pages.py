"""The process map page: both maps drawn and tabled with the ratio in words, and the step and
time observation forms that feed it."""

import pytest
from django.urls import reverse

from capstone.models import MapState, ProcessStep, TimeObservation
from tests.capstone.qi_tools_factories import fill_qi_tools
from tests.capstone.qi_tools_helpers import counted_get, parsed_svg


def url(project):
    return reverse("capstone:process_map", args=[project.pk])


def test_the_page_draws_both_maps_and_compares_them_in_words(world, as_user, project):
    fill_qi_tools(project)
    response = as_user(world.director).get(url(project))
    html = response.content.decode()
    assert (
        "After the event the lead time fell from 375 to 105 minutes (72% shorter), and the "
        "value-added share went from 15% to 48%." in html
    )
    assert "Lead time 375 minutes, of which 55 add value (value-stream ratio 15%)" in html
    (before, before_svg), (after, after_svg) = response.context["maps"]
    for svg in (before_svg, after_svg):
        parsed_svg(svg)
    assert 'class="qi-nva"' in before_svg and 'class="qi-nva"' not in after_svg
    assert [s.number for s in after.steps] == [1, 2, 3, 4]


def test_markup_in_a_step_is_drawn_as_text(world, as_user, project):
    ProcessStep.objects.create(project=project, position=1, description="<b>Triage</b>", minutes=5)
    html = as_user(world.resident).get(url(project)).content.decode()
    assert "<b>Triage</b>" not in html and "&lt;b&gt;Triage&lt;/b&gt;" in html


def test_no_steps_yet_says_so_for_each_map(world, as_user, project):
    html = as_user(world.resident).get(url(project)).content.decode()
    assert "No steps yet" in html and "No after-the-event steps yet" in html


def test_a_lead_records_an_after_the_event_value_added_step_and_a_wait(world, as_user, project):
    client = as_user(world.resident)
    response = client.post(
        reverse("capstone:part_add", args=[project.pk, "step"]),
        {
            "description": "Discharge flagged at huddle",
            "minutes": "10",
            "value_added": "on",
            "state": "after",
        },
    )
    assert response.status_code == 302
    step = project.steps.get()
    assert (step.state, step.value_added) == (MapState.AFTER, True)
    client.post(
        reverse("capstone:part_add", args=[project.pk, "timing"]),
        {"step": "Discharge flagged at huddle", "kind": "wait", "times": "20, 30"},
    )
    assert project.time_observations.get().kind == TimeObservation.Kind.WAIT


def test_a_step_posted_without_a_map_belongs_to_the_current_state(world, as_user, project):
    as_user(world.resident).post(
        reverse("capstone:part_add", args=[project.pk, "step"]),
        {"description": "Triage", "minutes": "5"},
    )
    step = project.steps.get()
    assert (step.state, step.value_added) == (MapState.CURRENT, False)


def test_an_unknown_map_is_refused_and_nothing_saved(world, as_user, project):
    response = as_user(world.resident).post(
        reverse("capstone:part_add", args=[project.pk, "step"]),
        {"description": "Triage", "state": "someday"},
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not project.steps.exists()


@pytest.mark.parametrize("size", [1, 5])
def test_the_process_map_costs_the_same_queries_at_two_sizes(
    world, as_user, project, size, django_assert_num_queries
):
    fill_qi_tools(project, size)
    # The session with its user, the project with its lead's coach, the steps, the
    # observations, the co-lead check.
    response = counted_get(as_user(world.resident), url(project), django_assert_num_queries, 5)
    before, after = (m for m, _ in response.context["maps"])
    assert (len(before.steps), len(after.steps)) == (6 * size, 4 * size)


def test_the_current_state_tab_marks_value_added_after_the_event_steps_and_waits(
    world, as_user, project
):
    fill_qi_tools(project)
    html = (
        as_user(world.resident)
        .get(reverse("capstone:project_current_state", args=[project.pk]))
        .content.decode()
    )
    assert "value-added</span>" in html and "after the event</span>" in html
    assert "wait before it</span>" in html
    assert reverse("capstone:process_map", args=[project.pk]) in html
