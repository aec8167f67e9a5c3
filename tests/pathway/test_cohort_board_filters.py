"""Filtering the cohort board: by class, track, coach, capstone stage and milestone status;
filters combine, the count follows, and a value that is not a choice is explained."""

import pytest
from django.urls import reverse

from capstone.models import Stage
from pathway.dashboards.cohort import BoardFilters, cohort_board, filter_rows
from pathway.models import PathwayStatus, Track
from tests import factories as f
from tests.pathway import board_setup as b

pytestmark = pytest.mark.django_db

URL = reverse("pathway:cohort_board")


@pytest.fixture
def cohort(world):
    """Rosa (PGY-2, Cora's, categorical) and Otto (PGY-1, no coach) from `world`, plus:"""
    program = world.program
    kim = f.coach_in(program, user__full_name="Kim Kagawa")
    step = b.templates(program, names=("Present",))[0]
    people = {
        "Paula Primary": b.resident(
            program,
            name="Paula Primary",
            pgy=3,
            track=Track.PRIMARY_CARE,
            coach=kim,
            stage=Stage.ON_HOLD,
        ),
        "Cal Categorical": b.resident(
            program, name="Cal Categorical", pgy=3, coach=kim, stage=Stage.RESULTS
        ),
        "Alma Alumna": b.resident(
            program, name="Alma Alumna", pgy=3, pathway_status=PathwayStatus.COMPLETED
        ),
    }
    b.milestone(people["Paula Primary"], step, due_in=-10)
    b.milestone(people["Cal Categorical"], step, due_in=5)
    b.milestone(people["Alma Alumna"], step, due_in=-300, done_days_ago=290)
    b.milestone(world.resident.resident_profile, step, due_in=120)
    return {"kim": kim, **people}


def shown(response):
    return sorted(row.name for group in response.context["groups"] for row in group.rows)


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"cohort": "pgy1"}, ["Otto Other"]),
        ({"cohort": "pgy3"}, ["Cal Categorical", "Paula Primary"]),
        ({"cohort": "alumni"}, ["Alma Alumna"]),
        ({"track": "primary_care"}, ["Paula Primary"]),
        ({"coach": "none"}, ["Alma Alumna", "Otto Other"]),
        ({"stage": "on_hold"}, ["Paula Primary"]),
        ({"stage": "none"}, ["Alma Alumna", "Otto Other", "Rosa Resident"]),
        ({"milestones": "overdue"}, ["Paula Primary"]),
        ({"milestones": "due_soon"}, ["Cal Categorical"]),
        ({"milestones": "on_track"}, ["Alma Alumna", "Otto Other", "Rosa Resident"]),
    ],
)
def test_each_filter_narrows_the_board(query, expected, cohort, world, as_user):
    response = as_user(world.director).get(URL, query)

    assert response.status_code == 200
    assert shown(response) == expected
    html = response.content.decode()
    assert f"Showing <strong>{len(expected)}</strong> of 5 residents." in html
    assert "Clear filters" in html


def test_filtering_by_coach_uses_the_coaches_on_the_board(cohort, world, as_user):
    response = as_user(world.director).get(URL, {"coach": cohort["kim"].pk})

    assert shown(response) == ["Cal Categorical", "Paula Primary"]
    html = response.content.decode()
    assert f'<option value="{cohort["kim"].pk}" selected>Kim Kagawa</option>' in html
    assert f'<option value="{world.coach.pk}">Cora Coach</option>' in html


def test_at_risk_shows_only_residents_with_a_reason(cohort, world, as_user):
    response = as_user(world.director).get(URL, {"milestones": "at_risk"})

    # Otto has no coach and no reports; Paula is overdue and on hold; Rosa has no sponsor
    # (PGY-2 without a capstone). Cal's capstone reached Results, which needs an accepted
    # sponsor, and nothing is overdue: on track. Alumni are never at risk.
    assert shown(response) == ["Otto Other", "Paula Primary", "Rosa Resident"]


def test_filters_combine(cohort, world, as_user):
    response = as_user(world.director).get(
        URL, {"cohort": "pgy3", "coach": cohort["kim"].pk, "milestones": "due_soon"}
    )

    assert shown(response) == ["Cal Categorical"]
    assert "Showing <strong>1</strong> of 5 residents." in response.content.decode()


def test_a_filter_matching_nobody_says_so_and_offers_to_clear(cohort, world, as_user):
    html = as_user(world.director).get(URL, {"cohort": "pgy1", "track": "primary_care"})
    html = html.content.decode()

    assert "No residents match these filters." in html
    assert "Showing <strong>0</strong> of 5 residents." in html
    assert f'<a href="{URL}">Clear filters</a>' in html


def test_the_unfiltered_board_counts_everyone_and_offers_no_clearing(cohort, world, as_user):
    html = as_user(world.director).get(URL).content.decode()

    assert "<strong>5</strong> residents in the pathway and alumni." in html
    assert "Clear filters" not in html


@pytest.mark.parametrize(
    "query, message",
    [
        ({"cohort": "pgy9"}, "Class: “pgy9” is not one of the choices"),
        ({"track": "surgery"}, "Track: “surgery” is not one of the choices"),
        ({"coach": "999999"}, "KPO coach: “999999” is not one of the choices"),
        ({"coach": "<b>x</b>"}, "KPO coach: “&lt;b&gt;x&lt;/b&gt;” is not one of the choices"),
        ({"stage": "finished"}, "Capstone stage: “finished” is not one of the choices"),
        ({"milestones": "late"}, "Milestones: “late” is not one of the choices"),
    ],
)
def test_a_value_that_is_not_a_choice_is_explained_and_left_out(
    query, message, cohort, world, as_user
):
    response = as_user(world.director).get(URL, {**query, "track": "primary_care"} | query)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters were not understood." in html
    assert message in html
    if "track" not in query:
        # The valid filter still applies.
        assert shown(response) == ["Paula Primary"]


def test_the_filter_functions_work_on_the_assembled_board(cohort, world):
    board = cohort_board(program=world.program, today=b.today())

    rows = filter_rows(board.rows, filters=BoardFilters(cohort="pgy3", track="categorical"))

    assert [row.name for row in rows] == ["Cal Categorical"]
    assert not BoardFilters().active and BoardFilters(stage="none").active
