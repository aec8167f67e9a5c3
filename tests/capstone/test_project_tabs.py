"""The project page's tabs: one URL each, readable by everyone on the project, showing the
record of that part."""

import pytest
from django.urls import reverse

from capstone.models import Stage
from tests import factories as f
from tests.capstone.conftest import make_project

TABS = [
    "project_detail",
    "project_current_state",
    "project_event",
    "project_implementation",
    "project_results",
    "project_dissemination",
    "project_history",
]


@pytest.fixture
def full_project(world):
    project = make_project(world, Stage.CLOSED)
    f.AttachmentFactory(project=project, title="Value stream map")
    return project


def get(client, name, project):
    return client.get(reverse(f"capstone:{name}", args=[project.pk]))


@pytest.mark.parametrize("name", TABS)
@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor", "director", "coordinator"])
def test_everyone_on_the_project_reads_every_tab(name, persona, world, as_user, full_project):
    response = get(as_user(getattr(world, persona)), name, full_project)
    assert response.status_code == 200
    page = response.content.decode()
    assert full_project.title in page
    assert 'aria-current="page"' in page  # the tab is marked as the current one


@pytest.mark.parametrize("name", TABS)
def test_another_resident_and_another_program_get_404(name, world, as_user, full_project):
    assert get(as_user(world.other_resident), name, full_project).status_code == 404
    assert get(as_user(world.other_director), name, full_project).status_code == 404


@pytest.mark.parametrize("name", TABS)
def test_tabs_refuse_post(name, world, as_user, full_project):
    response = as_user(world.resident).post(reverse(f"capstone:{name}", args=[full_project.pk]))
    assert response.status_code == 405


def test_charter_tab_shows_the_charter_people_and_team(world, as_user, full_project):
    page = get(as_user(world.sponsor), "project_detail", full_project).content.decode()
    assert full_project.aim_sentence in page
    assert world.coach.display_name in page
    assert world.sponsor.display_name in page
    assert full_project.team_members.first().name in page


def test_current_state_tab_shows_steps_wastes_times_and_analysis(world, as_user, full_project):
    f.TimeObservationFactory(project=full_project, cycle_times=["10", "20", "12"])
    f.CauseFactory(project=full_project, text="Pharmacy opens at 9")
    page = get(as_user(world.resident), "project_current_state", full_project).content.decode()
    assert "Discharge order written" in page  # a step
    assert "Waiting: 1" in page  # the summary by category, zero counts included
    assert "Motion: 0" in page
    assert "14 min" in page and "12 min" in page and "10–20 min" in page  # mean, median, range
    assert "are discharges late" in page  # 5 Whys
    assert "Pharmacy opens at 9" in page
    assert "Value stream map" in page


def test_event_tab_shows_the_roster_ideas_tests_and_report_out(world, as_user, full_project):
    page = get(as_user(world.coach), "project_event", full_project).content.decode()
    assert "KPO coach, facilitator" in page
    assert "Leader" in page
    assert "Identify tomorrow" in page  # an idea
    assert "Afternoon discharge huddle, one team" in page  # a test of change
    assert "We tested an afternoon huddle" in page  # the report-out


def test_implementation_tab_makes_overdue_actions_stand_out(world, as_user, full_project):
    from datetime import timedelta

    from django.utils import timezone

    f.ActionItemFactory(
        project=full_project,
        what="Print the checklist",
        due_on=timezone.localdate() - timedelta(days=3),
    )
    response = get(as_user(world.resident), "project_implementation", full_project)
    page = response.content.decode()
    assert response.context["overdue_count"] == 1
    assert "1 overdue action" in page
    assert "overdue-row" in page
    assert "Overdue 3" in page


def test_results_tab_compares_baseline_and_post_event_centres(world, as_user, full_project):
    page = get(as_user(world.director), "project_results", full_project).content.decode()
    # The measure is continuous, so its chart is an I chart and the centres are means.
    assert "baseline mean (1 point)" in page
    assert "post-event mean (1 point)" in page
    assert "14%" in page and "30%" in page
    assert "+16 percentage points <span" in page and "(+114.3%)" in page
    assert "change — better" in page
    # One point after the event cannot be a signal.
    assert "no signal of improvement on the chart" in page


def test_dissemination_tab_links_the_a3_and_the_abstract(world, as_user, full_project):
    f.PublicationFactory(project=full_project)
    page = get(as_user(world.resident), "project_dissemination", full_project).content.decode()
    assert reverse("capstone:a3_pdf", args=[full_project.pk]) in page
    assert reverse("capstone:abstract_draft", args=[full_project.pk]) in page
    assert "Medicine grand rounds" in page
    assert "https://doi.org/10.1136/bmjoq-2025-002345" in page


def test_editing_links_show_only_to_the_leads(world, as_user, full_project):
    edit = reverse("capstone:charter_edit", args=[full_project.pk])
    assert edit in get(as_user(world.resident), "project_detail", full_project).content.decode()
    assert edit not in get(as_user(world.coach), "project_detail", full_project).content.decode()


@pytest.mark.parametrize("name", TABS)
@pytest.mark.parametrize("rows", [1, 8])
def test_tab_queries_do_not_grow_with_the_record(
    name, rows, world, as_user, django_assert_max_num_queries
):
    project = make_project(world, Stage.CLOSED)
    for _ in range(rows):
        f.ProcessStepFactory(project=project)
        f.WasteObservationFactory(project=project)
        f.IdeaFactory(project=project)
        f.TestOfChangeFactory(project=project).ideas.set(project.ideas.all())
        f.ActionItemFactory(project=project)
        f.DataPointFactory(measure=project.measures.first())
        f.PresentationFactory(project=project)
        f.CommentFactory(project=project)
        f.TeamMemberFactory(project=project)
        f.AttachmentFactory(project=project)
    client = as_user(world.resident)
    # The History tab reads one historical table per audited part (about twenty, the driver
    # diagram's included) and the names its foreign keys point at, however long the history
    # is; the stage history's requests and decisions add their own reads.
    with django_assert_max_num_queries(47 if name == "project_history" else 30):
        assert get(client, name, project).status_code == 200


@pytest.mark.parametrize("measures", [2, 12])
def test_results_tab_queries_do_not_grow_with_measures(
    measures, world, as_user, django_assert_max_num_queries
):
    project = f.ProjectFactory(lead=world.resident.resident_profile, coach=world.coach)
    f.TestOfChangeFactory(project=project)
    for index in range(measures):
        measure = f.MeasureFactory(project=project, name=f"Measure {index}")
        f.measure_series(measure, [10, 12, 11, 13, 15, 16, 17, 16], phase_after=4)
        f.MeasureAnnotationFactory(measure=measure)
    client = as_user(world.resident)
    # 12 for the tab, 1 for the project's coach (the lead's current coach assignment,
    # prefetched) and 2 for the stage card's approvals (the latest request, the rule).
    with django_assert_max_num_queries(15):
        response = client.get(reverse("capstone:project_results", args=[project.pk]))
    assert len(response.context["measure_rows"]) == measures


def test_current_state_tab_counts_the_baseline_points_that_count(world, as_user):
    project = f.ProjectFactory(lead=world.resident.resident_profile, coach=world.coach)
    measure = f.MeasureFactory(project=project, name="Minutes to first antibiotic")
    points = f.measure_series(measure, [150, 138, 146, 131], phase_after=3)
    points[0].excluded, points[0].excluded_reason = True, "Wrong unit"
    points[0].save()
    response = get(as_user(world.resident), "project_current_state", project)
    page = response.content.decode()
    chart = reverse("capstone:measure_chart", args=[project.pk, measure.pk])
    assert f'<a href="{chart}">Minutes to first antibiotic</a>' in page
    assert '<td class="text-end">2</td>' in page  # 3 baseline points, 1 excluded
    assert reverse("capstone:measure_paste", args=[project.pk, measure.pk]) in page


@pytest.mark.parametrize("people", [1, 8])
def test_the_charter_tab_costs_the_same_queries_for_a_small_or_a_large_team(
    people, world, as_user, django_assert_max_num_queries
):
    project = make_project(world, Stage.CURRENT_STATE)
    for _ in range(people):
        project.co_leads.add(f.UserFactory(program=world.program))
        f.TeamMemberFactory(project=project)
        f.CommentFactory(project=project)
    client = as_user(world.resident)
    # The session with its user; the frame (the project with its lead's current coach, the
    # next stage's requirements, the latest stage request and its approval rule); the tab's
    # co-leads, team and comments, whatever their number.
    with django_assert_max_num_queries(19):
        assert get(client, "project_detail", project).status_code == 200


@pytest.mark.parametrize("name", TABS)
def test_a_project_number_too_big_for_the_database_is_a_404_on_every_tab(name, world, as_user):
    # SQLite refused a number past 64 bits as a query parameter: each tab answered 500.
    response = as_user(world.resident).get(reverse(f"capstone:{name}", args=[2**64]))
    assert response.status_code == 404
