"""The program overview for directors and coordinators, its scholarly-output exports and the
printable annual program report. Site administrators choose a program first."""

import csv
import io
from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe
from openpyxl import Workbook
from openpyxl.styles import Font

from pathway.core.academic import academic_year_start
from pathway.core.access import program_staff_required
from pathway.core.spreadsheets import spreadsheet_safe
from pathway.curriculum.views.common import acting_program_and_chooser
from pathway.dashboards import charts
from pathway.dashboards.forms.program import ReportYearForm
from pathway.dashboards.program import (
    capstone_pipeline,
    cohort_comparison,
    curriculum_completion,
    program_projects,
    program_residents,
)
from pathway.dashboards.report import program_report as build_program_report
from pathway.dashboards.scholarly import (
    EXPORT_HEADER,
    KIND_HEADINGS,
    all_year_totals,
    export_rows,
    scholarly_by_year,
    scholarly_dates,
    scholarly_items,
)


def _program_query(chooser, program) -> str:
    return f"?program={program.pk}" if chooser is not None and program is not None else ""


@require_safe
@program_staff_required
def program_overview(request):
    program, chooser = acting_program_and_chooser(request)
    context = {"program": program, "chooser": chooser}
    if program is not None:
        today = timezone.localdate()
        # Each read once, shared by the sections that need it.
        items = scholarly_dates(program=program)
        projects = program_projects(program)
        residents = program_residents(program, today)
        pipeline = capstone_pipeline(program=program, today=today, projects=projects)
        completion = curriculum_completion(program=program, today=today, residents=residents)
        by_year = scholarly_by_year(program=program, today=today, items=items)
        cohorts = cohort_comparison(
            program=program, today=today, items=items, residents=residents, projects=projects
        )
        context.update(
            today=today,
            pipeline=pipeline,
            completion=completion,
            by_year=by_year,
            cohorts=cohorts,
            charts={
                "pipeline": charts.pipeline_chart(pipeline),
                "time_in_stage": charts.time_in_stage_chart(pipeline),
                "completion": charts.completion_chart(completion),
                "scholarly": charts.scholarly_chart(by_year),
                "cohorts": charts.cohort_chart(cohorts),
            },
            program_query=_program_query(chooser, program),
        )
    return render(request, "pathway/dashboards/program_overview.html", context)


def _export_name(program, today: date, extension: str) -> str:
    return f"scholarly-output-{program.slug}-{today:%Y-%m-%d}.{extension}"


def _choose_first(request):
    messages.info(request, "Choose a program first; the exports are per program.")
    return redirect("pathway:program_overview")


@require_safe
@program_staff_required
def scholarly_csv(request):
    program, _ = acting_program_and_chooser(request)
    if program is None:
        return _choose_first(request)
    today = timezone.localdate()
    items = scholarly_items(program=program)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{_export_name(program, today, "csv")}"'
    )
    # A byte-order mark so that Excel reads the names' accents and the en dashes as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(EXPORT_HEADER)
    for row in export_rows(items):
        writer.writerow(["" if value is None else value for value in row])
    return response


@require_safe
@program_staff_required
def scholarly_xlsx(request):
    program, _ = acting_program_and_chooser(request)
    if program is None:
        return _choose_first(request)
    today = timezone.localdate()
    items = scholarly_items(program=program)
    book = Workbook()
    sheet = book.active
    sheet.title = "Scholarly output"
    sheet.append(EXPORT_HEADER)
    for row in export_rows(items):
        sheet.append(row)
    for cell in sheet["C"][1:]:
        cell.number_format = "yyyy-mm-dd"
    totals = book.create_sheet("Totals per year")
    totals.append(["Academic year", *KIND_HEADINGS, "Total"])
    for row in all_year_totals(items):
        totals.append([spreadsheet_safe(row["label"]), *row["counts"], row["total"]])
    for ws in (sheet, totals):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJ", (12, 18, 12, 60, 30, 16, 30, 40, 26, 10), strict=True):
        sheet.column_dimensions[column].width = width
    totals.column_dimensions["A"].width = 14
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_export_name(program, today, "xlsx")}"'
    )
    return response


@require_safe
@program_staff_required
def program_report(request):
    program, chooser = acting_program_and_chooser(request)
    today = timezone.localdate()
    data = request.GET if "year" in request.GET else {"year": academic_year_start(today)}
    form = ReportYearForm(data, today=today)
    context = {"program": program, "chooser": chooser, "form": form, "today": today}
    if program is not None and form.is_valid():
        report = build_program_report(program=program, year=form.cleaned_data["year"], today=today)
        context.update(
            report=report,
            charts={
                "stages": charts.stage_at_year_end_chart(report["capstones"]),
                "scores": charts.score_chart(report["capstones"]),
            },
        )
    return render(request, "pathway/dashboards/program_report.html", context)
