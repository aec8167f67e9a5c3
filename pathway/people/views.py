"""Coordinator pages for the people of a program: list, search, add, edit, deactivate, import."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pathway.core.academic import academic_year_start
from pathway.core.access import coordinator_required, program_staff_required
from pathway.core.pagination import page_of
from pathway.models import ResidentProfile, Role, User
from pathway.people.forms import PersonForm, ResidentFilterForm, RosterImportForm, StaffFilterForm
from pathway.people.roster import (
    COLUMNS,
    RosterPreviewError,
    roster_import,
    roster_preview_read,
    roster_preview_sign,
)
from pathway.people.services import (
    PersonError,
    person_create,
    person_deactivate,
    person_reactivate,
    person_update,
)

PAGE_SIZE = 50


def _posted(request):
    """The POST data, or None on GET. Not `request.POST or None`: an empty POST must still
    bind the form, so the person sees what is missing instead of a blank form again."""
    return request.POST if request.method == "POST" else None


def _page(request, queryset):
    return page_of(request, queryset, PAGE_SIZE)


@require_safe
@program_staff_required
def resident_list(request):
    residents = ResidentProfile.objects.visible_to(request.user)
    # order_by() drops the default ordering by name, which would defeat distinct().
    starts = residents.order_by().values_list("residency_start", flat=True).distinct()
    years = sorted({academic_year_start(d) for d in starts}, reverse=True)
    # Always bound, so an empty query string still applies the defaults (active people only).
    form = ResidentFilterForm(request.GET, actor=request.user, years=years)
    residents = (
        form.filter(residents)
        .select_related("user", "user__program")
        .prefetch_related("areas_of_interest")
        .order_by("-residency_start", "user__full_name")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pathway/people/resident_list.html",
        {"form": form, "page": _page(request, residents), "query": query.urlencode()},
    )


@require_safe
@program_staff_required
def staff_list(request):
    form = StaffFilterForm(request.GET, actor=request.user)
    staff = form.filter(User.objects.visible_to(request.user).filter(resident_profile__isnull=True))
    staff = staff.with_roles().order_by("full_name")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pathway/people/staff_list.html",
        {"form": form, "page": _page(request, staff), "query": query.urlencode()},
    )


def _visible_person(request, pk):
    return get_object_or_404(User.objects.visible_to(request.user).with_roles(), pk=pk)


@require_safe
@program_staff_required
def person_detail(request, pk):
    person = _visible_person(request, pk)
    context = {"person": person}
    if Role.RESIDENT in person.roles:
        context["profile"] = person.resident_profile
        context["areas"] = person.resident_profile.areas_of_interest.all()
        context["coach_history"] = person.resident_profile.coach_assignments.visible_to(
            request.user
        ).select_related("coach")
    return render(request, "pathway/people/person_detail.html", context)


@require_http_methods(["GET", "POST"])
@coordinator_required
def person_add(request):
    form = PersonForm(_posted(request), actor=request.user)
    if request.method == "POST" and form.is_valid():
        program = form.cleaned_data.get("program") or request.user.program
        try:
            person = person_create(program=program, data=form.person_data(), actor=request.user)
        except PersonError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"{person.full_name} was added and emailed a link to set a password."
            )
            return redirect(person)
    return render(request, "pathway/people/person_form.html", {"form": form, "adding": True})


@require_http_methods(["GET", "POST"])
@coordinator_required
def person_edit(request, pk):
    person = _visible_person(request, pk)
    form = PersonForm(_posted(request), actor=request.user, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.person_data()
        old_email = person.email
        try:
            person_update(user=person, data=data, actor=request.user)
        except PersonError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Saved the changes to {person.full_name}.")
            if data.email.lower() != old_email.lower():
                messages.info(
                    request,
                    f"A link to confirm {data.email} was emailed to that address; until it is "
                    f"opened, {person.full_name} still signs in as {old_email}.",
                )
            return redirect(person)
    return render(request, "pathway/people/person_form.html", {"form": form, "person": person})


@require_POST
@coordinator_required
def person_set_active(request, pk):
    person = _visible_person(request, pk)
    if person == request.user:
        messages.error(request, "You cannot deactivate your own account.")
    elif request.POST.get("active") == "1":
        person_reactivate(user=person)
        messages.success(request, f"{person.full_name} can sign in again.")
    else:
        person_deactivate(user=person)
        messages.success(
            request, f"{person.full_name} was deactivated: they cannot sign in; records stay."
        )
    return redirect(person)


@require_http_methods(["GET", "POST"])
@coordinator_required
def roster_upload(request):
    """Upload a roster: first a preview of who would be added and updated (nothing saved),
    then "Import" applies exactly the file previewed."""
    if request.method == "POST" and "preview" in request.POST:
        return _roster_apply(request)
    form = RosterImportForm(
        _posted(request), request.FILES if request.method == "POST" else None, actor=request.user
    )
    result = preview = None
    if request.method == "POST" and form.is_valid():
        program = form.cleaned_data.get("program") or request.user.program
        raw = form.cleaned_data["file"].read()
        result = roster_import(program=program, raw=raw, actor=request.user, dry_run=True)
        if result.ok:
            preview = roster_preview_sign(user=request.user, program=program, raw=raw)
    return _roster_page(request, form, result, preview)


def _roster_apply(request):
    try:
        program, raw = roster_preview_read(user=request.user, token=request.POST["preview"])
    except RosterPreviewError as error:
        messages.error(request, str(error))
        return redirect("pathway:roster_import")
    result = roster_import(program=program, raw=raw, actor=request.user)
    if result.ok:
        messages.success(
            request,
            f"Roster imported: {len(result.created)} added, {len(result.updated)} updated.",
        )
        return redirect("pathway:resident_list")
    # The people changed since the preview (someone added by hand meanwhile): say why.
    return _roster_page(request, RosterImportForm(actor=request.user), result, None)


def _roster_page(request, form, result, preview):
    return render(
        request,
        "pathway/people/roster_import.html",
        {"form": form, "result": result, "preview": preview, "columns": COLUMNS},
    )
