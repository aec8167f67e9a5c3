"""What a chart reads of a measure's data points: ChartPoint, a point read as a row (no
model instance for each of thousands of points), and PointLabels, their x-axis labels
written only when read."""

from collections.abc import Sequence

from capstone.models.measures import DataPoint, Phase
from pathway.core.compiled_lists import CompiledList


class ChartPoint:
    """What a chart reads of a data point, built from a `values_list(*ChartPoint.FIELDS)` row:
    a page drawing many small charts skips a model instance for each of hundreds of points.
    The plotted value and the label are DataPoint's own rules."""

    FIELDS = ("pk", "period", "sequence", *DataPoint.READING_FIELDS, "phase", "excluded")
    __slots__ = (*FIELDS, "measure")

    def __init__(self, measure, row):
        self.measure = measure
        # One unpacking, in FIELDS' order, rather than a setattr per field: for a measure of
        # thousands of points the loop cost as much as reading the rows.
        (
            self.pk,
            self.period,
            self.sequence,
            self.value,
            self.numerator,
            self.denominator,
            self.observations,
            self.phase,
            self.excluded,
        ) = row

    y = DataPoint.y
    label = DataPoint.label

    def get_phase_display(self):
        return Phase(self.phase).label

    @classmethod
    def for_measures(cls, measures) -> dict:
        """{measure pk: its points in chart order}, in one query whatever the number of
        measures and points."""
        by_pk = {m.pk: m for m in measures}
        points = {pk: [] for pk in by_pk}
        rows = _points_of(None, measures=list(by_pk))
        for measure_id, *row in rows:
            points[measure_id].append(cls(by_pk[measure_id], row))
        return {pk: sorted(found, key=DataPoint.sort_key) for pk, found in points.items()}


# Its SQL written once per number of measures (pathway.core.compiled_lists).
_points_of = CompiledList(
    DataPoint,
    lambda user, measures: DataPoint.objects.filter(measure__in=measures).values_list(
        "measure_id", *ChartPoint.FIELDS
    ),
)


class PointLabels(Sequence):
    """The x-axis labels of a chart's points, each written when read: a measure of thousands
    of points draws a few hundred of them and its table shows a page, so writing them all
    (a date format each) would be most of the chart's cost."""

    __slots__ = ("frequency", "points")

    def __init__(self, points, frequency):
        self.points = points
        self.frequency = frequency

    def __len__(self):
        return len(self.points)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [point.label(self.frequency) for point in self.points[index]]
        return self.points[index].label(self.frequency)

    def __iter__(self):
        frequency = self.frequency
        return (point.label(frequency) for point in self.points)

    def __eq__(self, other):
        if not isinstance(other, Sequence):
            return NotImplemented
        return list(self) == list(other)

    __hash__ = None

    def __repr__(self):
        return repr(list(self))
