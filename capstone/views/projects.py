"""The project list, starting a project, and the project page's tabs (one URL each)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from capstone.charts import measures_for_charts
from capstone.forms import CommentForm, ProjectCreateForm, ProjectFilterForm
from capstone.forms.project import IN_PATHWAY
from capstone.history import project_histories
from capstone.models import (
    Comment,
    Determination,
    FishboneCategory,
    Idea,
    Project,
    Section,
    StageChange,
    TeamMember,
    TestOfChange,
    stage_history,
    summarize_wastes,
)
from capstone.services import ProjectError, project_create
from capstone.views.common import posted, project_frame, visible_project
from pathway.core.access import role_required
from pathway.core.compiled_lists import CompiledList
from pathway.core.history import history_entries
from pathway.core.pagination import page_of
from pathway.models import PROGRAM_STAFF_ROLES, Role, User

PAGE_SIZE = 50


@require_safe
@login_required
def project_list(request):
    visible = Project.objects.visible_to(request.user)
    form = ProjectFilterForm(request.GET or None, projects=visible)
    projects = form.filter(visible).with_people().in_flow_order()
    page = page_of(request, projects, PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    user = request.user
    can_start = user.is_superuser or user.is_program_staff
    has_active = False
    if user.has_role(Role.RESIDENT):
        has_active = Project.objects.filter(lead__user=user).active().exists()
        in_pathway = user.resident_profile.pathway_status in IN_PATHWAY
        can_start = can_start or (in_pathway and not has_active)
    return render(
        request,
        "capstone/project_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_start": can_start,
            "has_active": has_active,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.RESIDENT, *PROGRAM_STAFF_ROLES)
def project_add(request):
    form = ProjectCreateForm(posted(request), actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = project_create(
                lead=form.lead_profile(),
                by=request.user,
                title=data["title"],
                process=data["process"],
                department=data["department"],
                origin=data["origin"],
                origin_detail=data["origin_detail"],
            )
        except ProjectError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"“{project.title}” is started, in Selection. Complete the charter next.",
            )
            return redirect("capstone:charter_edit", project.pk)
    return render(request, "capstone/project_add.html", {"form": form})


def _render_tab(request, project, tab, template, **extra):
    context = project_frame(request, project, tab)
    context.update(extra)
    return render(request, f"capstone/{template}", context)


def _attachments(project, section):
    return project.attachments.filter(section=section).select_related("uploaded_by")


@require_safe
@login_required
def project_detail(request, pk):
    """The Charter tab: the charter, the people, and the discussion."""
    return charter_tab(request, visible_project(request, pk), CommentForm())


# The charter's people and discussion, their SQL written once (pathway.core.compiled_lists):
# the ORM took longer to build each than PostgreSQL to answer it (make bench).
_co_leads = CompiledList(User, lambda user, project: User.objects.filter(capstones_co_led=project))
_team = CompiledList(
    TeamMember,
    lambda user, project: TeamMember.objects.filter(project=project).select_related("user"),
)
_comments = CompiledList(
    Comment,
    lambda user, project: Comment.objects.filter(project=project).select_related("author"),
)


def charter_tab(request, project, comment_form):
    return _render_tab(
        request,
        project,
        "project_detail",
        "tab_charter.html",
        co_leads=_co_leads(None, project=project.pk),
        team=_team(None, project=project.pk),
        comments=_comments(None, project=project.pk),
        comment_form=comment_form,
        charter_missing=project.charter_missing(),
    )


@require_safe
@login_required
def project_current_state(request, pk):
    project = visible_project(request, pk)
    wastes = list(project.waste_observations.all())
    causes = {}
    for cause in project.causes.all():
        causes.setdefault(FishboneCategory(cause.category).label, []).append(cause)
    measures = project.measures.prefetch_related("data_points")
    return _render_tab(
        request,
        project,
        "project_current_state",
        "tab_current_state.html",
        process_steps=project.steps.all(),
        time_observations=project.time_observations.all(),
        wastes=wastes,
        waste_summary=summarize_wastes(wastes),
        why_steps=project.why_steps.all(),
        causes=causes,
        measures=measures,
        attachments=_attachments(project, Section.CURRENT_STATE),
        section=Section.CURRENT_STATE,
    )


@require_safe
@login_required
def project_event(request, pk):
    project = visible_project(request, pk)
    team = list(project.team_members.select_related("user"))
    return _render_tab(
        request,
        project,
        "project_event",
        "tab_event.html",
        roster=project.event_roster(team=team),
        team=team,
        ideas=project.ideas.select_related("owner").prefetch_related("tests"),
        tests=TestOfChange.objects.filter(project=project).prefetch_related(
            Prefetch("ideas", queryset=Idea.objects.only("pk", "idea"))
        ),
        report=project.report_out_or_none(),
        attachments=_attachments(project, Section.EVENT),
        section=Section.EVENT,
    )


@require_safe
@login_required
def project_implementation(request, pk):
    project = visible_project(request, pk)
    today = timezone.localdate()
    actions = list(project.action_items.select_related("owner"))
    return _render_tab(
        request,
        project,
        "project_implementation",
        "tab_implementation.html",
        actions=actions,
        overdue_count=sum(1 for a in actions if a.is_overdue(today)),
        today=today,
        standard_work=project.standard_work_docs.select_related("attachment"),
        follow_ups=project.follow_ups.all(),
        attachments=_attachments(project, Section.IMPLEMENTATION),
        section=Section.IMPLEMENTATION,
    )


@require_safe
@login_required
def project_results(request, pk):
    project = visible_project(request, pk)
    rows = [(m, m.chart()) for m in measures_for_charts(project)]
    return _render_tab(
        request,
        project,
        "project_results",
        "tab_results.html",
        measure_rows=rows,
        attachments=_attachments(project, Section.RESULTS),
        section=Section.RESULTS,
    )


@require_safe
@login_required
def project_dissemination(request, pk):
    project = visible_project(request, pk)
    return _render_tab(
        request,
        project,
        "project_dissemination",
        "tab_dissemination.html",
        presentations=project.presentations.all(),
        abstracts=project.abstracts.all(),
        publications=project.publications.all(),
        attachments=_attachments(project, Section.DISSEMINATION),
        section=Section.DISSEMINATION,
        has_draft=hasattr(project, "abstract_draft"),
        determination=Determination.objects.filter(project=project).first(),
    )


@require_safe
@login_required
def project_history(request, pk):
    project = visible_project(request, pk)
    changes = StageChange.objects.filter(project=project).select_related("changed_by")
    entries, total = history_entries(project_histories(project), hide=("project", "program"))
    return _render_tab(
        request,
        project,
        "project_history",
        "tab_history.html",
        changes=stage_history(project, changes),
        entries=entries,
        total=total,
    )
