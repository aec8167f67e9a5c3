"""Adding, editing and deleting the rows of a project's record (steps, wastes, ideas, actions,
measures, …) through one set of views driven by a registry, and serving attachments."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from capstone import forms as f
from capstone import models as m
from capstone.services import (
    attachment_add,
    datapoint_delete,
    datapoint_save,
    followup_update,
    part_delete,
    part_save,
)
from capstone.views.common import TABS, editable_project, posted, uploaded, visible_project
from pathway.core.links import link
from pathway.curriculum.views.common import serve_private_file


@dataclass(frozen=True)
class Part:
    model: type
    form: type
    tab: str  # the tab the row is shown on, and returned to
    noun: str
    can_add: bool = True
    can_delete: bool = True
    project_path: str = "project"
    multipart: bool = False
    help: str = ""


PARTS = {
    "step": Part(m.ProcessStep, f.ProcessStepForm, "project_current_state", "process step"),
    "waste": Part(
        m.WasteObservation,
        f.WasteObservationForm,
        "project_current_state",
        "waste observation",
        help="One of the 8 wastes, seen where the work happens.",
    ),
    "timing": Part(
        m.TimeObservation,
        f.TimeObservationForm,
        "project_current_state",
        "time observation",
        help="Time one step several times; the mean, median and range are computed.",
    ),
    "why": Part(
        m.WhyStep,
        f.WhyStepForm,
        "project_current_state",
        "5 Whys step",
        help="Ask why the problem happens; the answer becomes the next why.",
    ),
    "cause": Part(m.Cause, f.CauseForm, "project_current_state", "cause"),
    "measure": Part(
        m.Measure,
        f.MeasureForm,
        "project_results",
        "measure",
        help="Outcome: what matters to patients. Process: whether the new steps are done. "
        "Balancing: what might get worse elsewhere.",
    ),
    "data-point": Part(
        m.DataPoint,
        f.DataPointForm,
        "project_results",
        "data point",
        project_path="measure__project",
    ),
    "team": Part(m.TeamMember, f.TeamMemberForm, "project_event", "team member"),
    "idea": Part(m.Idea, f.IdeaForm, "project_event", "idea"),
    "test": Part(
        m.TestOfChange,
        f.TestOfChangeForm,
        "project_event",
        "test of change",
        help="One PDSA cycle: plan, predict, do, study, act.",
    ),
    "action": Part(m.ActionItem, f.ActionItemForm, "project_implementation", "action"),
    "standard-work": Part(
        m.StandardWorkDoc,
        f.StandardWorkForm,
        "project_implementation",
        "standard work document",
        multipart=True,
    ),
    "follow-up": Part(
        m.FollowUp,
        f.FollowUpForm,
        "project_implementation",
        "follow-up",
        can_add=False,
        can_delete=False,
    ),
    "presentation": Part(
        m.Presentation, f.PresentationForm, "project_dissemination", "presentation"
    ),
    "abstract": Part(
        m.AbstractSubmission, f.AbstractSubmissionForm, "project_dissemination", "abstract"
    ),
    "publication": Part(m.Publication, f.PublicationForm, "project_dissemination", "publication"),
    "attachment": Part(
        m.Attachment, f.AttachmentForm, "project_current_state", "attachment", multipart=True
    ),
}
TAB_NAMES = frozenset(name for name, _ in TABS)
SECTION_TABS = {
    m.Section.CURRENT_STATE: "project_current_state",
    m.Section.EVENT: "project_event",
    m.Section.IMPLEMENTATION: "project_implementation",
    m.Section.RESULTS: "project_results",
    m.Section.DISSEMINATION: "project_dissemination",
}


def _part(kind) -> Part:
    part = PARTS.get(kind)
    if part is None:
        raise Http404("No such part of a project.")
    return part


def _instance(request, project, part, item_pk):
    rows = part.model.objects.visible_to(request.user).filter(**{part.project_path: project})
    return get_object_or_404(rows, pk=item_pk)


def _return_tab(request, part, instance=None, form=None):
    """Where to go after the form: the tab named in ?back= (a link from another tab says
    where it came from), else the tab that shows this kind of row."""
    back = request.GET.get("back")
    if back in TAB_NAMES:
        return back
    if part.model is m.Attachment:
        section = instance.section if instance and instance.pk else None
        if form is not None and form.is_bound and form.is_valid():
            section = form.cleaned_data.get("section")
        return SECTION_TABS.get(section, part.tab)
    return part.tab


def _return_url(request, project, part, instance=None, form=None):
    """Where to go after the form: a data point goes back to its measure's chart and table
    (where "Add one point" was), unless ?back= names a tab; other rows go to their tab."""
    if part.model is m.DataPoint and request.GET.get("back") not in TAB_NAMES:
        measure_id = instance.measure_id if instance is not None and instance.pk else None
        if measure_id is None and form is not None and form.is_bound and form.is_valid():
            measure_id = form.cleaned_data["measure"].pk
        if measure_id is None:
            measure_id = _measure_asked_for(request, project)
        if measure_id is not None:
            return link("capstone:measure_chart", project.pk, measure_id)
    tab = _return_tab(request, part, instance, form)
    return link(f"capstone:{tab}", project.pk)


def _measure_asked_for(request, project):
    """The measure in ?measure= (the "Add one point" link), if it is this project's."""
    asked = request.GET.get("measure", "")
    if not asked.isdigit():
        return None
    return project.measures.filter(pk=int(asked)).values_list("pk", flat=True).first()


def _added_message(part, instance) -> str:
    if part.model is m.DataPoint:
        # One message about this measure only: the value as the chart shows it, and where.
        return f"Added {instance.y_text()} on {instance.when} to {instance.measure}."
    return f"Added the {part.noun}: {instance}."


def _save(request, project, part, form):
    if part.model is m.DataPoint:
        # datapoint_save is a transaction of its own; inside another it would be a savepoint,
        # two more round trips on every point entered.
        return datapoint_save(point=form.save(commit=False), by=request.user)
    with transaction.atomic():
        return _save_part(request, project, part, form)


def _save_part(request, project, part, form):
    if part.model is m.Attachment and not form.instance.pk:
        data = form.cleaned_data
        return attachment_add(
            project=project,
            by=request.user,
            upload=data["upload"],
            section=data["section"],
            kind=data["kind"],
            title=data["title"],
        )
    if part.model is m.FollowUp:
        fields = {name: form.cleaned_data[name] for name in form.fields}
        original = m.FollowUp.objects.get(pk=form.instance.pk)
        return followup_update(follow_up=original, by=request.user, fields=fields)
    instance = form.save(commit=False)
    if part.model is m.StandardWorkDoc and form.cleaned_data.get("file"):
        instance.attachment = attachment_add(
            project=project,
            by=request.user,
            upload=form.cleaned_data["file"],
            section=m.Section.IMPLEMENTATION,
            kind=m.Attachment.Kind.DOCUMENT,
            title=f"Standard work: {instance.title}",
        )
    m2m = {
        field.name: form.cleaned_data[field.name]
        for field in part.model._meta.many_to_many
        if field.name in form.cleaned_data
    }
    return part_save(project=project, instance=instance, by=request.user, m2m=m2m)


def _form_page(request, project, part, kind, form, instance=None):
    return render(
        request,
        "capstone/part_form.html",
        {
            "project": project,
            "part": part,
            "kind": kind,
            "form": form,
            "instance": instance,
            "back": _return_tab(request, part, instance),
            "back_url": _return_url(request, project, part, instance),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def part_add(request, pk, kind):
    part = _part(kind)
    project = editable_project(request, pk, people=False)
    if not part.can_add:
        raise Http404("This part of a project is created for you.")
    initial = {key: value for key, value in request.GET.items() if key in part.form.base_fields}
    form = part.form(posted(request), uploaded(request), project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        instance = _save(request, project, part, form)
        messages.success(request, _added_message(part, instance))
        if part.model is m.DataPoint and "another" in request.POST:
            add = link("capstone:part_add", project.pk, kind)
            return redirect(f"{add}?measure={instance.measure_id}")
        return redirect(_return_url(request, project, part, instance, form))
    return _form_page(request, project, part, kind, form)


@require_http_methods(["GET", "POST"])
@login_required
def part_edit(request, pk, kind, item_pk):
    part = _part(kind)
    project = editable_project(request, pk)
    instance = _instance(request, project, part, item_pk)
    form = part.form(posted(request), uploaded(request), project=project, instance=instance)
    if request.method == "POST" and form.is_valid():
        instance = _save(request, project, part, form)
        messages.success(request, f"Saved the {part.noun}.")
        return redirect(_return_url(request, project, part, instance))
    return _form_page(request, project, part, kind, form, instance)


@require_http_methods(["GET", "POST"])
@login_required
def part_delete_view(request, pk, kind, item_pk):
    part = _part(kind)
    project = editable_project(request, pk)
    instance = _instance(request, project, part, item_pk)
    if not part.can_delete:
        raise Http404("This part of a project cannot be deleted.")
    back_url = _return_url(request, project, part, instance)
    if request.method == "POST":
        label = str(instance)
        with transaction.atomic():
            if part.model is m.DataPoint:
                datapoint_delete(point=instance, by=request.user)
            else:
                part_delete(instance=instance)
        messages.success(request, f"Deleted the {part.noun}: {label}.")
        return redirect(back_url)
    return render(
        request,
        "capstone/part_delete.html",
        {
            "project": project,
            "part": part,
            "instance": instance,
            "back": _return_tab(request, part, instance),
            "back_url": back_url,
        },
    )


@require_safe
@login_required
def attachment_download(request, pk, item_pk):
    """Serve a file only to someone who may see its project."""
    project = visible_project(request, pk)
    attachment = get_object_or_404(
        m.Attachment.objects.visible_to(request.user).filter(project=project), pk=item_pk
    )
    return serve_private_file(
        attachment.file,
        attachment.original_name,
        inline=attachment.inline,
        content_type=attachment.content_type,
    )
