"""Stage requests and their approvals, the approver's queue and the program's rules. Who may
do what is decided here (404 when the project is not visible, 403 when it is but the person
has no part in the decision); capstone.services.approvals makes the changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from capstone.forms import ReasonForm
from capstone.forms.approvals import ApprovalRulesForm, RequestNoteForm, ReturnForm
from capstone.models import ApprovalRule, Approver, Stage, StageRequest, roles_of
from capstone.services import (
    ProjectError,
    StageError,
    approval_rules_save,
    stage_request_approve,
    stage_request_create,
    stage_request_override,
    stage_request_return,
)
from capstone.views.common import posted, visible_project
from capstone.views.stage import STEER_DENIED, _reason_page
from pathway.core.access import role_required
from pathway.models import Role

NOT_AN_APPROVER = "You are not one of the approvers still to answer this request."


def _moved_or_waiting(request, stage_request):
    target = Stage(stage_request.to_stage).label
    if stage_request.is_open:
        waiting = ", ".join(Approver(r).label for r in stage_request.pending_roles())
        messages.success(request, f"Your request to move to {target} is waiting for: {waiting}.")
    else:
        messages.success(request, f"The project moved to {target}.")


@require_POST
@login_required
def stage_request(request, pk):
    """The leads (or the coach, or a director) ask to move the project into its next stage."""
    project = visible_project(request, pk)
    if not project.can_steer(request.user):
        raise PermissionDenied(STEER_DENIED)
    form = RequestNoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["note"]))
        return redirect(project.get_absolute_url())
    try:
        made = stage_request_create(
            project=project, by=request.user, note=form.cleaned_data["note"]
        )
    except StageError as error:
        messages.error(request, str(error))
    else:
        _moved_or_waiting(request, made)
    return redirect(project.get_absolute_url())


def _request_for_approver(request, pk, request_pk):
    """The visible project's open request (else 404), answerable by this person (else 403)."""
    project = visible_project(request, pk)
    found = get_object_or_404(
        StageRequest.objects.visible_to(request.user).filter(project=project), pk=request_pk
    )
    if not found.is_open:
        messages.error(request, "This request has already been decided.")
        return project, found, None
    if not set(found.pending_roles()) & roles_of(request.user, project):
        raise PermissionDenied(NOT_AN_APPROVER)
    return project, found, True


@require_POST
@login_required
def stage_request_approve_view(request, pk, request_pk):
    project, found, answerable = _request_for_approver(request, pk, request_pk)
    if answerable:
        try:
            stage_request_approve(request=found, by=request.user, note=request.POST.get("note", ""))
        except StageError as error:
            messages.error(request, str(error))
        else:
            found.refresh_from_db()
            if found.is_open:
                messages.success(request, "Your approval is recorded.")
            else:
                messages.success(
                    request, f"Approved: the project moved to {found.get_to_stage_display()}."
                )
    return redirect(project.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
def stage_request_return_view(request, pk, request_pk):
    project, found, answerable = _request_for_approver(request, pk, request_pk)
    if not answerable:
        return redirect(project.get_absolute_url())
    form = ReturnForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            stage_request_return(request=found, by=request.user, note=form.cleaned_data["note"])
        except StageError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The request is returned to the leads with your note.")
            return redirect(project.get_absolute_url())
    return _reason_page(
        request,
        project,
        form,
        heading=f"Return the request to move to {found.get_to_stage_display()}",
        intro="The project stays where it is; the leads fix what you name and ask again.",
        button="Return with this note",
    )


@require_http_methods(["GET", "POST"])
@login_required
def stage_override(request, pk):
    """A program director moves the project on without the approvals still missing."""
    project = visible_project(request, pk)
    if not (request.user.is_superuser or project.is_program_director(request.user)):
        raise PermissionDenied("Only a program director can override the approvals.")
    next_stage = project.next_stage()
    if next_stage is None or project.is_on_hold:
        messages.error(
            request, f"A project that is {project.get_stage_display().lower()} cannot advance."
        )
        return redirect(project.get_absolute_url())
    form = ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            stage_request_override(
                project=project, by=request.user, reason=form.cleaned_data["reason"]
            )
        except StageError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Overridden: the project moved to {Stage(next_stage).label}."
            )
            return redirect(project.get_absolute_url())
    return _reason_page(
        request,
        project,
        form,
        heading=f"Override the approvals: move to {Stage(next_stage).label}",
        intro="The entry requirements still apply. Your reason is recorded in the project's "
        "history, where everyone on the project sees it.",
        button="Override and move on",
        danger=True,
    )


@require_GET
@login_required
def approval_queue(request):
    """Stage requests waiting for the signed-in person's approval."""
    waiting = list(StageRequest.objects.awaiting(request.user).for_queue())
    return render(request, "capstone/approval_queue.html", {"waiting": waiting})


@require_http_methods(["GET", "POST"])
@role_required(Role.DIRECTOR)
def approval_rules(request):
    """Who approves entering each stage, set by the program's directors."""
    program = request.user.program
    if program is None:
        raise Http404("Site administrators set each program's rules in the admin.")
    form = ApprovalRulesForm(posted(request), table=ApprovalRule.table_for(program.pk))
    if request.method == "POST" and form.is_valid():
        try:
            approval_rules_save(program=program, by=request.user, table=form.table())
        except ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The approval rules are saved. Open requests keep theirs.")
            return redirect("capstone:approval_rules")
    return render(request, "capstone/approval_rules.html", {"form": form, "program": program})
