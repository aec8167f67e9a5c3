"""QI or research: the leads record the project's determination (and its letter) before the
results are disseminated; everyone who sees the project sees it and may open the letter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from capstone.forms.approvals import DeterminationForm
from capstone.models import Determination
from capstone.services import determination_save
from capstone.views.common import editable_project, posted, uploaded, visible_project

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@require_http_methods(["GET", "POST"])
@login_required
def determination_edit(request, pk):
    project = editable_project(request, pk)
    current = Determination.objects.filter(project=project).first()
    form = DeterminationForm(
        posted(request), uploaded(request), instance=current or Determination(project=project)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        letter = data.pop("letter", None)
        # A ClearableFileInput returns the stored file when nothing new was chosen.
        letter = letter if letter and not getattr(letter, "_committed", False) else None
        determination_save(project=project, by=request.user, fields=data, letter=letter)
        messages.success(request, "The determination is recorded.")
        return redirect("capstone:project_dissemination", pk=project.pk)
    return render(
        request,
        "capstone/determination_form.html",
        {"project": project, "form": form, "current": current},
    )


@require_safe
@login_required
def determination_letter(request, pk):
    """The letter, only to someone who may see the project."""
    project = visible_project(request, pk)
    determination = Determination.objects.visible_to(request.user).filter(project=project).first()
    if determination is None or not determination.letter:
        raise Http404("No determination letter is stored.")
    try:
        handle = determination.letter.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    name = determination.letter_name or "determination-letter"
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
