"""Stage moves back, on hold, resumed and withdrawn, and the progress score. Moving forward
is a request the program's approvers decide (capstone.views.approvals). The rules are in the
model and capstone.services; these views check who may ask, then report the outcome."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from capstone.forms import MoveBackForm, ProgressForm, ReasonForm
from capstone.models import Stage
from capstone.services import (
    ProjectError,
    StageError,
    progress_confirm,
    project_hold,
    project_move_back,
    project_resume,
    project_withdraw,
)
from capstone.views.common import posted, visible_project

STEER_DENIED = "Only the project's leads, its KPO coach or a program director can change its stage."


def _steerable(request, pk):
    project = visible_project(request, pk)
    if not project.can_steer(request.user):
        raise PermissionDenied(STEER_DENIED)
    return project


@require_POST
@login_required
def stage_resume(request, pk):
    project = _steerable(request, pk)
    try:
        change = project_resume(project=project, by=request.user)
    except StageError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The project is resumed, in {Stage(change.to_stage).label}.")
    return redirect(project.get_absolute_url())


def _reason_page(request, project, form, *, heading, intro, button, danger=False):
    return render(
        request,
        "capstone/stage_form.html",
        {
            "project": project,
            "form": form,
            "heading": heading,
            "intro": intro,
            "button": button,
            "danger": danger,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def stage_back(request, pk):
    project = visible_project(request, pk)
    if not project.can_move_back(request.user):
        raise PermissionDenied(
            "Only the project's KPO coach or a program director can move it back."
        )
    if not project.earlier_stages():
        messages.error(
            request, f"A project that is {project.get_stage_display().lower()} cannot move back."
        )
        return redirect(project.get_absolute_url())
    form = MoveBackForm(posted(request), project=project)
    if request.method == "POST" and form.is_valid():
        try:
            change = project_move_back(
                project=project,
                by=request.user,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
            )
        except StageError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The project moved back to {Stage(change.to_stage).label}.")
            return redirect(project.get_absolute_url())
    return _reason_page(
        request,
        project,
        form,
        heading="Move the project back",
        intro="The leads see the reason in the project's history.",
        button="Move back",
    )


@require_http_methods(["GET", "POST"])
@login_required
def stage_hold(request, pk):
    project = _steerable(request, pk)
    if project.is_on_hold or project.is_final:
        messages.error(
            request,
            f"A project that is {project.get_stage_display().lower()} cannot be put on hold.",
        )
        return redirect(project.get_absolute_url())
    form = ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            project_hold(project=project, by=request.user, reason=form.cleaned_data["reason"])
        except StageError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The project is on hold. Resume it when work restarts.")
            return redirect(project.get_absolute_url())
    return _reason_page(
        request,
        project,
        form,
        heading="Put the project on hold",
        intro=f"It keeps its place ({project.get_stage_display()}) and resumes there.",
        button="Put on hold",
    )


@require_http_methods(["GET", "POST"])
@login_required
def stage_withdraw(request, pk):
    project = _steerable(request, pk)
    if project.is_final:
        messages.error(request, f"The project is already {project.get_stage_display().lower()}.")
        return redirect(project.get_absolute_url())
    form = ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            project_withdraw(project=project, by=request.user, reason=form.cleaned_data["reason"])
        except StageError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The project is withdrawn. Its record is kept.")
            return redirect(project.get_absolute_url())
    return _reason_page(
        request,
        project,
        form,
        heading="Withdraw the project",
        intro="Withdrawing stops the project for good; the record is kept. "
        "The lead can then start another capstone.",
        button="Withdraw the project",
        danger=True,
    )


@require_http_methods(["GET", "POST"])
@login_required
def progress_edit(request, pk):
    project = visible_project(request, pk)
    if not project.can_confirm_progress(request.user):
        raise PermissionDenied("Only the project's KPO coach confirms the progress score.")
    suggestion = project.progress_suggestion()
    form = ProgressForm(
        posted(request),
        suggestion=suggestion,
        initial={"score": suggestion.score, "note": project.progress_note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            progress_confirm(
                project=project,
                by=request.user,
                score=form.cleaned_data["score"],
                note=form.cleaned_data["note"],
            )
        except ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"IHI progress score {project.progress_score} confirmed.")
            return redirect(project.get_absolute_url())
    return render(
        request,
        "capstone/progress_form.html",
        {"project": project, "form": form, "suggestion": suggestion},
    )
