"""A measure's chart page and downloads (SVG, CSV, JSON), and entering its data: a pasted
spreadsheet column, an uploaded CSV or XLSX file, notes on the chart."""

import csv
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import DateField, TextField, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from capstone.charts import CHART_NAMES, ChartPoint, MeasureChart
from capstone.chooser import fit_warnings
from capstone.forms import (
    AnnotationForm,
    ChartOptionsForm,
    ChartSettingsForm,
    PasteForm,
    UploadForm,
)
from capstone.imports import COLUMNS, parse_paste, parse_table, preview_rows, read_csv, read_xlsx
from capstone.models import (
    ChartSettings,
    DataPoint,
    DataPointChange,
    DataType,
    Measure,
    MeasureAnnotation,
    Project,
    RuleSet,
    TestOfChange,
)
from capstone.services import (
    annotation_add,
    annotation_delete,
    chart_settings_save,
    datapoints_import,
)
from capstone.views.common import editable_project, posted, uploaded
from pathway.core.access import program_staff_required
from pathway.core.compiled_lists import CompiledList, as_prefetched
from pathway.core.links import link, link_maker
from pathway.core.pagination import page_of, query_without_page
from pathway.core.spreadsheets import spreadsheet_safe
from pathway.core.uploads import sniff


def _shown_project(request, pk):
    """The project of a measure's chart and downloads, read through visible_to like every
    project page, with its lead (whether this person leads it): these pages show no coach
    or sponsor, so visible_project's joins and coach prefetch would be read for nothing."""
    found = _shown_projects(request.user, pk=pk)
    if not found:
        raise Http404("No project found.")
    return found[0]


# The chart page's reads, their SQL written once (pathway.core.compiled_lists): building
# them took the ORM longer than PostgreSQL took to answer them (make bench).
_shown_projects = CompiledList(
    Project,
    lambda user, pk: Project.objects.visible_to(user).select_related("lead").filter(pk=pk),
)
_project_measures = CompiledList(
    Measure, lambda user, project, pk: Measure.objects.filter(project=project, pk=pk)
)
_measure_annotations = CompiledList(
    MeasureAnnotation, lambda user, measure: MeasureAnnotation.objects.filter(measure=measure)
)
_project_tests = CompiledList(
    TestOfChange, lambda user, project: TestOfChange.objects.filter(project=project)
)
_latest_changes = CompiledList(
    DataPointChange,
    lambda user, measure: DataPointChange.objects.filter(measure=measure).select_related(
        "changed_by"
    )[:20],
)


def _measure(project, measure_pk, *, points=True):
    # The project's own measures: it was read through visible_to (or editable_project), and a
    # measure is visible exactly when its project is (ProjectPartQuerySet), so checking the
    # rule again would only compile it again.
    if not points:
        return _charted_measure(project, measure_pk)
    measures = project.measures.prefetch_related(
        *(["data_points"] if points else []), "annotations"
    )
    measure = get_object_or_404(measures, pk=measure_pk)
    # The project already fetched (with its people) serves the chart's annotations too.
    measure.project = project
    return measure


def _charted_measure(project, measure_pk):
    """_measure(points=False) for the chart page, from compiled lists: the measure, its notes
    and the project's tests of change (the chart's notes), as prefetch_related reads them."""
    found = _project_measures(None, project=project.pk, pk=measure_pk)
    if not found:
        raise Http404("No measure found.")
    measure = found[0]
    measure.project = project
    as_prefetched(measure, "annotations", _measure_annotations(None, measure=measure.pk))
    as_prefetched(project, "tests_of_change", _project_tests(None, project=project.pk))
    return measure


def _chart(request, project, measure, points=None, program_rules=None):
    options = ChartOptionsForm(request.GET)
    options.is_valid()
    data = getattr(options, "cleaned_data", {})
    rules = data.get("rules") or program_rules or ChartSettings.rules_for(project.program_id)
    chart = MeasureChart(measure, mode=data.get("mode") or None, rules=rules, points=points)
    return chart, options


def _chart_points(measure):
    """The measure's points in chart order (DataPoint.sort_key, sorted by the database), read
    as rows rather than model instances: a measure of thousands of points costs one query.
    Only what the chart reads: the table's notes are read for the page of rows it shows."""
    rows = _point_rows[measure.data_type == DataType.SUBGROUP](None, measure=measure.pk)
    return [ChartPoint(measure, row) for row in rows]


# A text NULL: unlike an integer one, it has no converter to run on every row.
NO_OBSERVATIONS = Value(None, output_field=TextField())


def _point_rows_query(measure, *, subgroups):
    order = (
        Coalesce("period", Value(date.min), output_field=DateField()),
        Coalesce("sequence", 0),
        "pk",
    )
    fields = ChartPoint.FIELDS
    if not subgroups:
        # Only subgroups have observations: a NULL in their place spares decoding a JSON
        # column on each of thousands of rows.
        fields = [NO_OBSERVATIONS if name == "observations" else name for name in fields]
    return DataPoint.objects.filter(measure=measure).order_by(*order).values_list(*fields)


# {subgroups: the measure's points as _chart_points reads them}
_point_rows = {
    subgroups: CompiledList(
        DataPoint,
        lambda user, measure, subgroups=subgroups: _point_rows_query(measure, subgroups=subgroups),
        fixed_dates=[date.min],
    )
    for subgroups in (False, True)
}


def _filename(measure, extension):
    return f"{slugify(measure.project.title)[:40]}-{slugify(measure.name)[:40]}.{extension}"


# The table view's page: a measure with thousands of points shows them a page at a time.
TABLE_PAGE_SIZE = 50


class _TableRows:
    """The chart's table lines as a sequence the paginator slices: only the page shown is
    built (a row for each of 5,000 points would cost more than the page itself). Each row
    carries its point's edit and delete links."""

    def __init__(self, chart, project):
        self.chart = chart
        self.edit_url = link_maker("capstone:part_edit", project.pk, "data-point")
        self.delete_url = link_maker("capstone:part_delete", project.pk, "data-point")

    def __len__(self):
        return 0 if self.chart.analysis is None else len(self.chart.points)

    def __getitem__(self, window):
        rows = self.chart.rows_between(window.start, window.stop)
        extras = {pk: rest for pk, *rest in _table_extras(None, ids=[row.point.pk for row in rows])}
        for row in rows:
            row.note, row.excluded_reason, row.phase_overridden = extras[row.point.pk]
            row.edit_url = self.edit_url(row.point.pk)
            row.delete_url = self.delete_url(row.point.pk)
        return rows


# What the table shows of a point beyond the chart's fields, read for its page of rows only:
# for 5,000 points, reading them with the chart's columns cost more than the page of rows.
_TABLE_ONLY_FIELDS = ("note", "excluded_reason", "phase_overridden")
_table_extras = CompiledList(
    DataPoint,
    lambda user, ids: DataPoint.objects.filter(pk__in=ids).values_list("pk", *_TABLE_ONLY_FIELDS),
)


def _chart_url(project, measure, query=""):
    url = link("capstone:measure_chart", project.pk, measure.pk)
    return f"{url}?{query}" if query else url


@require_safe
@login_required
def measure_chart(request, pk, measure_pk):
    project = _shown_project(request, pk)
    measure = _measure(project, measure_pk, points=False)
    program_rules = ChartSettings.rules_for(project.program_id)
    chart, options = _chart(request, project, measure, _chart_points(measure), program_rules)
    changes = _latest_changes(None, measure=measure.pk)
    query = query_without_page(request)
    table = page_of(request, _TableRows(chart, project), TABLE_PAGE_SIZE)
    return render(
        request,
        "capstone/measure_chart.html",
        {
            "project": project,
            "measure": measure,
            "chart": chart,
            "svg": chart.svg(),
            "svg_small": chart.svg(width=520, height=340),
            "options": options,
            "program_rules": RuleSet(program_rules),
            "query": query,
            "table": table,
            "changes": changes,
            "can_edit": project.can_edit(request.user),
            "chart_names": CHART_NAMES,
            "fit_warnings": fit_warnings(chart),
            "png_name": _filename(measure, "png"),
        },
    )


@require_safe
@login_required
def measure_svg(request, pk, measure_pk):
    project = _shown_project(request, pk)
    measure = _measure(project, measure_pk)
    chart, _ = _chart(request, project, measure)
    response = HttpResponse(chart.svg(), content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(measure, "svg")}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@login_required
def measure_csv(request, pk, measure_pk):
    project = _shown_project(request, pk)
    measure = _measure(project, measure_pk)
    chart, _ = _chart(request, project, measure)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(measure, "csv")}"'
    writer = csv.writer(response)
    subgroups = measure.data_type == DataType.SUBGROUP
    writer.writerow(
        [
            "date",
            "sequence",
            "value",
            "numerator",
            "denominator",
            "phase",
            "excluded_reason",
            "note",
            "plotted",
            "centre",
            "lower_limit",
            "upper_limit",
            "signals",
            *(["measurements"] if subgroups else []),
        ]
    )
    rows = chart.rows or [None] * len(chart.points)
    for point, row in zip(chart.points, rows, strict=True):
        writer.writerow(
            [
                point.period.isoformat() if point.period else "",
                point.sequence or "",
                _plain(point.value),
                _plain(point.numerator),
                _plain(point.denominator),
                point.get_phase_display(),
                spreadsheet_safe(point.excluded_reason) if point.excluded else "",
                spreadsheet_safe(point.note),
                *(
                    [_round(row.y), _round(row.cl), _round(row.lcl), _round(row.ucl)]
                    if row
                    else ["", "", "", ""]
                ),
                "; ".join(row.signals) if row else "",
                *([" ".join(f"{v:g}" for v in point.observations or [])] if subgroups else []),
            ]
        )
    return response


def _plain(number):
    return "" if number is None else f"{number.normalize():f}"


def _round(number):
    return "" if number is None else f"{number:.6g}"


@require_safe
@login_required
def measure_json(request, pk, measure_pk):
    project = _shown_project(request, pk)
    measure = _measure(project, measure_pk)
    chart, _ = _chart(request, project, measure)
    return JsonResponse(chart.as_json())


def _data_page(request, project, measure, template, form, parsed=None):
    return render(
        request,
        template,
        {
            "project": project,
            "measure": measure,
            "form": form,
            "parsed": parsed,
            "preview": preview_rows(parsed, measure) if parsed else [],
            "columns": COLUMNS,
            "back": _chart_url(project, measure),
        },
    )


def _saved(request, project, measure, parsed):
    points = datapoints_import(measure=measure, rows=parsed.rows, by=request.user)
    messages.success(request, f"Added {len(points)} point{'s' if len(points) != 1 else ''}.")
    return redirect(_chart_url(project, measure))


@require_http_methods(["GET", "POST"])
@login_required
def measure_paste(request, pk, measure_pk):
    project = editable_project(request, pk)
    measure = _measure(project, measure_pk)
    form = PasteForm(posted(request))
    parsed = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parsed = parse_paste(data["text"], measure=measure, date_format=data["date_format"])
        if parsed.ok and "save" in request.POST:
            return _saved(request, project, measure, parsed)
    return _data_page(request, project, measure, "capstone/measure_paste.html", form, parsed)


@require_http_methods(["GET", "POST"])
@login_required
def measure_upload(request, pk, measure_pk):
    project = editable_project(request, pk)
    measure = _measure(project, measure_pk)
    form = UploadForm(posted(request), uploaded(request))
    parsed = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        upload.seek(0)
        try:
            records = read_xlsx(upload) if sniff(upload) == "xlsx" else read_csv(upload)
        except Exception:  # a damaged workbook: openpyxl raises many kinds of error
            form.add_error("file", "This file could not be read. Save it again and retry.")
        else:
            parsed = parse_table(
                records, measure=measure, date_format=form.cleaned_data["date_format"]
            )
            if parsed.ok:
                return _saved(request, project, measure, parsed)
    return _data_page(request, project, measure, "capstone/measure_upload.html", form, parsed)


@require_http_methods(["GET", "POST"])
@login_required
def annotation_add_view(request, pk, measure_pk):
    project = editable_project(request, pk)
    measure = _measure(project, measure_pk)
    form = AnnotationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        annotation_add(measure=measure, by=request.user, on=data["on"], text=data["text"])
        messages.success(request, "The note is on the chart.")
        return redirect(_chart_url(project, measure))
    return _data_page(request, project, measure, "capstone/annotation_form.html", form)


@require_POST
@login_required
def annotation_delete_view(request, pk, measure_pk, annotation_pk):
    project = editable_project(request, pk)
    measure = _measure(project, measure_pk)
    annotations = MeasureAnnotation.objects.visible_to(request.user).filter(measure=measure)
    annotation = get_object_or_404(annotations, pk=annotation_pk)
    annotation_delete(annotation=annotation)
    messages.success(request, f"Removed the note: {annotation.text}.")
    return redirect(_chart_url(project, measure))


@require_http_methods(["GET", "POST"])
@program_staff_required
def chart_settings(request):
    """The program's signal rules, chosen by its directors and coordinators."""
    program = request.user.program
    if program is None:
        raise Http404("Site administrators set each program's rules in the admin.")
    current = ChartSettings.objects.filter(program=program).first()
    form = ChartSettingsForm(posted(request), instance=current or ChartSettings(program=program))
    if request.method == "POST" and form.is_valid():
        chosen = chart_settings_save(
            program=program,
            rules=form.cleaned_data["rules"],
            follow_up_window_days=form.cleaned_data["follow_up_window_days"],
        )
        messages.success(
            request,
            f"Charts in {program} now use {chosen.get_rules_display()}; follow-ups are accepted "
            f"within {chosen.follow_up_window_days} days of their due day.",
        )
        return redirect("capstone:chart_settings")
    return render(request, "capstone/chart_settings.html", {"form": form, "program": program})
