"""Editing the single-valued sections of the record (charter, current state, event, results,
report-out) and taking part in the discussion."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from capstone.forms import (
    CharterForm,
    CommentForm,
    CurrentStateForm,
    EventForm,
    ReportOutForm,
    ResultsForm,
)
from capstone.services import (
    ProjectError,
    comment_post,
    project_event_update,
    project_update,
    reportout_post,
    reportout_save,
)
from capstone.views.common import editable_project, posted, uploaded, visible_project
from capstone.views.projects import charter_tab

SECTIONS = {
    "charter": (CharterForm, "project_detail", "Edit the charter", "The charter is saved."),
    "current_state": (
        CurrentStateForm,
        "project_current_state",
        "Edit the current state",
        "The current state is saved.",
    ),
    "event": (EventForm, "project_event", "Edit the two-day event", "The event details are saved."),
    "results": (ResultsForm, "project_results", "Edit the results", "The results are saved."),
}


def _section_edit(request, pk, section):
    form_class, tab, heading, done = SECTIONS[section]
    project = editable_project(request, pk)
    kwargs = {"actor": request.user} if form_class is CharterForm else {}
    form = form_class(posted(request), instance=project, **kwargs)
    if request.method == "POST" and form.is_valid():
        # Only the project's own fields: a form may ask for a confirmation besides.
        fields = {
            name: form.cleaned_data[name] for name in form.fields if name in form._meta.fields
        }
        update = project_event_update if section == "event" else project_update
        try:
            update(project=project, by=request.user, fields=fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect(f"capstone:{tab}", project.pk)
    return render(
        request,
        "capstone/section_form.html",
        {"form": form, "project": project, "heading": heading, "back": tab, "section": section},
    )


@require_http_methods(["GET", "POST"])
@login_required
def charter_edit(request, pk):
    return _section_edit(request, pk, "charter")


@require_http_methods(["GET", "POST"])
@login_required
def current_state_edit(request, pk):
    return _section_edit(request, pk, "current_state")


@require_http_methods(["GET", "POST"])
@login_required
def event_edit(request, pk):
    return _section_edit(request, pk, "event")


@require_http_methods(["GET", "POST"])
@login_required
def results_edit(request, pk):
    return _section_edit(request, pk, "results")


@require_http_methods(["GET", "POST"])
@login_required
def reportout_edit(request, pk):
    project = editable_project(request, pk)
    report = project.report_out_or_none()
    initial = {}
    if report:
        initial = {n: getattr(report, n) for n in ("summary", "before", "after", "next_steps")}
    form = ReportOutForm(posted(request), uploaded(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reportout_save(
            project=project,
            by=request.user,
            fields={n: data[n] for n in ("summary", "before", "after", "next_steps")},
            upload=data.get("file"),
        )
        if report and report.posted_at:
            messages.success(request, "The report-out is updated.")
        else:
            messages.success(
                request, "The report-out is saved. Post it to tell the sponsor and the coach."
            )
        return redirect("capstone:project_event", project.pk)
    return render(
        request,
        "capstone/section_form.html",
        {
            "form": form,
            "project": project,
            "heading": "Report-out",
            "back": "project_event",
            "section": "reportout",
            "multipart": True,
            "report": report,
        },
    )


@require_POST
@login_required
def reportout_publish(request, pk):
    project = editable_project(request, pk)
    try:
        reportout_post(project=project, by=request.user)
    except ProjectError as error:
        messages.error(request, str(error))
    else:
        told = [u.display_name for u in (project.sponsor, project.coach) if u is not None]
        messages.success(
            request,
            "The report-out is posted" + (f"; {' and '.join(told)} were emailed." if told else "."),
        )
    return redirect("capstone:project_event", project.pk)


@require_POST
@login_required
def comment_add(request, pk):
    project = visible_project(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        comment_post(project=project, author=request.user, body=form.cleaned_data["body"])
        messages.success(request, "Your comment is posted.")
        return redirect(project.get_absolute_url() + "#discussion")
    return charter_tab(request, project, form)
