"""Adding a measure's points from a JSON body: the body becomes the rows of a CSV file, so the
CSV import's parser (capstone.imports.parse_table) applies every check and limit, and its service
(capstone.services.datapoints_import) saves them, all or none."""

from django.core.exceptions import ValidationError
from django.db import transaction

from capstone.imports import COLUMNS, MAX_ROWS, parse_table
from capstone.models import Measure
from capstone.services import datapoints_import

COLUMN_NAMES = [name for name, _ in COLUMNS]


def points_add(*, measure, data, by) -> tuple[list, list[dict]]:
    """(the points created, []) or ([], the errors: {"row": 1-based point, or 0, "message"})."""
    records, errors = _records(data)
    if errors:
        return [], errors
    with transaction.atomic():
        # One push at a time per measure: the duplicate-date check below must see the points
        # of a push that ran at the same moment (a warehouse retrying after a timeout).
        Measure.objects.select_for_update().filter(pk=measure.pk).values_list("pk").get()
        measure = (
            Measure.objects.select_related("project")
            .prefetch_related("data_points")
            .get(pk=measure.pk)
        )
        parsed = parse_table(records, measure=measure, date_format="iso")
        errors = [{"row": max(line - 1, 0), "message": text} for line, text in parsed.errors]
        if errors:
            return [], errors
        try:
            return datapoints_import(measure=measure, rows=parsed.rows, by=by), []
        except ValidationError as error:
            return [], [{"row": 0, "message": " ".join(error.messages)}]


def _records(data):
    """The JSON body as the rows of a CSV file (header first); or the errors that stop it
    earlier: not a list, empty, too long, a point that is not an object."""
    points = data.get("points") if isinstance(data, dict) else None
    if not isinstance(points, list):
        return [], [{"row": 0, "message": 'Send {"points": [...]}: a list of points.'}]
    if not points:
        return [], [{"row": 0, "message": "Give at least one point."}]
    if len(points) > MAX_ROWS:
        return [], [{"row": 0, "message": f"At most {MAX_ROWS} points at a time."}]
    errors = [
        {"row": n, "message": "A point must be an object with a date (or sequence) and a value."}
        for n, point in enumerate(points, start=1)
        if not isinstance(point, dict) or not point
    ]
    if errors:
        return [], errors
    # Unknown keys join the header, so that parse_table names them.
    extra = sorted({key for point in points for key in point} - set(COLUMN_NAMES))
    header = COLUMN_NAMES + extra
    return [header] + [[_cell(point.get(name)) for name in header] for point in points], []


def _cell(value):
    """A JSON value as the import reads a cell: numbers and text as text; a bool or a nested
    value as text too, so that the import's own message refuses it."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)
