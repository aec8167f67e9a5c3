"""The cohort board's downloads: the table, and its CSV and Excel writers.

Spreadsheets run a cell that starts with = + - @ as a formula, and names, titles and emails
are typed by users, so such text is written with a leading apostrophe (OWASP's advice against
CSV injection)."""

import csv
from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from pathway.core.spreadsheets import spreadsheet_safe
from pathway.dashboards.cohort import CELL_LABELS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "d mmm yyyy"


# The columns about the resident, before one status and one date column per milestone.
RESIDENT_COLUMNS = (
    "Class",
    "Name",
    "Email",
    "Track",
    "KPO coach",
    "Sponsor",
    "Capstone",
    "Stage",
    "Days in stage",
    "At risk",
)


def export_table(board, rows) -> tuple[list[str], list[list]]:
    """The header and one line per resident, for the CSV and XLSX downloads. Dates stay
    dates (the CSV writes them as YYYY-MM-DD; the workbook as real dates)."""
    header = list(RESIDENT_COLUMNS)
    for column in board.columns:
        header += [f"{column.name}: status", f"{column.name}: date"]
    lines = []
    for row in rows:
        sponsor = row.sponsor_name
        if sponsor and not row.sponsor_accepted:
            sponsor += " (not yet accepted)"
        line = [
            row.class_label,
            row.name,
            row.email,
            row.track_label,
            row.coach_name,
            sponsor,
            row.project_title,
            row.stage_label,
            row.days_in_stage,
            # The board's verdict in words: its reasons, or nothing when on track.
            "; ".join(reason.text for reason in row.reasons),
        ]
        for cell in row.cells:
            line += [CELL_LABELS[cell.status], cell.on]
        lines.append(line)
    return header, lines


def write_csv(stream, header, lines):
    """UTF-8 without a byte-order mark; the first line is the header."""
    writer = csv.writer(stream)
    writer.writerow([spreadsheet_safe(title) for title in header])
    for line in lines:
        writer.writerow(["" if value is None else spreadsheet_safe(value) for value in line])


def write_xlsx(stream, header, lines):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Cohort board")
    # Header row and the class and name columns stay in view while scrolling.
    sheet.freeze_panes = "C2"
    bold = Font(bold=True)
    titles = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=spreadsheet_safe(title))
        cell.font = bold
        titles.append(cell)
    sheet.append(titles)
    for line in lines:
        sheet.append([_xlsx_cell(sheet, value) for value in line])
    buffer = BytesIO()
    workbook.save(buffer)
    stream.write(buffer.getvalue())


def _xlsx_cell(sheet, value):
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return spreadsheet_safe(value)
