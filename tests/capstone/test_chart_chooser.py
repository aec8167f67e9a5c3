"""The chart chooser on the measure form: plain-words guidance, a chart that must suit the
data type, and warnings when the saved chart fits its data badly (also on the chart page)."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from capstone.chooser import fit_warnings
from capstone.models import DataPoint, DataType, Measure, Phase, Stage
from tests import factories as f
from tests.capstone.conftest import make_project


@pytest.fixture
def project(world):
    return make_project(world, Stage.RESULTS)


def proportions(measure, rows):
    DataPoint.objects.bulk_create(
        DataPoint(
            measure=measure,
            period=date(2024, 1, 1) + timedelta(days=7 * i),
            numerator=num,
            denominator=den,
            phase=Phase.BASELINE,
        )
        for i, (num, den) in enumerate(rows)
    )


def overdispersed(seed=4):
    rng = random.Random(seed)
    rows = []
    for _ in range(20):
        den = rng.randint(9000, 11000)
        rows.append((int(den * rng.uniform(0.12, 0.28)), den))
    return rows


def binomial(seed=4):
    rng = random.Random(seed)
    return [(sum(rng.random() < 0.2 for _ in range(400)), 400) for _ in range(20)]


def edit_url(measure):
    return reverse("capstone:part_edit", args=[measure.project_id, "measure", measure.pk])


def test_the_measure_form_explains_which_chart_suits_which_data(world, as_user, project):
    response = as_user(world.resident).get(
        reverse("capstone:part_add", args=[project.pk, "measure"])
    )

    page = response.content.decode()
    assert "Which chart suits the data?" in page
    assert "use a G chart of cases between events or a T chart of days between events" in page
    assert "the P′ chart adjusts for between-period variation" in page
    assert 'name="control_chart"' in page


def test_a_p_chart_of_large_overdispersed_denominators_is_warned_on_the_form(
    world, as_user, project
):
    measure = f.MeasureFactory(project=project, data_type=DataType.PROPORTION)
    proportions(measure, overdispersed())

    page = as_user(world.resident).get(edit_url(measure)).content.decode()

    assert 'id="chart-fit-warnings"' in page
    assert "Laney" in page and "The P′ chart adjusts" in page


def test_the_warning_goes_once_the_p_prime_chart_is_chosen(world, as_user, project):
    measure = f.MeasureFactory(project=project, data_type=DataType.PROPORTION)
    proportions(measure, overdispersed())
    measure.control_chart = "pp"
    measure.save()

    assert fit_warnings(measure.chart()) == []
    page = as_user(world.resident).get(edit_url(measure)).content.decode()
    assert 'id="chart-fit-warnings"' not in page


def test_binomial_data_on_a_p_chart_get_no_warning_and_on_p_prime_a_hint(project):
    measure = f.MeasureFactory(project=project, data_type=DataType.PROPORTION)
    proportions(measure, binomial())

    assert fit_warnings(measure.chart()) == []
    measure.control_chart = "pp"
    measure.save()
    (hint,) = fit_warnings(Measure.objects.get(pk=measure.pk).chart())
    assert "the ordinary P chart fits" in hint


def test_mostly_zero_counts_point_to_g_and_t_charts(project):
    measure = f.MeasureFactory(project=project, data_type=DataType.COUNT, unit="falls")
    f.measure_series(measure, [0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 1])

    (warning,) = fit_warnings(measure.chart())

    assert "9 of 12" in warning and "G chart" in warning and "T chart" in warning


def test_too_few_points_give_no_warning(project):
    measure = f.MeasureFactory(project=project, data_type=DataType.COUNT)
    f.measure_series(measure, [0, 0, 0])

    assert fit_warnings(measure.chart()) == []


def test_the_chart_page_shows_the_fit_warning_with_a_link_to_change_it(world, as_user, project):
    measure = f.MeasureFactory(project=project, data_type=DataType.PROPORTION)
    proportions(measure, overdispersed())

    response = as_user(world.resident).get(
        reverse("capstone:measure_chart", args=[project.pk, measure.pk])
    )

    page = response.content.decode()
    assert "This chart fits the data badly." in page
    assert edit_url(measure) in page


def test_a_chart_that_does_not_suit_the_data_type_is_refused_and_nothing_saved(
    world, as_user, project
):
    measure = f.MeasureFactory(project=project, data_type=DataType.COUNT)

    response = as_user(world.resident).post(
        edit_url(measure),
        {
            "name": "Falls",
            "kind": "outcome",
            "data_type": "count",
            "control_chart": "xbar",
            "unit": "falls",
            "direction": "down",
            "collection_frequency": "weekly",
            "chart_mode": "control",
            "baseline_mode": "freeze",
        },
    )

    assert response.status_code == 200
    assert "The Xbar chart does not suit count of events" in str(
        response.context["form"].errors["control_chart"]
    )
    measure.refresh_from_db()
    assert measure.control_chart == "" and measure.name != "Falls"


def test_choosing_the_s_chart_for_subgroup_data_is_saved(world, as_user, project):
    measure = f.MeasureFactory(project=project, data_type=DataType.SUBGROUP)
    DataPoint.objects.create(
        measure=measure,
        period=date(2024, 1, 1),
        observations=[1.0, 2.0],
        value=Decimal("1.5"),
        phase=Phase.BASELINE,
    )

    response = as_user(world.resident).post(
        edit_url(measure),
        {
            "name": "Waits",
            "kind": "outcome",
            "data_type": "subgroup",
            "control_chart": "s",
            "unit": "minutes",
            "direction": "down",
            "collection_frequency": "weekly",
            "chart_mode": "control",
            "baseline_mode": "freeze",
        },
    )

    assert response.status_code == 302
    assert Measure.objects.get(pk=measure.pk).chart().chart == "s"
