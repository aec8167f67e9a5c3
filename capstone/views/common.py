"""What every project page shares: fetching through visible_to, the edit check, and the frame
around each tab (header, stage stepper, next-stage requirements, progress score)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from capstone.models import (
    FLOW,
    ApprovalRule,
    Approver,
    Project,
    Stage,
    StageDecision,
    StageRequest,
    roles_of,
)
from capstone.models.project import attach_current_coaches
from pathway.core.compiled_lists import CompiledList, as_prefetched
from pathway.core.links import link

TABS = [
    ("project_detail", "Charter"),
    ("project_current_state", "Current state"),
    ("project_event", "Event"),
    ("project_implementation", "Implementation"),
    ("project_results", "Results"),
    ("project_dissemination", "Dissemination"),
    ("project_history", "History"),
]


def posted(request):
    """The submitted data, or None on GET. An empty POST is still a submission: a form whose
    fields are all optional must be validated and saved, not shown again."""
    return request.POST if request.method == "POST" else None


def uploaded(request):
    return request.FILES if request.method == "POST" else None


def visible_project(request, pk, queryset=None, *, people=True) -> Project:
    """The project if the signed-in person may see it; otherwise 404, never a hint it exists.
    people=False leaves out the sponsor, the coach and who confirmed the progress, which only
    the project's own pages show (the coach is a query of its own): a form needs the program
    and the lead only, and reading the rest made a third of the cost of a saved form."""
    if queryset is None and request.user.is_authenticated:
        # Every project page starts here: its SQL is written once (CompiledList).
        found = _visible_projects[people](request.user, pk=pk)
        if not found:
            raise Http404("No project found.")
        project = found[0]
        if people:
            attach_current_coaches([project])  # what with_coach() would prefetch
        return project
    return get_object_or_404(_project_query(queryset, request.user, people=people), pk=pk)


def _project_query(queryset, user, *, people, coach=True):
    queryset = queryset if queryset is not None else Project.objects.all()
    queryset = queryset.visible_to(user).select_related("program", "lead__user")
    if people:
        queryset = queryset.select_related("sponsor", "progress_confirmed_by")
        if coach:
            queryset = queryset.with_coach()
    return queryset


# {people: the project by pk, as _project_query reads it, but for the lead's coach}
_visible_projects = {
    people: CompiledList(
        Project,
        lambda user, pk, people=people: _project_query(
            None, user, people=people, coach=False
        ).filter(pk=pk),
    )
    for people in (True, False)
}


def editable_project(request, pk, *, people=True) -> Project:
    """Visible (else 404) and editable by this person (else 403)."""
    project = visible_project(request, pk, people=people)
    if not project.can_edit(request.user):
        raise PermissionDenied("Only the project's lead and co-leads can change it.")
    return project


def project_frame(request, project, tab) -> dict:
    """Context for templates/capstone/project_base.html."""
    user = request.user
    next_stage = project.next_stage()
    requirements = project.entry_requirements(next_stage) if next_stage else []
    suggestion, suggestion_changed = project.progress_status()
    can_edit = project.can_edit(user)
    return {
        **_approval_frame(user, project, next_stage),
        "project": project,
        "tab": tab,
        "tabs": [(name, label, link(f"capstone:{name}", project.pk)) for name, label in TABS],
        "steps": project.stepper(),
        "next_stage": Stage(next_stage) if next_stage else None,
        "requirements": requirements,
        "ready": next_stage is not None and all(r.met for r in requirements),
        "can_edit": can_edit,
        "can_steer": project.can_steer(user),
        "can_move_back": project.can_move_back(user) and bool(project.earlier_stages()),
        "can_confirm_progress": project.can_confirm_progress(user),
        "suggestion": suggestion,
        "suggestion_changed": suggestion_changed,
        "flow_position": FLOW.index(project.flow_stage) + 1 if project.flow_stage in FLOW else None,
        "flow_length": len(FLOW),
    }


_latest_request = CompiledList(
    StageRequest,
    lambda user, project: StageRequest.objects.filter(project=project).order_by(
        "-requested_at", "-pk"
    )[:1],
)
_request_decisions = CompiledList(
    StageDecision,
    lambda user, request: StageDecision.objects.filter(request=request).select_related(
        "decided_by"
    ),
)


def _approval_frame(user, project, next_stage) -> dict:
    """The latest stage request: waiting (who has approved, who has not) or returned (why)."""
    found = _latest_request(None, project=project.pk)
    latest = found[0] if found else None
    if latest is not None:
        as_prefetched(latest, "decisions", _request_decisions(None, request=latest.pk))
    waiting = latest if latest is not None and latest.is_open else None
    returned = latest if latest is not None and latest.status == latest.Status.RETURNED else None
    needs = ApprovalRule.approvers_for(project.program_id, next_stage) if next_stage else set()
    return {
        "stage_request": waiting,
        "returned_request": returned,
        "returned_decision": next((d for d in returned.decisions.all() if d.kind == "return"), None)
        if returned
        else None,
        "my_approval_roles": set(waiting.pending_roles()) & roles_of(user, project)
        if waiting
        else set(),
        "next_approvers": [Approver(name).label for name in Approver if name in needs],
        "can_override": next_stage is not None
        and not project.is_on_hold
        and (user.is_superuser or project.is_program_director(user)),
    }
