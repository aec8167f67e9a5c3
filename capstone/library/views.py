"""The project library pages: the list (search and filters), an entry, its A3, and the
consents (a lead's offer, a director's approval, a director's sharing with other programs)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from capstone.documents import a3_content, a3_pdf, load_for_documents, project_story
from capstone.library import services
from capstone.library.forms import LibraryFilterForm
from capstone.library.selectors import (
    attach_results,
    entry_details,
    library_entries,
    library_programs,
    my_offerable_project,
    offers_awaiting,
    shows_results,
    with_measures,
)
from capstone.models import LibraryShare, Project
from capstone.views.common import visible_project
from capstone.views.documents import _download as download
from pathway.core.access import role_required
from pathway.core.pagination import page_of, query_without_page
from pathway.models import Role

PAGE_SIZE = 20


@require_safe
@login_required
def library_list(request):
    user = request.user
    entries = library_entries(user)
    programs = list(library_programs(user))
    form = LibraryFilterForm(request.GET, entries=entries, programs=programs)
    found = with_measures(form.filter(entries))
    if form.chosen_outcome:
        # The outcome is the SPC engine's reading of each key measure, not a column.
        wanted = form.chosen_outcome
        found = [p for p in attach_results(found) if p.library_result.outcome == wanted]
        page = page_of(request, found, PAGE_SIZE)
    else:
        page = page_of(request, found, PAGE_SIZE)
        page.object_list = attach_results(page.object_list)
    is_director = user.is_superuser or user.has_role(Role.DIRECTOR)
    return render(
        request,
        "capstone/library/list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "searching": bool(request.GET.get("q")),
            "filtered": sum(1 for name in form.fields if name != "q" and request.GET.get(name)),
            "show_program": form.has_many_programs,
            "my_project": my_offerable_project(user),
            "offers": offers_awaiting(user) if is_director else [],
            "is_director": is_director and user.program_id is not None,
            "sharing": LibraryShare.objects.filter(program=user.program_id).first()
            if user.program_id
            else None,
        },
    )


def _entry(request, pk):
    """The entry if `request.user` may see it in the library; otherwise 404."""
    return get_object_or_404(with_measures(library_entries(request.user)), pk=pk)


@require_safe
@login_required
def library_entry(request, pk):
    (project,) = attach_results([_entry(request, pk)])
    user = request.user
    listed_early = project.library_offer_or_none is not None and not project.reached_results
    return render(
        request,
        "capstone/library/entry.html",
        {
            "project": project,
            **entry_details(project),
            "can_take_out": listed_early
            and (user.is_superuser or project.is_program_director(user)),
        },
    )


@require_safe
@login_required
def library_a3(request, pk):
    """The A3 of an entry whose results are approved: the document the team presented."""
    if not shows_results(_entry(request, pk)):
        raise Http404("This project's results are not approved yet.")
    project = load_for_documents(pk, library_entries(request.user))
    # Named and sent as the project page's own A3 download is.
    return download(
        a3_pdf(a3_content(project_story(project))), "application/pdf", project, "A3", "pdf"
    )


@require_POST
@login_required
def library_offer(request, pk):
    project = visible_project(request, pk)
    withdraw = request.POST.get("action") == "withdraw"
    try:
        if withdraw:
            services.library_offer_withdraw(project=project, by=request.user)
            messages.success(request, f"“{project.title}” is no longer offered to the library.")
        else:
            services.library_offer(project=project, by=request.user)
            messages.success(
                request,
                f"“{project.title}” is offered to the library: a program director approves it.",
            )
    except services.LibraryError as error:
        raise PermissionDenied(str(error)) from None
    return redirect("capstone:library_list")


@require_POST
@role_required(Role.DIRECTOR)
def library_offer_decide(request, pk):
    project = visible_project(request, pk, Project.objects.filter(library_offer__isnull=False))
    try:
        if request.POST.get("action") == "decline":
            services.library_offer_withdraw(project=project, by=request.user)
            messages.success(request, f"“{project.title}” stays out of the library for now.")
        else:
            services.library_offer_approve(project=project, by=request.user)
            messages.success(request, f"“{project.title}” is now in the library.")
    except services.LibraryError as error:
        raise PermissionDenied(str(error)) from None
    return redirect("capstone:library_list")


@require_POST
@role_required(Role.DIRECTOR)
def library_sharing(request):
    program = request.user.program
    if program is None:
        raise PermissionDenied("Sharing is decided by a director of a program.")
    if request.POST.get("action") == "stop":
        services.library_unshare(program=program, by=request.user)
        messages.success(request, "Your program's library is no longer shared.")
    else:
        services.library_share(program=program, by=request.user)
        messages.success(
            request, "Your program's library is shared with the other programs of this site."
        )
    return redirect("capstone:library_list")
