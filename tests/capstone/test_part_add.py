"""Adding rows to a project's record (steps, wastes, ideas, actions, measures, …): valid input
is saved on the right tab; invalid input is explained and nothing is saved."""

from datetime import date

import pytest
from django.urls import reverse

from capstone.models import DataPoint, Phase
from capstone.views.parts import PARTS
from tests import factories as f


def url(project, kind):
    return reverse("capstone:part_add", args=[project.pk, kind])


def valid(kind, project):
    """Form data that a lead would type for each kind of row."""
    if kind == "data-point":
        return {
            "measure": f.MeasureFactory(project=project).pk,
            "period": "2025-01-07",
            "value": "12",
            "phase": "baseline",
        }
    if kind == "test":
        return {
            "title": "PDSA 1",
            "plan_what": "Try it",
            "ideas": [f.IdeaFactory(project=project).pk],
        }
    return {
        "step": {"description": "Order written", "performed_by": "Resident", "minutes": "5"},
        "waste": {
            "waste": "waiting",
            "where": "Pharmacy",
            "what": "Queue at the window",
            "observed_on": "2025-01-10",
            "estimated_impact": "20 minutes",
        },
        "timing": {"step": "Fill prescriptions", "times": "10, 12 14; 9.5"},
        "why": {"why": "are discharges late", "because": "summaries come after rounds"},
        "cause": {"category": "methods", "text": "No standard time"},
        "measure": {
            "name": "Before noon",
            "kind": "outcome",
            "unit": "%",
            "direction": "up",
            "data_type": "proportion",
            "collection_frequency": "monthly",
            "chart_mode": "control",
            "baseline_mode": "split",
            "target": "40",
        },
        "team": {"name": "Ana Lopez", "role": "Charge nurse", "on_event_team": "on"},
        "idea": {"idea": "Afternoon huddle", "waste": "waiting", "decision": "test_now"},
        "action": {
            "what": "Train",
            "owner_name": "Educator",
            "due_on": "2030-02-01",
            "status": "open",
        },
        "standard-work": {"title": "Huddle script", "version": "1.0"},
        "presentation": {"venue": "Grand rounds", "presented_on": "2025-05-01", "format": "oral"},
        "abstract": {"title": "Before noon", "conference": "SGIM", "status": "draft"},
        "publication": {
            "journal": "BMJ Open Quality",
            "citation": "Resident A. Before noon. 2030.",
            "doi": "https://doi.org/10.1136/bmjoq-2030-000123",
        },
    }[kind]


ADDABLE = sorted(k for k, p in PARTS.items() if p.can_add and k != "attachment")


def rows(kind, project):
    part = PARTS[kind]
    return part.model.objects.filter(**{part.project_path: project})


@pytest.mark.parametrize("kind", ADDABLE)
def test_lead_adds_a_row_and_returns_to_its_tab(kind, world, as_user, project):
    data = valid(kind, project)
    client = as_user(world.resident)
    assert client.get(url(project, kind)).status_code == 200
    before = rows(kind, project).count()
    response = client.post(url(project, kind), data)
    assert response.status_code == 302, response.context["form"].errors
    if kind == "data-point":  # a point goes back to its measure, where "Add one point" is
        expected = reverse("capstone:measure_chart", args=[project.pk, data["measure"]])
    else:
        expected = reverse(f"capstone:{PARTS[kind].tab}", args=[project.pk])
    assert response.url == expected
    assert rows(kind, project).count() == before + 1


# (kind, bad data over the valid data, the field that explains)
INVALID = [
    ("step", {"description": ""}, "description"),
    ("step", {"minutes": "-3"}, "minutes"),
    ("waste", {"waste": "laziness"}, "waste"),
    ("waste", {"observed_on": "31/31/2030"}, "observed_on"),
    ("timing", {"times": "12"}, "times"),
    ("timing", {"times": "12, ten"}, "times"),
    ("timing", {"times": "12, -4"}, "times"),
    ("why", {"because": ""}, "because"),
    ("cause", {"category": "vibes"}, "category"),
    ("measure", {"direction": "sideways"}, "direction"),
    ("data-point", {"value": ""}, "value"),
    ("data-point", {"value": "", "numerator": "3", "denominator": "0"}, "denominator"),
    ("data-point", {"excluded": "on", "excluded_reason": ""}, "excluded_reason"),
    ("team", {"name": ""}, "user"),
    ("idea", {"decision": "rejected", "rejected_reason": ""}, "rejected_reason"),
    ("test", {"act": "adopt"}, "act"),
    ("action", {"owner_name": ""}, "owner"),
    ("action", {"due_on": ""}, "due_on"),
    ("standard-work", {"title": ""}, "title"),
    ("presentation", {"presented_on": ""}, "presented_on"),
    ("abstract", {"status": "submitted"}, "submitted_on"),
    ("publication", {"doi": "not-a-doi"}, "doi"),
    ("publication", {"doi": "", "pmid": "PMC123"}, "pmid"),
    ("publication", {"doi": "", "pmid": ""}, "__all__"),
]


@pytest.mark.parametrize(
    ("kind", "bad", "field"), INVALID, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(INVALID)]
)
def test_invalid_input_is_explained_and_nothing_is_saved(kind, bad, field, world, as_user, project):
    data = valid(kind, project)
    data.update(bad)
    before = rows(kind, project).count()
    response = as_user(world.resident).post(url(project, kind), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert (
        "Nothing was saved" in response.content.decode()
        or response.context["form"].non_field_errors()
    )
    assert rows(kind, project).count() == before


def test_steps_are_numbered_in_order_when_no_number_is_given(world, as_user, project):
    client = as_user(world.resident)
    for name in ("First", "Second"):
        client.post(url(project, "step"), {"description": name})
    assert list(project.steps.values_list("position", "description")) == [
        (1, "First"),
        (2, "Second"),
    ]


def test_time_observations_compute_mean_median_and_range(world, as_user, project):
    as_user(world.resident).post(url(project, "timing"), {"step": "Fill", "times": "10, 20, 12"})
    timing = project.time_observations.get()
    assert (timing.count, timing.mean, timing.median, timing.range) == (3, 14, 12, 10)


def test_a_data_point_takes_its_phase_from_the_event_dates(world, as_user, project):
    project.event_first_day, project.event_second_day = date(2025, 3, 5), date(2025, 3, 6)
    project.save()
    measure = f.MeasureFactory(project=project)
    client = as_user(world.resident)
    for period in ("2025-02-01", "2025-04-01"):
        client.post(
            url(project, "data-point"), {"measure": measure.pk, "period": period, "value": "5"}
        )
    phases = dict(DataPoint.objects.values_list("period", "phase"))
    assert phases == {date(2025, 2, 1): Phase.BASELINE, date(2025, 4, 1): Phase.POST_EVENT}


def test_a_proportion_is_read_in_percent_for_a_percent_measure(world, as_user, project):
    measure = f.MeasureFactory(project=project, unit="%", data_type="proportion")
    as_user(world.resident).post(
        url(project, "data-point"),
        {"measure": measure.pk, "period": "2025-01-01", "numerator": "3", "denominator": "12"},
    )
    assert DataPoint.objects.get().y == 25


def test_a_data_point_cannot_go_to_another_projects_measure(world, as_user, project, other_project):
    theirs = f.MeasureFactory(project=other_project)
    response = as_user(world.resident).post(
        url(project, "data-point"), {"measure": theirs.pk, "period": "2025-01-01", "value": "1"}
    )
    assert "measure" in response.context["form"].errors
    assert not DataPoint.objects.exists()


def test_a_test_of_change_links_only_this_projects_ideas(world, as_user, project, other_project):
    theirs = f.IdeaFactory(project=other_project)
    response = as_user(world.resident).post(
        url(project, "test"), {"title": "PDSA", "plan_what": "x", "ideas": [theirs.pk]}
    )
    assert "ideas" in response.context["form"].errors


def test_a_test_of_change_is_linked_to_the_ideas_it_tests(world, as_user, project):
    idea = f.IdeaFactory(project=project)
    as_user(world.resident).post(
        url(project, "test"), {"title": "PDSA", "plan_what": "x", "ideas": [idea.pk]}
    )
    assert list(project.tests_of_change.get().ideas.all()) == [idea]


def test_a_team_member_with_an_account_is_chosen_from_the_program(world, as_user, project):
    nurse = f.UserFactory(program=world.program)
    outsider = f.UserFactory(program=world.other_program)
    client = as_user(world.resident)
    response = client.post(url(project, "team"), {"user": outsider.pk, "role": "Nurse"})
    assert "user" in response.context["form"].errors
    client.post(url(project, "team"), {"user": nurse.pk, "role": "Nurse"})
    response = client.post(url(project, "team"), {"user": nurse.pk, "role": "Nurse"})
    assert "already on the team" in str(response.context["form"].errors)
    response = client.post(url(project, "team"), {"user": world.resident.pk, "role": "Lead"})
    assert "The lead is on the team already" in str(response.context["form"].errors)
    response = client.post(url(project, "team"), {"user": nurse.pk, "name": "Also", "role": "x"})
    assert "not both" in str(response.context["form"].errors)
    assert project.team_members.count() == 1


def test_an_idea_owner_is_a_person_or_a_name_not_both(world, as_user, project):
    response = as_user(world.resident).post(
        url(project, "idea"), {"idea": "x", "owner": world.resident.pk, "owner_name": "Someone"}
    )
    assert "owner_name" in response.context["form"].errors


def test_a_doi_link_is_stored_as_the_bare_doi(world, as_user, project):
    as_user(world.resident).post(url(project, "publication"), valid("publication", project))
    assert project.publications.get().doi == "10.1136/bmjoq-2030-000123"


def test_a_pmid_alone_is_enough(world, as_user, project):
    data = valid("publication", project) | {"doi": "", "pmid": "37012345"}
    assert as_user(world.resident).post(url(project, "publication"), data).status_code == 302


def test_the_form_is_prefilled_from_the_query_string(world, as_user, project):
    measure = f.MeasureFactory(project=project)
    response = as_user(world.resident).get(
        url(project, "data-point") + f"?measure={measure.pk}&phase=baseline"
    )
    assert response.context["form"].initial == {"measure": str(measure.pk), "phase": "baseline"}


def test_follow_ups_are_scheduled_not_added(world, as_user, project):
    assert as_user(world.resident).get(url(project, "follow-up")).status_code == 404


def test_an_unknown_kind_is_a_404(world, as_user, project):
    assert as_user(world.resident).get(url(project, "spaceship")).status_code == 404


@pytest.mark.parametrize("persona", ["coach", "sponsor", "director", "coordinator"])
def test_only_the_leads_add_rows(persona, world, as_user, project):
    response = as_user(getattr(world, persona)).post(url(project, "step"), {"description": "x"})
    assert response.status_code == 403
    assert not project.steps.exists()


def test_another_resident_gets_a_404(world, as_user, project):
    assert (
        as_user(world.other_resident).post(url(project, "step"), {"description": "x"}).status_code
        == 404
    )


def test_adding_refuses_other_methods(world, as_user, project):
    assert as_user(world.resident).put(url(project, "step")).status_code == 405


def test_a_link_from_another_tab_returns_there(world, as_user, project):
    response = as_user(world.resident).post(
        url(project, "team") + "?back=project_detail", {"name": "Ana Lopez", "role": "RN"}
    )
    assert response.url == project.get_absolute_url()


def test_an_unknown_return_tab_is_ignored(world, as_user, project):
    response = as_user(world.resident).post(
        url(project, "team") + "?back=https://evil.example", {"name": "Ana Lopez", "role": "RN"}
    )
    assert response.url == reverse("capstone:project_event", args=[project.pk])
