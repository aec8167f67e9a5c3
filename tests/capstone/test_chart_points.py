"""Charts drawn from plain point rows (ChartPoint), as a page of many sparklines reads them:
the same analysis, summary, labels and table as from the measure's own data points."""

from datetime import date
from decimal import Decimal

import pytest

from capstone.charts import ChartPoint, MeasureChart
from capstone.models import DataPoint, DataType, Phase
from tests import factories as f

pytestmark = pytest.mark.django_db
BASELINE = [14, 16, 15, 13, 17, 15, 14, 16, 15, 14, 16, 15]
SHIFTED = [22, 24, 23, 25, 22, 24, 26, 23, 25, 24, 23, 25]


def same_chart(measure, points):
    own, rows = MeasureChart(measure), MeasureChart(measure, points=points)
    assert rows.analysis == own.analysis
    assert rows.summary == own.summary
    assert rows.labels == own.labels
    assert [(r.label, r.y, r.phase, r.signals) for r in rows.rows] == [
        (r.label, r.y, r.phase, r.signals) for r in own.rows
    ]
    return rows


def test_a_chart_from_point_rows_matches_the_chart_from_the_measure(world):
    measure = f.MeasureFactory(unit="min", direction="up", collection_frequency="monthly")
    f.measure_series(measure, BASELINE + SHIFTED, phase_after=len(BASELINE), days=30)
    # Entered out of order, and one left out with a reason: the rows keep chart order.
    f.DataPointFactory(
        measure=measure,
        period=date(2023, 12, 1),
        value=Decimal("40"),
        excluded=True,
        excluded_reason="Audit missed a week",
    )
    chart = same_chart(measure, ChartPoint.for_measures([measure])[measure.pk])
    assert chart.rows[0].y is None and chart.rows[0].label == "Dec 2023"
    assert chart.summary.signal


def test_a_proportion_in_percent_is_plotted_from_the_rows_as_from_the_model(world):
    measure = f.MeasureFactory(unit="%", data_type=DataType.PROPORTION)
    for day, (numerator, denominator) in enumerate([(3, 10), (4, 10), (1, 4), (9, 10)], 1):
        f.DataPointFactory(
            measure=measure,
            period=date(2024, 1, day),
            value=None,
            numerator=Decimal(numerator),
            denominator=Decimal(denominator),
            phase=Phase.POST_EVENT if day == 4 else Phase.BASELINE,
        )
    points = ChartPoint.for_measures([measure])[measure.pk]
    assert [p.y for p in points] == [p.y for p in measure.ordered_points()]
    assert points[-1].get_phase_display() == "Post-event"
    same_chart(measure, points)


def test_sequence_numbered_points_keep_their_order_and_labels(world):
    measure = f.MeasureFactory()
    for sequence in (3, 1, 2):
        f.DataPointFactory(measure=measure, period=None, sequence=sequence)
    points = ChartPoint.for_measures([measure])[measure.pk]
    assert [p.label() for p in points] == ["#1", "#2", "#3"]
    same_chart(measure, points)


@pytest.mark.parametrize("size", [2, 12])
def test_points_for_many_measures_take_one_query(world, size, django_assert_num_queries):
    measures = [f.MeasureFactory() for _ in range(size)]
    for measure in measures:
        f.measure_series(measure, BASELINE[:size])
    empty = f.MeasureFactory()
    with django_assert_num_queries(1):
        points = ChartPoint.for_measures([*measures, empty])
    assert [len(points[m.pk]) for m in measures] == [size] * size
    assert points[empty.pk] == []
    assert DataPoint.objects.count() == size * size


def test_a_point_row_is_read_into_the_fields_in_their_order():
    row = tuple(f"the {name}" for name in ChartPoint.FIELDS)
    point = ChartPoint(None, row)
    assert [getattr(point, name) for name in ChartPoint.FIELDS] == list(row)


def test_labels_are_written_for_the_points_read(world):
    measure = f.MeasureFactory(collection_frequency="monthly")
    f.measure_series(measure, BASELINE, start=date(2024, 1, 1), days=31)
    labels = MeasureChart(measure).labels
    assert len(labels) == len(BASELINE)
    assert labels[0] == "Jan 2024" and labels[-1] == "Dec 2024"
    assert labels[1:3] == ["Feb 2024", "Mar 2024"]
    assert list(labels) == [p.label("monthly") for p in measure.ordered_points()]


def test_each_note_goes_to_the_first_dated_point_on_or_after_its_day(world):
    measure = f.MeasureFactory()
    for sequence in (2, 1):
        f.DataPointFactory(measure=measure, period=None, sequence=sequence)
    f.measure_series(measure, [10, 11, 12], start=date(2025, 1, 6))  # 6, 13 and 20 Jan
    for on in (date(2025, 1, 1), date(2025, 1, 13), date(2025, 1, 14), date(2025, 2, 1)):
        f.MeasureAnnotationFactory(measure=measure, on=on, text=f"on {on:%-d %b}")
    chart = MeasureChart(measure)
    assert chart.annotations == [
        (2, "1 Jan 2025: on 1 Jan"),
        (3, "13 Jan 2025: on 13 Jan"),
        (4, "14 Jan 2025: on 14 Jan"),
    ]
