"""The A3 (page and PDF) and the structured abstract draft, generated from the record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_safe

from capstone.documents import (
    a3_content,
    a3_pdf,
    abstract_prefill,
    abstract_text,
    load_for_documents,
)
from capstone.forms import AbstractDraftForm
from capstone.models import AbstractDraft, Project
from capstone.services import ProjectError, abstract_draft_save
from capstone.views.common import visible_project


def _document_project(request, pk):
    visible_project(request, pk)  # 404 unless visible
    return load_for_documents(pk, Project.objects.visible_to(request.user))


@require_safe
@login_required
def a3(request, pk):
    project = _document_project(request, pk)
    return render(request, "capstone/a3.html", {"project": project, "a3": a3_content(project)})


@require_safe
@login_required
def a3_download(request, pk):
    project = _document_project(request, pk)
    response = HttpResponse(a3_pdf(a3_content(project)), content_type="application/pdf")
    name = slugify(project.title)[:60] or f"project-{project.pk}"
    response["Content-Disposition"] = f'attachment; filename="A3-{name}.pdf"'
    return response


def _saved_draft(project):
    return AbstractDraft.objects.filter(project=project).select_related("updated_by").first()


@require_http_methods(["GET", "POST"])
@login_required
def abstract_draft(request, pk):
    """GET shows the saved draft, or one prefilled from the record; the leads edit and save."""
    project = _document_project(request, pk)
    can_edit = project.can_edit(request.user)
    draft = _saved_draft(project)
    prefilled = abstract_prefill(project)
    refill = request.GET.get("refill") == "1"
    if draft and not refill:
        initial = {name: getattr(draft, name) for name in AbstractDraftForm.Meta.fields}
    else:
        initial = prefilled
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Only the project's lead and co-leads can change the draft.")
        form = AbstractDraftForm(request.POST)
        if form.is_valid():
            try:
                abstract_draft_save(project=project, by=request.user, fields=form.cleaned_data)
            except ProjectError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "The abstract draft is saved.")
                return redirect("capstone:abstract_draft", project.pk)
    else:
        form = AbstractDraftForm(initial=initial)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    sections = {name: form[name].value() or "" for name in AbstractDraftForm.Meta.fields}
    return render(
        request,
        "capstone/abstract_draft.html",
        {
            "project": project,
            "form": form,
            "draft": draft,
            "refill": refill,
            "can_edit": can_edit,
            "words": sum(len(sections[n].split()) for n in AbstractDraft.SECTIONS),
        },
    )


@require_safe
@login_required
def abstract_download(request, pk):
    project = _document_project(request, pk)
    draft = _saved_draft(project)
    if draft:
        sections = {name: getattr(draft, name) for name in AbstractDraftForm.Meta.fields}
    else:
        sections = abstract_prefill(project)
    response = HttpResponse(
        abstract_text(project, sections), content_type="text/plain; charset=utf-8"
    )
    name = slugify(project.title)[:60] or f"project-{project.pk}"
    response["Content-Disposition"] = f'attachment; filename="abstract-{name}.txt"'
    return response
