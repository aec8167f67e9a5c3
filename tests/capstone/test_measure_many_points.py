"""A measure with thousands of points: the page stays light (the drawing is thinned, the
table pages) while the analysis still reads every point."""

import random
from datetime import date

import pytest
from django.urls import reverse

from capstone.chartthin import stretches_for, thin_for_drawing
from capstone.models import Stage
from tests import factories as f
from tests.capstone.conftest import make_project

POINTS = 5000
OUTLIER = 1234  # a baseline day far above the limits
MAX_HTML = 500 * 1024


def daily_values(count, seed=3):
    """A daily series: mean 60 for the first half, 48 after (a real improvement)."""
    rng = random.Random(seed)
    values = [round(rng.gauss(60 if i < count // 2 else 48, 6), 1) for i in range(count)]
    values[OUTLIER] = 160.0
    return values


@pytest.fixture
def big(world):
    project = make_project(world, Stage.RESULTS)
    item = f.MeasureFactory(project=project, direction="down", unit="minutes")
    f.measure_series(
        item, daily_values(POINTS), start=date(2012, 1, 1), phase_after=POINTS // 2, days=1
    )
    return item


def url(measure, query=""):
    return reverse("capstone:measure_chart", args=[measure.project_id, measure.pk]) + query


def test_a_measure_of_5000_points_is_a_page_of_at_most_500_kb(world, as_user, big):
    response = as_user(world.resident).get(url(big))

    assert response.status_code == 200
    assert len(response.content) <= MAX_HTML


def test_the_analysis_finds_the_signals_on_all_5000_points(world, as_user, big):
    chart = as_user(world.resident).get(url(big)).context["chart"]

    assert len(chart.analysis["points"]) == POINTS
    assert "outside" in chart.analysis["points"][OUTLIER]["signals"]
    # The drop after the event is a signal against the baseline.
    assert chart.summary.signal and chart.summary.is_better
    assert chart.summary.baseline_points == chart.summary.post_points == POINTS // 2


def test_the_drawing_keeps_the_point_outside_the_limits_and_says_it_has_every_point(
    world, as_user, big
):
    page = as_user(world.resident).get(url(big)).content.decode()

    assert page.count('class="point point-outside"') >= 2  # the large and the small chart
    assert f"of {POINTS} points, drawn as" in page
    assert "the analysis uses every point" in page


def test_the_table_shows_50_points_a_page_and_pages_to_the_last(world, as_user, big):
    client = as_user(world.resident)
    first = client.get(url(big))
    last = client.get(url(big, "?rules=anhoej&page=100"))

    assert len(first.context["table"]) == 50
    assert "Points 1–50 of 5000" in first.content.decode()
    assert "Points 4951–5000 of 5000" in last.content.decode()
    # The page links keep the chart's options.
    assert "?rules=anhoej&page=99" in last.content.decode()


@pytest.mark.parametrize("points", [300, 3000])
def test_the_chart_page_costs_the_same_queries_for_hundreds_or_thousands_of_points(
    points, world, as_user, django_assert_max_num_queries
):
    item = f.MeasureFactory(project=make_project(world, Stage.RESULTS))
    f.measure_series(item, daily_values(points + OUTLIER)[:points], phase_after=points // 2)
    client = as_user(world.resident)

    # As a measure of a dozen points (test_measure_chart): the table's page reads its notes.
    with django_assert_max_num_queries(12):
        response = client.get(url(item))

    assert response.context["table"].paginator.count == points


def analysis_of(values, *, phases=((0, None),), freeze=None):
    points = [{"y": v, "cl": 50.0, "lcl": 40.0, "ucl": 60.0, "signals": []} for v in values]
    spans = []
    for k, (start, _) in enumerate(phases):
        end = phases[k + 1][0] - 1 if k + 1 < len(phases) else len(values) - 1
        spans.append({"start": start, "end": end, "cl": 50.0})
    return {"chart": "i", "points": points, "phases": spans, "freeze": freeze}


def test_a_series_that_fits_the_chart_is_drawn_point_for_point():
    analysis = analysis_of([50.0] * 100)

    drawing = thin_for_drawing(analysis, [str(i) for i in range(100)], [(5, "note")], width=900)

    assert not drawing.thinned
    assert drawing.analysis is analysis


def test_a_long_series_is_drawn_as_the_low_and_high_of_each_stretch_within_its_phases():
    values = [50.0 + (i % 7) for i in range(4000)]
    values[2999] = None  # excluded, in the second phase
    analysis = analysis_of(values, phases=((0, None), (3000, None)))
    analysis["points"][10]["signals"] = ["shift"]
    labels = [f"day {i}" for i in range(4000)]

    drawing = thin_for_drawing(analysis, labels, [(3500, "PDSA 1")], width=900)

    assert drawing.thinned and drawing.drawn <= 2 * stretches_for(900) + 2
    first, second = drawing.analysis["phases"]
    drawn = drawing.analysis["points"]
    # No stretch crosses the phase boundary: the second phase starts at day 3000's stretch.
    assert drawing.labels[second["start"]].startswith("day 30")
    assert first["end"] == second["start"] - 1 and second["end"] == len(drawn) - 1
    assert all(p["y"] in (50.0, 56.0) for p in drawn[: second["start"]])
    # The shift is still coloured where it is, and the note still points inside the phase.
    assert "shift" in drawn[0]["signals"]
    assert drawing.annotations[0][0] >= second["start"]
