"""Small helpers shared by the curriculum views."""

import mimetypes
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from pathway.core.access import role_required
from pathway.core.forms import ProgramChoiceForm
from pathway.models import Program, Role

# Catalog pages are open to everyone who holds a role in a program.
member_required = role_required(*Role)


def resident_required(view):
    """A resident's own pages (my courses, my log, apply): signed in and holding the resident
    role. Unlike role_required, site administrators do not pass: they have no resident record
    to act on."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.has_role(Role.RESIDENT):
            raise PermissionDenied("This page is for residents.")
        return view(request, *args, **kwargs)

    return wrapper


def visible(source, user, **lookup):
    """The object (from a model or a queryset) if `user` may see it, else 404: another
    program's or person's records never leak, not even their existence."""
    queryset = source if isinstance(source, QuerySet) else source.objects.all()
    return get_object_or_404(queryset.visible_to(user), **lookup)


def allow(condition: bool, message: str = "Your role does not allow this."):
    if not condition:
        raise PermissionDenied(message)


def acting_program(request):
    """The program a coordinator or director works in. A site administrator names one with
    ?program= (None until they have)."""
    if request.user.program_id:
        return request.user.program
    chosen = request.POST.get("program") or request.GET.get("program")
    if not chosen:
        return None
    if not str(chosen).isdigit():
        raise Http404("No such program.")
    return get_object_or_404(Program, pk=chosen)


def acting_program_and_chooser(request):
    """(program, chooser) for the program pages: staff always work in their own program (a
    ?program= naming another is ignored); a site administrator picks one with the chooser
    form, and the program is None until they have."""
    if not request.user.is_superuser:
        return request.user.program, None
    chooser = ProgramChoiceForm(request.GET if "program" in request.GET else None)
    return (chooser.cleaned_data["program"] if chooser.is_valid() else None), chooser


def serve_private_file(field_file, name, *, inline=False, content_type=None):
    """Stream a private upload: a download unless `inline` (images and PDFs shown on purpose).
    Callers fetch the owning record through visible_to first. Sandboxed either way, so a file
    the browser does render runs no script and reaches no cookie of this site."""
    content_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    response = FileResponse(
        handle, as_attachment=not inline, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox"
    return response


def posted(request):
    """(data, files) for binding a form: bound on POST even when nothing was ticked, so an
    empty submission shows its errors instead of a blank form."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def post_data(request):
    return posted(request)[0]
