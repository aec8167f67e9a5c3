"""The program director's cohort board and its CSV and Excel downloads."""

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from pathway.core.access import program_staff_required
from pathway.curriculum.views.common import acting_program_and_chooser
from pathway.dashboards import cohort_export
from pathway.dashboards.cohort import CohortBoard, at_risk, board_groups, cohort_board, filter_rows
from pathway.dashboards.forms.cohort import CohortFilterForm
from pathway.templatetags.cohort_board import LEGEND


@dataclass
class FilteredBoard:
    board: CohortBoard
    form: CohortFilterForm
    rows: list
    query: str  # the valid filters (and a site administrator's program), for links


def _filtered(request, program, chooser) -> FilteredBoard:
    board = cohort_board(program=program, today=timezone.localdate())
    form = CohortFilterForm(request.GET, coaches=board.coaches)
    query = form.valid_query()
    if chooser is not None:
        query = f"program={program.pk}" + (f"&{query}" if query else "")
    return FilteredBoard(board, form, filter_rows(board.rows, filters=form.filters()), query)


@require_safe
@program_staff_required
def cohort_board_view(request):
    """Every pathway resident by class, their milestones at a glance, and who is at risk."""
    program, chooser = acting_program_and_chooser(request)
    context = {"chooser": chooser, "program": program}
    if program is not None:
        shown = _filtered(request, program, chooser)
        context |= {
            "board": shown.board,
            "form": shown.form,
            "problems": shown.form.problems(),
            "filtered": shown.form.filters().active,
            "groups": board_groups(shown.rows),
            "shown": len(shown.rows),
            "at_risk": at_risk(shown.rows),
            "query": shown.query,
            "legend": LEGEND,
            "width": 3 + len(shown.board.columns),
        }
    return render(request, "pathway/dashboards/cohort_board.html", context)


def _export(request, write, content_type, extension):
    program, chooser = acting_program_and_chooser(request)
    if program is None:
        # A site administrator has not chosen a program yet: the board offers the chooser.
        return redirect("pathway:cohort_board")
    shown = _filtered(request, program, chooser)
    if shown.form.errors:
        # Never download something other than what was asked for: the board explains the error.
        return redirect(f"{reverse('pathway:cohort_board')}?{request.GET.urlencode()}")
    header, lines = cohort_export.export_table(shown.board, shown.rows)
    response = HttpResponse(content_type=content_type)
    filename = f"cohort-board-{program.slug}-{shown.board.today.isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write(response, header, lines)
    return response


@require_safe
@program_staff_required
def cohort_board_csv(request):
    return _export(request, cohort_export.write_csv, "text/csv; charset=utf-8", "csv")


@require_safe
@program_staff_required
def cohort_board_xlsx(request):
    return _export(request, cohort_export.write_xlsx, cohort_export.XLSX_TYPE, "xlsx")
