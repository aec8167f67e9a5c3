"""Reading a measure's data from a paste or a file: rows in, checked DataPoint fields out,
with an error for every bad row (numbered as the person sees them) so that nothing is saved
until every row is right.

Pasted text: one point a line, columns separated by tabs (a spreadsheet copy), commas or
semicolons. One column = values only (numbered after the last sequence number); two = date
(or sequence number) and value; three = date, numerator, denominator. A header line is
skipped. Files: a header row naming the columns (see COLUMNS).

The other data shapes: subgroup measures take a date followed by that period's
measurements on a line (or one measurement a line; lines with the same date form one
subgroup, as do file rows with the same date); event-date measures take one date a line
(the chart works out the days between events); cases-between measures take whole numbers."""

import csv
import io
import itertools
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from capstone.models import DataPoint, DataType, Phase
from capstone.models.measures import MAX_OBSERVATIONS, subgroup_mean
from pathway.core.dates import short_date

DATE_FORMATS = {
    "iso": ("YYYY-MM-DD", "%Y-%m-%d"),
    "dmy": ("DD/MM/YYYY", "%d/%m/%Y"),
    "mdy": ("MM/DD/YYYY", "%m/%d/%Y"),
}
DATE_FORMAT_CHOICES = [(key, label) for key, (label, _) in DATE_FORMATS.items()]

COLUMNS = [
    ("date", "The date of the point, in the format chosen below (or use sequence)."),
    ("sequence", "Instead of a date: 1, 2, 3…"),
    ("value", "The value (continuous or count measures)."),
    ("numerator", "For a proportion or a rate, with denominator."),
    ("denominator", "More than zero."),
    ("note", "Optional: anything unusual about this point."),
    ("phase", "Optional: baseline or post-event; empty = from the event's dates."),
]
PHASE_WORDS = {
    "baseline": Phase.BASELINE,
    "before": Phase.BASELINE,
    "post-event": Phase.POST_EVENT,
    "post_event": Phase.POST_EVENT,
    "post event": Phase.POST_EVENT,
    "post": Phase.POST_EVENT,
    "after": Phase.POST_EVENT,
}
MAX_ROWS = 2000
# A chart of more points is slow to draw and to read; a measure this long should be split.
MAX_POINTS_PER_MEASURE = 2000
# Pasted text: 2,000 lines of date and value fit many times over.
MAX_PASTE_CHARS = 200_000
# Columns read from a file: COLUMNS and a few spare (a workbook may have 16,384 columns).
MAX_COLUMNS = 20


@dataclass
class Parsed:
    rows: list = field(default_factory=list)  # dicts of DataPoint fields
    errors: list = field(default_factory=list)  # (line number, message)

    @property
    def ok(self):
        return bool(self.rows) and not self.errors


class _RowError(Exception):
    pass


def _number(text, what):
    cleaned = str(text).strip().replace("\u00a0", "").rstrip("%").strip()
    if cleaned == "":
        raise _RowError(f"the {what} is missing")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise _RowError(f"the {what} '{text}' is not a number") from None
    if not number.is_finite():
        raise _RowError(f"the {what} '{text}' is not a number")
    if abs(number) >= Decimal("1e10"):
        raise _RowError(f"the {what} '{text}' is too large")
    return number.quantize(Decimal("0.0001"))


def _date(value, date_format):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    label, pattern = DATE_FORMATS[date_format]
    try:
        return datetime.strptime(str(value).strip(), pattern).date()
    except ValueError:
        raise _RowError(f"the date '{value}' is not a date in the format {label}") from None


def _sequence(value):
    text = str(value).strip()
    if not re.fullmatch(r"\d{1,9}", text) or int(text) < 1:
        raise _RowError(f"the sequence number '{value}' is not a whole number from 1")
    return int(text)


def _when(value, date_format):
    """A date, or a sequence number when the cell is a plain whole number."""
    if isinstance(value, date | datetime):
        return {"period": _date(value, date_format)}
    text = str(value).strip()
    if text == "":
        raise _RowError("the date is missing")
    if re.fullmatch(r"\d{1,9}", text):
        return {"sequence": _sequence(text)}
    return {"period": _date(text, date_format)}


def _phase(value):
    text = str(value or "").strip().lower()
    if not text:
        return ""
    if text not in PHASE_WORDS:
        raise _RowError(f"the phase '{value}' is not baseline or post-event")
    return PHASE_WORDS[text]


def _check(row, data_type):
    """The numbers the measure's data type needs, and their bounds."""
    if data_type == DataType.SUBGROUP:
        if not row.get("observations"):
            raise _RowError("give the period's measurements after its date")
        row["numerator"] = row["denominator"] = None
        return row
    if data_type == DataType.EVENT_DATES:
        if row.get("period") is None:
            raise _RowError("give the date of the event")
        row["value"] = Decimal(1)  # one event; the chart derives the days between events
        row["numerator"] = row["denominator"] = None
        return row
    if DataType(data_type).uses_fraction:
        if row.get("numerator") is None or row.get("denominator") is None:
            raise _RowError("give a numerator and a denominator")
        if row["denominator"] <= 0:
            raise _RowError("the denominator must be more than zero")
        if row["numerator"] < 0:
            raise _RowError("the numerator cannot be negative")
        if data_type == DataType.PROPORTION and row["numerator"] > row["denominator"]:
            raise _RowError("the numerator is more than the denominator")
        row["value"] = None
    else:
        if row.get("value") is None:
            raise _RowError("give a value")
        if data_type == DataType.COUNT and row["value"] < 0:
            raise _RowError("a count cannot be negative")
        if data_type == DataType.BETWEEN and (row["value"] < 0 or row["value"] % 1):
            raise _RowError("the number of cases between events must be a whole number from 0")
        row["numerator"] = row["denominator"] = None
    _model_rules(row)
    return row


def _model_rules(row):
    """The rules every data point obeys however it is entered (DataPoint.clean), per row, so an
    import reports them against the line instead of failing as a whole."""
    fields = ("period", "sequence", "value", "numerator", "denominator")
    try:
        DataPoint(**{name: row.get(name) for name in fields}, phase=Phase.BASELINE).clean()
    except ValidationError as error:
        raise _RowError(" ".join(error.messages).rstrip(".")) from None


def _split(line):
    for separator in ("\t", ";", ","):
        if separator in line:
            return [cell.strip() for cell in line.split(separator)]
    return [line.strip()]


def _looks_like_header(cells):
    return any(re.search(r"[A-Za-z]{3,}", cell) for cell in cells) and not any(
        re.fullmatch(r"-?[\d.]+%?", cell) for cell in cells[1:] or cells
    )


def _measurements(cells):
    """A subgroup's measurements from cells; empty cells are missing and dropped."""
    return [_number(cell, "measurement") for cell in cells if str(cell).strip() != ""]


def _group_subgroups(parsed):
    """Rows with the same date (or sequence number) are one subgroup: merge them."""
    merged, by_when = [], {}
    for row in parsed.rows:
        key = (row.get("period"), row.get("sequence"))
        if key in by_when:
            by_when[key]["observations"].extend(row["observations"])
        else:
            by_when[key] = row
            merged.append(row)
    parsed.rows = []
    for row in merged:
        if len(row["observations"]) > MAX_OBSERVATIONS:
            parsed.errors.append(
                (row["line"], f"At most {MAX_OBSERVATIONS} measurements in one subgroup.")
            )
            continue
        row["observations"] = [float(v) for v in row["observations"]]
        row["value"] = subgroup_mean(row["observations"])
        parsed.rows.append(row)


def _paste_shape_row(kind, cells, date_format, number):
    """A pasted line of a subgroup or event-date measure."""
    row = {"line": number}
    if kind == DataType.EVENT_DATES:
        if len(cells) != 1:
            raise _RowError(f"{len(cells)} columns; expected one date a line")
        row["period"] = _date(cells[0], date_format)
        return row
    if len(cells) < 2:
        raise _RowError("give the date (or sequence number) and then the measurements")
    row.update(_when(cells[0], date_format))
    row["observations"] = _measurements(cells[1:])
    return row


def parse_paste(text, *, measure, date_format="iso") -> Parsed:
    parsed = Parsed()
    kind = DataType(measure.data_type)
    fraction = kind.uses_fraction
    next_sequence = 1 + max((p.sequence or 0 for p in measure.data_points.all()), default=0)
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if lines and _looks_like_header(_split(lines[0][1])):
        lines = lines[1:]
    if len(lines) > MAX_ROWS:
        parsed.errors.append((0, f"At most {MAX_ROWS} lines at a time."))
        return parsed
    for number, line in lines:
        cells = _split(line)
        try:
            if kind in (DataType.SUBGROUP, DataType.EVENT_DATES):
                row = _paste_shape_row(kind, cells, date_format, number)
                parsed.rows.append(_check(row, measure.data_type))
                continue
            row = {"line": number}
            if len(cells) == 1:
                row["sequence"] = next_sequence
                next_sequence += 1
                if fraction:
                    raise _RowError("a proportion or rate needs date, numerator and denominator")
                row["value"] = _number(cells[0], "value")
            elif len(cells) == 2:
                if fraction:
                    raise _RowError("a proportion or rate needs date, numerator and denominator")
                row.update(_when(cells[0], date_format))
                row["value"] = _number(cells[1], "value")
            elif len(cells) == 3 and fraction:
                row.update(_when(cells[0], date_format))
                row["numerator"] = _number(cells[1], "numerator")
                row["denominator"] = _number(cells[2], "denominator")
            else:
                expected = "date, numerator, denominator" if fraction else "date, value"
                raise _RowError(f"{len(cells)} columns; expected {expected}")
            parsed.rows.append(_check(row, measure.data_type))
        except _RowError as error:
            parsed.errors.append((number, f"{str(error)[0].upper()}{str(error)[1:]}."))
    if kind == DataType.SUBGROUP:
        _group_subgroups(parsed)
    _check_duplicates(parsed, measure)
    _check_points_cap(parsed, measure)
    return parsed


def parse_table(records, *, measure, date_format="iso") -> Parsed:
    """Rows of a CSV or XLSX file; the first is the header. Line numbers count the header."""
    parsed = Parsed()
    records = list(records)
    if not records:
        parsed.errors.append((1, "The file is empty."))
        return parsed
    header = [str(cell or "").strip().lower() for cell in records[0]]
    known = {name for name, _ in COLUMNS}
    unknown = [name for name in header if name and name not in known]
    if unknown:
        parsed.errors.append(
            (1, f"Unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}.")
        )
    if "date" not in header and "sequence" not in header:
        parsed.errors.append((1, "The header needs a date or a sequence column."))
    kind = DataType(measure.data_type)
    if kind.uses_fraction:
        if not {"numerator", "denominator"} <= set(header):
            parsed.errors.append((1, "The header needs numerator and denominator columns."))
    elif kind == DataType.EVENT_DATES:
        if "date" not in header:
            parsed.errors.append((1, "The header needs a date column: one event a row."))
    elif "value" not in header:
        parsed.errors.append((1, "The header needs a value column."))
    if parsed.errors:
        return parsed
    if len(records) - 1 > MAX_ROWS:
        parsed.errors.append((0, f"At most {MAX_ROWS} rows at a time."))
        return parsed
    for number, record in enumerate(records[1:], start=2):
        cells = dict(zip(header, record, strict=False))
        if all(cell is None or str(cell).strip() == "" for cell in cells.values()):
            continue
        try:
            row = {"line": number}
            if cells.get("date") not in (None, ""):
                row["period"] = _date(cells["date"], date_format)
            elif cells.get("sequence") not in (None, ""):
                row["sequence"] = _sequence(cells["sequence"])
            else:
                raise _RowError("the date is missing")
            for name in ("value", "numerator", "denominator"):
                if cells.get(name) not in (None, ""):
                    row[name] = _number(cells[name], name)
            if kind == DataType.SUBGROUP:
                # One measurement a row; rows with the same date make the subgroup.
                row["observations"] = [row.pop("value")] if "value" in row else []
            row["note"] = str(cells.get("note") or "").strip()[:300]
            row["phase"] = _phase(cells.get("phase"))
            parsed.rows.append(_check(row, measure.data_type))
        except _RowError as error:
            parsed.errors.append((number, f"{str(error)[0].upper()}{str(error)[1:]}."))
    if not parsed.rows and not parsed.errors:
        parsed.errors.append((2, "The file has a header but no data rows."))
    if kind == DataType.SUBGROUP:
        _group_subgroups(parsed)
    _check_duplicates(parsed, measure)
    _check_points_cap(parsed, measure)
    return parsed


def _check_points_cap(parsed, measure):
    """Refuse a paste or file that takes the measure past MAX_POINTS_PER_MEASURE."""
    have = measure.data_points.count()
    if parsed.rows and have + len(parsed.rows) > MAX_POINTS_PER_MEASURE:
        room = max(MAX_POINTS_PER_MEASURE - have, 0)
        parsed.errors.append(
            (
                0,
                f"A measure holds at most {MAX_POINTS_PER_MEASURE} points; this one has {have}, "
                f"so at most {room} more can be added. Start a new measure for a new period.",
            )
        )


def _check_duplicates(parsed, measure):
    """A date already on the chart, or twice in the input, is almost always a mistake."""
    taken = {p.period for p in measure.data_points.all() if p.period}
    seen = set()
    for row in parsed.rows:
        period = row.get("period")
        if period is None:
            continue
        events = measure.data_type == DataType.EVENT_DATES
        if period in taken:
            parsed.errors.append(
                (row["line"], f"{short_date(period)} already has a point on this measure.")
            )
        elif period in seen:
            why = (
                " A T chart needs days between events: record one event a day, or use a G chart"
                " of cases between events."
                if events
                else ""
            )
            parsed.errors.append((row["line"], f"{short_date(period)} appears twice.{why}"))
        seen.add(period)


# The header, MAX_ROWS rows and one more, so parse_table can say the file is too long
# without anyone reading (or holding in memory) the rest of it.
_ROWS_TO_READ = MAX_ROWS + 2


def read_csv(upload):
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    rows = itertools.islice(csv.reader(io.StringIO(text)), _ROWS_TO_READ)
    return [row[:MAX_COLUMNS] for row in rows]


def read_xlsx(upload):
    """The first sheet's rows, streamed (read-only mode) and stopped at the row limit: a
    small file can declare a million rows."""
    workbook = load_workbook(upload, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        return [list(row) for row in itertools.islice(rows, _ROWS_TO_READ)]
    finally:
        workbook.close()


def preview_rows(parsed, measure):
    """What will be saved, in words, for the preview table."""
    rows = []
    for row in parsed.rows:
        phase = row.get("phase") or DataPoint.phase_for(measure.project, row.get("period"))
        rows.append({**row, "phase_label": Phase(phase).label})
    return rows
