"""Progress reports: the resident writes and submits, the KPO coach reviews, directors and
coordinators read the program's reports."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from capstone.charts import measures_for_charts
from capstone.models import Project
from mentoring.forms import ReportForm, ReviewForm
from mentoring.models import (
    CoachingSettings,
    ProgressReport,
    ReportReview,
    ReportStatus,
)
from mentoring.services import (
    MentoringError,
    report_review,
    report_save,
    report_submit,
)
from pathway.core.access import role_required
from pathway.core.compiled_lists import aggregate_row, compiled_list
from pathway.core.pagination import page_of, query_without_page
from pathway.models import Role

# Cards with their feedback, taller than a table's rows: a resident reporting every two weeks
# for three years writes about 80, so the list pages instead of growing without end.
REPORTS_PER_PAGE = 20

READERS = (Role.RESIDENT, Role.COACH, Role.SPONSOR, Role.DIRECTOR, Role.COORDINATOR)


def _resident(request):
    """The signed-in resident's profile. Site administrators pass role checks but write no
    reports."""
    if not request.user.has_role(Role.RESIDENT):
        raise PermissionDenied("Progress reports are written by residents.")
    return request.user.resident_profile


def _require_coach(request):
    if not request.user.has_role(Role.COACH):
        raise PermissionDenied("Progress reports are reviewed by KPO coaches.")


def next_due(resident):
    """(date the next report is due, cadence in days): ProgressReport.next_due_on."""
    cadence = CoachingSettings.for_program(resident.user.program_id).report_cadence_days
    last = _last_shared_period(None, resident=resident.pk)[0]["last"]
    return ProgressReport.next_due_for(resident.pk, last, cadence, timezone.localdate()), cadence


# The resident's list of reports reads by compiled lists (pathway.core.compiled_lists): the
# ORM writing its SQL, visibility rule and all, cost more than the database took to answer.
@compiled_list(ProgressReport)
def _last_shared_period(user, resident):
    shared = ProgressReport.objects.filter(resident=resident).shared()
    return aggregate_row(shared, last=Max("period_to"))


@compiled_list(ProgressReport)
def _own_report_ids(user, resident):
    # The model's order, newest period first: the order the list pages in.
    return (
        ProgressReport.objects.visible_to(user)
        .filter(resident=resident)
        .values_list("pk", flat=True)
    )


@compiled_list(ProgressReport)
def _reports_by_id(user, ids):
    return ProgressReport.objects.filter(pk__in=ids).select_related("project")


@compiled_list(ReportReview)
def _reviews_of(user, reports):
    # The model's order, oldest first: the last one read for a report is its latest.
    return ReportReview.objects.filter(report__in=reports).select_related("reviewer")


def _with_history(queryset):
    return queryset.prefetch_related(
        Prefetch("reviews", queryset=ReportReview.objects.select_related("reviewer"))
    )


# --- The resident ------------------------------------------------------------------------------


@require_safe
@role_required(Role.RESIDENT)
def report_list(request):
    resident = _resident(request)
    page = page_of(request, _own_report_ids(request.user, resident=resident.pk), REPORTS_PER_PAGE)
    shown = list(page)
    latest = {review.report_id: review for review in _reviews_of(None, reports=shown)}
    page.object_list = _reports_by_id(None, ids=shown)
    for report in page.object_list:
        report.latest_review = latest.get(report.pk)
    due_on, cadence = next_due(resident)
    return render(
        request,
        "mentoring/report_list.html",
        {
            "page": page,
            "due_on": due_on,
            "cadence": cadence,
            "overdue": due_on < timezone.localdate(),
            "coach": resident.current_coach,
        },
    )


def _default_period_start(resident):
    """The day after the last report's period, or one cadence back for a first report."""
    last = ProgressReport.objects.filter(resident=resident).order_by("-period_to").first()
    if last is not None:
        return min(last.period_to + timedelta(days=1), timezone.localdate())
    cadence = CoachingSettings.for_program(resident.user.program_id).report_cadence_days
    return timezone.localdate() - timedelta(days=cadence - 1)


def _save_or_submit(request, form, *, report=None):
    resident = request.user.resident_profile
    try:
        report = report_save(resident=resident, data=form.report_data(), report=report)
    except MentoringError as error:
        form.add_error(None, str(error))
        return None
    if request.POST.get("action") != "submit":
        messages.success(request, "Draft saved. Submit it when it is ready for your coach.")
        return redirect(report)
    from_this_form = (
        report.form_token is not None and report.form_token == form.report_data().form_token
    )
    try:
        if not (from_this_form and report.status == ReportStatus.SUBMITTED):
            report_submit(report=report)
    except MentoringError as error:
        report.refresh_from_db(fields=["status"])
        if not (from_this_form and report.status == ReportStatus.SUBMITTED):
            messages.warning(request, str(error))
            return redirect(report)
        # Another click on the same form submitted it a moment ago: that is this submission.
    coach = resident.current_coach
    messages.success(request, f"Report submitted to {coach.display_name}.")
    return redirect("mentoring:report_list")


@require_http_methods(["GET", "POST"])
@role_required(Role.RESIDENT)
def report_add(request):
    resident = _resident(request)
    project = Project.active_of(resident)
    posted = request.method == "POST"
    form = ReportForm(
        request.POST if posted else None,
        project=project,
        # Only the empty form offers a start date; a posted one (even shown again with its
        # errors) has the one the resident sent.
        period_from=None if posted else _default_period_start(resident),
    )
    if posted and form.is_valid():
        response = _save_or_submit(request, form)
        if response:
            return response
    return render(
        request, "mentoring/report_form.html", {"form": form, "project": project, "adding": True}
    )


def _own_report(request, pk):
    _resident(request)
    report = get_object_or_404(
        ProgressReport.objects.visible_to(request.user).select_related("project"), pk=pk
    )
    if report.resident.user_id != request.user.pk:
        raise PermissionDenied("Only the resident who wrote a report edits it.")
    return report


@require_http_methods(["GET", "POST"])
@role_required(Role.RESIDENT)
def report_edit(request, pk):
    report = _own_report(request, pk)
    if not report.is_editable:
        messages.info(
            request,
            "This report is with your coach and can no longer be edited; "
            "you can revise it if your coach requests a revision.",
        )
        return redirect(report)
    project = report.project or Project.active_of(report.resident)
    form = ReportForm(
        request.POST if request.method == "POST" else None, instance=report, project=project
    )
    if request.method == "POST" and form.is_valid():
        response = _save_or_submit(request, form, report=report)
        if response:
            return response
    latest_review = report.reviews.select_related("reviewer").last()
    return render(
        request,
        "mentoring/report_form.html",
        {"form": form, "project": project, "report": report, "latest_review": latest_review},
    )


@require_POST
@role_required(Role.RESIDENT)
def report_submit_view(request, pk):
    report = _own_report(request, pk)
    try:
        report_submit(report=report)
    except MentoringError as error:
        messages.error(request, str(error))
        return redirect(report)
    messages.success(request, f"Report submitted to {report.resident.current_coach.display_name}.")
    return redirect("mentoring:report_list")


# --- Reading a report --------------------------------------------------------------------------


def _history(report):
    """Submissions oldest first, each with its review (or None) and, for a resubmission, what
    changed since the version before."""
    reviews = {review.submission_id: review for review in report.reviews.all()}
    history, earlier = [], None
    for submission in report.submissions.order_by("number"):
        changes = submission.changes_since(earlier) if earlier else []
        history.append((submission, reviews.get(submission.pk), changes))
        earlier = submission
    return history


def _project_state(project):
    """The project's current state beside the report: stage, stepper, each measure's chart."""
    if project is None:
        return None
    rows = []
    for measure in measures_for_charts(project):
        chart = measure.chart()
        points = measure.included_points()
        rows.append(
            {
                "measure": measure,
                "chart": chart,
                "summary": chart.summary,
                "latest": points[-1] if points else None,
            }
        )
    return {"project": project, "stepper": project.stepper(), "measures": rows}


@require_safe
@role_required(*READERS)
def report_detail(request, pk):
    report = get_object_or_404(
        _with_history(
            ProgressReport.objects.visible_to(request.user).select_related(
                "resident__user", "project"
            )
        ),
        pk=pk,
    )
    is_own = report.resident.user_id == request.user.pk
    coach = report.resident.current_coach
    return render(
        request,
        "mentoring/report_detail.html",
        {
            "report": report,
            "history": _history(report),
            "measures": report.measures.all(),
            "is_own": is_own,
            "can_review": report.is_awaiting_review
            and coach is not None
            and coach.pk == request.user.pk,
        },
    )


# --- The coach ---------------------------------------------------------------------------------


@require_safe
@role_required(Role.COACH)
def review_queue(request):
    _require_coach(request)
    reports = (
        ProgressReport.objects.visible_to(request.user)
        .for_coach(request.user)
        .awaiting_review()
        .select_related("resident__user", "project")
        .annotate(submissions_count=Count("submissions"))
        .order_by("submitted_at", "pk")
    )
    page = page_of(request, reports)
    today = timezone.localdate()
    for report in page:
        report.waiting = report.days_waiting(today)
    return render(request, "mentoring/review_queue.html", {"page": page})


@require_http_methods(["GET", "POST"])
@role_required(Role.COACH)
def report_review_view(request, pk):
    _require_coach(request)
    report = get_object_or_404(
        _with_history(
            ProgressReport.objects.visible_to(request.user)
            .for_coach(request.user)
            .select_related("resident__user", "project")
        ),
        pk=pk,
    )
    if not report.is_awaiting_review:
        messages.info(request, "This report is not waiting for review.")
        return redirect(report)
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            review = report_review(
                report=report,
                reviewer=request.user,
                decision=form.cleaned_data["decision"],
                feedback=form.cleaned_data["feedback"],
            )
        except MentoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{review.get_decision_display()}: {report.resident.user.display_name} "
                "has been emailed your feedback.",
            )
            return redirect("mentoring:review_queue")
    return render(
        request,
        "mentoring/report_review.html",
        {
            "report": report,
            "form": form,
            "history": _history(report),
            "measures": report.measures.all(),
            "state": _project_state(report.project),
        },
    )


# --- Program staff -----------------------------------------------------------------------------


@require_safe
@role_required(Role.DIRECTOR, Role.COORDINATOR)
def program_reports(request):
    reports = (
        ProgressReport.objects.visible_to(request.user)
        .shared()
        .select_related("resident__user", "project")
        .order_by("-submitted_at", "-pk")
    )
    status = request.GET.get("status", "")
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    page = page_of(request, reports)
    today = timezone.localdate()
    for report in page:
        report.waiting = report.days_waiting(today)
    return render(
        request,
        "mentoring/program_reports.html",
        {
            "page": page,
            "status": status,
            "query": query_without_page(request),
            "statuses": [s for s in ReportStatus.choices if s[0] != ReportStatus.DRAFT],
        },
    )
