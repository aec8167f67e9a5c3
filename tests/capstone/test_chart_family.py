"""Every chart type of the family through the app: the measure's data type picks the chart,
the drawing and its words, the baseline vs post-event summary, the sponsor's sparkline and
the A3's measure table (the shared functions the documents use)."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from capstone.charts import MeasureChart
from capstone.documents.abstract import abstract_prefill
from capstone.documents.story import project_story
from capstone.models import DataPoint, DataType, Phase, Stage
from capstone.models.measures import subgroup_mean
from pathway.dashboards.sponsor import sparkline
from tests import factories as f
from tests.capstone.conftest import make_project

START = date(2024, 1, 1)


@pytest.fixture
def project(world):
    item = make_project(world, Stage.RESULTS)
    item.event_first_day = START + timedelta(days=7 * 12)
    item.event_second_day = item.event_first_day + timedelta(days=1)
    item.save()
    return item


def add_points(measure, rows, *, days=7):
    """rows: dicts of DataPoint fields; one every `days`, post-event from the event on."""
    points = []
    for index, fields in enumerate(rows):
        period = START + timedelta(days=fields.pop("day", days * index))
        points.append(
            DataPoint(
                measure=measure,
                period=period,
                phase=DataPoint.phase_for(measure.project, period),
                **fields,
            )
        )
    DataPoint.objects.bulk_create(points)


def subgroup_measure(project, chart=""):
    measure = f.MeasureFactory(
        project=project, data_type=DataType.SUBGROUP, unit="minutes", control_chart=chart
    )
    rng = random.Random(3)
    rows = []
    for week in range(24):
        centre = 40 if week < 12 else 30
        obs = [round(rng.gauss(centre, 4), 1) for _ in range(5)]
        rows.append({"observations": obs, "value": subgroup_mean(obs)})
    add_points(measure, rows)
    return measure


def event_dates_measure(project):
    measure = f.MeasureFactory(
        project=project, data_type=DataType.EVENT_DATES, unit="falls", direction="up"
    )
    # Falls every ~10 days before the event, every ~40 days after: longer gaps are better.
    days, day = [], 0
    for gap in [9, 12, 8, 11, 10, 13, 7, 10, 9, 30, 45, 38, 50, 42]:
        day += gap
        days.append(day)
    add_points(measure, [{"day": d, "value": Decimal(1)} for d in days])
    return measure


def between_measure(project):
    measure = f.MeasureFactory(
        project=project, data_type=DataType.BETWEEN, unit="deliveries", direction="up"
    )
    gaps = [12, 30, 5, 22, 18, 9, 40, 15, 25, 11, 20, 14, 90, 120, 75, 200]
    add_points(measure, [{"value": Decimal(g)} for g in gaps])
    return measure


def laney_measure(project, data_type, chart):
    measure = f.MeasureFactory(
        project=project,
        data_type=data_type,
        unit="%" if data_type == DataType.PROPORTION else "per 1,000 days",
        control_chart=chart,
    )
    rng = random.Random(5)
    rows = []
    for _ in range(24):
        den = rng.randint(8000, 12000)
        rows.append({"numerator": int(den * rng.uniform(0.15, 0.25)), "denominator": den})
    add_points(measure, rows)
    return measure


def continuous_measure(project, chart):
    measure = f.MeasureFactory(project=project, unit="minutes", control_chart=chart)
    rng = random.Random(9)
    add_points(measure, [{"value": Decimal(str(round(rng.gauss(50, 5), 1)))} for _ in range(24)])
    return measure


def all_measures(project):
    measures = {
        "xbar": subgroup_measure(project),
        "s": subgroup_measure(project, "s"),
        "t": event_dates_measure(project),
        "g": between_measure(project),
        "pp": laney_measure(project, DataType.PROPORTION, "pp"),
        "up": laney_measure(project, DataType.RATE, "up"),
        "mr": continuous_measure(project, "mr"),
    }
    for chart_name, measure in measures.items():
        measure.name = f"Measure on a {chart_name} chart"
        measure.save(update_fields=["name"])
    return measures


@pytest.mark.django_db
def test_each_measure_is_drawn_as_the_chart_its_data_type_and_choice_give(project):
    for chart_name, measure in all_measures(project).items():
        chart = MeasureChart(measure)

        assert chart.chart == chart_name
        assert chart.error == ""
        svg = chart.svg()
        assert 'class="centre-line"' in svg
        assert chart.title.endswith(chart.title.split(" — ")[1])
        assert chart.legend  # at least "No signal…" or a signal sentence
        assert len(chart.rows) == len(chart.points)


@pytest.mark.django_db
def test_a_chart_choice_that_does_not_suit_the_data_type_falls_back_to_the_usual_chart(
    project,
):
    measure = continuous_measure(project, "xbar")

    assert MeasureChart(measure).chart == "i"


@pytest.mark.django_db
def test_event_dates_become_days_between_events_on_a_t_chart(project):
    measure = event_dates_measure(project)
    chart = MeasureChart(measure)

    ys = [p["y"] for p in chart.analysis["points"]]
    assert ys[0] is None  # the first event starts the clock
    assert ys[1:4] == [12, 8, 11]
    assert chart.unit == "days"
    assert chart.analysis["points"][0]["lcl"] == 0 or chart.analysis["points"][0]["lcl"] > 0
    summary = chart.summary
    assert summary.post_centre > summary.baseline_centre  # falls further apart: better
    assert summary.is_better is True


@pytest.mark.django_db
def test_two_events_on_one_day_give_a_clear_error_not_a_crash(project):
    measure = event_dates_measure(project)
    add_points(measure, [{"day": 9, "value": Decimal(1)}])

    chart = MeasureChart(measure)

    assert chart.analysis is None
    assert "Two events on 10 Jan 2024" in chart.error
    assert chart.svg() == ""


@pytest.mark.django_db
def test_g_chart_lower_limit_is_zero_and_a_long_gap_after_the_event_signals(project):
    chart = MeasureChart(between_measure(project))

    assert all(p["lcl"] == 0 for p in chart.analysis["points"])
    assert chart.summary.centre_word == "median"
    assert chart.summary.signal is True
    assert any("outside" in sentence for sentence in chart.legend)


@pytest.mark.django_db
def test_p_prime_is_shown_in_percent_like_the_p_chart(project):
    chart = MeasureChart(laney_measure(project, DataType.PROPORTION, "pp"))

    assert chart.unit == "%"
    assert 15 < chart.rows[0].cl < 25
    assert "%" in chart.svg()


@pytest.mark.django_db
def test_making_data_count_rules_fall_back_to_anhoej_for_the_new_charts(project):
    chart = MeasureChart(subgroup_measure(project), rules="mdc")

    assert chart.rules == "anhoej"
    assert "Xbar chart uses the Anhøj rules" in chart.rules_note


@pytest.mark.django_db
def test_the_sponsor_sparkline_works_for_every_new_chart(project):
    for chart_name, measure in all_measures(project).items():
        spark = sparkline(measure)

        assert spark.svg, chart_name
        assert "Baseline" in spark.trend


@pytest.mark.django_db
def test_the_documents_story_has_a_measure_row_for_every_new_chart(project):
    # The A3, abstract, deck and poster all read the measures from the one project story.
    all_measures(project)

    rows = [facts.row() for facts in project_story(project).measures]

    assert len(rows) == project.measures.count() >= 7
    for row in rows:
        assert "None" not in " ".join(row)
        assert row[2] != "—"


@pytest.mark.django_db
def test_a_subgroup_point_is_stored_with_its_mean_and_observations_in_the_history(project):
    measure = subgroup_measure(project)
    point = DataPoint(
        measure=measure, period=date(2025, 1, 1), observations=[3, 4.5, 6], phase=Phase.BASELINE
    )

    point.full_clean()

    assert point.value == Decimal("4.5000")
    assert "observations: 3, 4.5, 6" in point.snapshot()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("observations", "message"),
    [([], "at least one"), (["a"], "not a number"), ([1] * 101, "At most 100"), ([1e12], "size")],
)
def test_bad_subgroup_observations_are_refused_with_a_clear_message(project, observations, message):
    point = DataPoint(
        measure=subgroup_measure(project),
        period=date(2025, 1, 1),
        observations=observations,
        phase=Phase.BASELINE,
    )

    with pytest.raises(Exception, match=message):
        point.full_clean()


@pytest.mark.django_db
def test_the_abstract_draft_reports_every_new_chart(project):
    measures = all_measures(project)

    draft = abstract_prefill(project)

    text = str(draft)
    for measure in measures.values():
        assert f"{measure.name}: " in text
        assert "at baseline" in text.split(f"{measure.name}: ")[1].split(";")[0]
    assert "None" not in text


@pytest.mark.django_db
def test_the_csv_download_of_a_subgroup_measure_lists_its_measurements(world, as_user, project):
    from django.urls import reverse

    measure = subgroup_measure(project)

    response = as_user(world.resident).get(
        reverse("capstone:measure_csv", args=[project.pk, measure.pk])
    )

    lines = response.content.decode().splitlines()
    assert lines[0].endswith(",measurements")
    first = measure.ordered_points()[0]
    assert lines[1].endswith(",".join([""]) + " ".join(f"{v:g}" for v in first.observations))
