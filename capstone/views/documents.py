"""Documents generated from the record: the A3 (page and PDF), the structured abstract (page,
.txt, .docx), the report-out deck (.pptx) and the poster (PDF). Each is built from the
project's one story (capstone/documents/story.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_safe

from capstone.documents import (
    DEFAULT_WORD_LIMIT,
    a3_content,
    a3_pdf,
    abstract_docx,
    abstract_prefill,
    abstract_text,
    load_for_documents,
    project_story,
    word_count,
)
from capstone.documents.deck import deck_pptx
from capstone.documents.poster import poster_pdf
from capstone.forms import AbstractDraftForm
from capstone.models import AbstractDraft, Project
from capstone.services import ProjectError, abstract_draft_save
from capstone.views.common import visible_project

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _document_project(request, pk):
    visible_project(request, pk)  # 404 unless visible
    return load_for_documents(pk, Project.objects.visible_to(request.user))


def _download(content, content_type, project, prefix, extension):
    response = HttpResponse(content, content_type=content_type)
    name = slugify(project.title)[:60] or f"project-{project.pk}"
    response["Content-Disposition"] = f'attachment; filename="{prefix}-{name}.{extension}"'
    return response


@require_safe
@login_required
def a3(request, pk):
    project = _document_project(request, pk)
    content = a3_content(project_story(project))
    return render(request, "capstone/a3.html", {"project": project, "a3": content})


@require_safe
@login_required
def a3_download(request, pk):
    project = _document_project(request, pk)
    content = a3_content(project_story(project))
    return _download(a3_pdf(content), "application/pdf", project, "A3", "pdf")


@require_safe
@login_required
def poster_download(request, pk):
    project = _document_project(request, pk)
    return _download(
        poster_pdf(project_story(project)), "application/pdf", project, "poster", "pdf"
    )


@require_safe
@login_required
def deck_download(request, pk):
    project = _document_project(request, pk)
    return _download(deck_pptx(project_story(project)), PPTX, project, "report-out", "pptx")


def _saved_draft(project):
    return AbstractDraft.objects.filter(project=project).select_related("updated_by").first()


@require_http_methods(["GET", "POST"])
@login_required
def abstract_draft(request, pk):
    """GET shows the saved draft, or one prefilled from the record; the leads edit and save."""
    project = _document_project(request, pk)
    can_edit = project.can_edit(request.user)
    draft = _saved_draft(project)
    refill = request.GET.get("refill") == "1"
    if draft and not refill:
        initial = {name: getattr(draft, name) for name in AbstractDraftForm.Meta.fields}
    else:
        limit = draft.word_limit if draft else DEFAULT_WORD_LIMIT
        initial = {**abstract_prefill(project_story(project), limit), "word_limit": limit}
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
    sections = {name: form[name].value() or "" for name in AbstractDraft.SECTIONS}
    try:
        limit = int(form["word_limit"].value() or DEFAULT_WORD_LIMIT)
    except (TypeError, ValueError):
        limit = DEFAULT_WORD_LIMIT
    return render(
        request,
        "capstone/abstract_draft.html",
        {
            "project": project,
            "form": form,
            "draft": draft,
            "refill": refill,
            "can_edit": can_edit,
            "words": word_count(sections),
            "limit": limit,
            "over": word_count(sections) - limit,
        },
    )


def _abstract(project, story):
    """The saved draft's sections and word limit, or a draft written from the story."""
    draft = _saved_draft(project)
    if draft:
        sections = {name: getattr(draft, name) for name in AbstractDraftForm.Meta.fields}
        return sections, draft.word_limit
    return abstract_prefill(story), DEFAULT_WORD_LIMIT


@require_safe
@login_required
def abstract_download(request, pk):
    project = _document_project(request, pk)
    story = project_story(project)
    sections, limit = _abstract(project, story)
    text = abstract_text(story, sections, limit)
    return _download(text, "text/plain; charset=utf-8", project, "abstract", "txt")


@require_safe
@login_required
def abstract_docx_download(request, pk):
    project = _document_project(request, pk)
    story = project_story(project)
    sections, limit = _abstract(project, story)
    return _download(abstract_docx(story, sections, limit), DOCX, project, "abstract", "docx")
