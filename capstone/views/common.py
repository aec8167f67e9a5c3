"""What every project page shares: fetching through visible_to, the edit check, and the frame
around each tab (header, stage stepper, next-stage requirements, progress score)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse

from capstone.models import FLOW, Project, Stage

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


def visible_project(request, pk, queryset=None) -> Project:
    """The project if the signed-in person may see it; otherwise 404, never a hint it exists."""
    queryset = queryset if queryset is not None else Project.objects.all()
    return get_object_or_404(
        queryset.visible_to(request.user)
        .select_related("program", "lead__user", "sponsor", "progress_confirmed_by")
        .with_coach(),
        pk=pk,
    )


def editable_project(request, pk) -> Project:
    """Visible (else 404) and editable by this person (else 403)."""
    project = visible_project(request, pk)
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
        "project": project,
        "tab": tab,
        "tabs": [
            (name, label, reverse(f"capstone:{name}", args=[project.pk])) for name, label in TABS
        ],
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
