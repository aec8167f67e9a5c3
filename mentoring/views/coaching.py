"""Coach assignment (program staff), the coach's caseload, and the program's coaching settings."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mentoring.forms import (
    CoachAssignForm,
    CoachingSettingsForm,
    EndDateForm,
    coaches_with_load,
)
from mentoring.models import CoachAssignment, CoachingSettings, TrackedResident
from mentoring.services import (
    MentoringError,
    coach_assign,
    coach_assignment_end,
    coaching_settings_update,
)
from pathway.core.access import program_staff_required, role_required
from pathway.core.forms import ProgramChoiceForm
from pathway.core.pagination import page_of, query_without_page
from pathway.core.search import SearchField
from pathway.models import Role, User


class AssignmentFilterForm(forms.Form):
    q = SearchField()
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "All pathway residents"), ("unassigned", "Without a coach")],
    )


def _visible_resident(request, pk):
    return get_object_or_404(
        TrackedResident.objects.visible_to(request.user).select_related("user", "user__program"),
        pk=pk,
    )


@require_safe
@program_staff_required
def coach_assignments(request):
    """Every pathway resident with their current coach, and each coach's load."""
    form = AssignmentFilterForm(request.GET or None)
    residents = TrackedResident.objects.visible_to(request.user).active_in_pathway()
    if form.is_valid():
        for word in (form.cleaned_data.get("q") or "").split():
            residents = residents.filter(
                Q(user__full_name__icontains=word) | Q(user__email__icontains=word)
            )
        if form.cleaned_data.get("show") == "unassigned":
            residents = residents.without_coach()
    residents = (
        residents.select_related("user")
        .with_current_coach()
        .order_by("-residency_start", "user__full_name")
    )
    program = None if request.user.is_superuser else request.user.program_id
    return render(
        request,
        "mentoring/coach_assignments.html",
        {
            "form": form,
            "page": page_of(request, residents),
            "query": query_without_page(request),
            "coaches": coaches_with_load(program),
            "unassigned_count": TrackedResident.objects.visible_to(request.user)
            .without_coach()
            .count(),
        },
    )


@require_http_methods(["GET", "POST"])
@program_staff_required
def coach_assign_view(request, pk):
    resident = _visible_resident(request, pk)
    form = CoachAssignForm(request.POST or None, resident=resident)
    if request.method == "POST" and form.is_valid():
        try:
            result = coach_assign(
                resident=resident,
                coach=form.cleaned_data["coach"],
                started_on=form.cleaned_data["started_on"],
                assigned_by=request.user,
            )
        except MentoringError as error:
            form.add_error(None, str(error))
        else:
            coach = result.assignment.coach.display_name
            if result.previous:
                messages.success(
                    request,
                    f"{coach} is now {resident}'s KPO coach; "
                    f"{result.previous.coach.display_name}'s assignment ended.",
                )
            else:
                messages.success(request, f"{coach} is now {resident}'s KPO coach.")
            if result.over_capacity:
                messages.warning(request, result.warning)
            return redirect("mentoring:coach_assignments")
    history = resident.coach_assignments.select_related("coach", "assigned_by")
    return render(
        request,
        "mentoring/coach_assign.html",
        {
            "resident": resident,
            "form": form,
            "history": history,
            "current": next((a for a in history if a.is_current), None),
            "end_form": EndDateForm(initial={"ended_on": form.initial.get("started_on")}),
        },
    )


@require_POST
@program_staff_required
def coach_assignment_end_view(request, pk):
    resident = _visible_resident(request, pk)
    current = resident.coach_assignments.current().select_related("coach").first()
    form = EndDateForm(request.POST)
    if current is None:
        messages.error(request, f"{resident} has no current KPO coach.")
    elif not form.is_valid():
        messages.error(request, f"Nothing was changed: {' '.join(form.errors['ended_on'])}")
    else:
        try:
            coach_assignment_end(assignment=current, ended_on=form.cleaned_data["ended_on"])
        except MentoringError as error:
            messages.error(request, f"Nothing was changed: {error}")
        else:
            messages.success(
                request,
                f"{current.coach.display_name} no longer coaches {resident}. "
                "Assign a new coach when you can.",
            )
    return redirect("mentoring:coach_assign", pk=resident.pk)


def _caseload(request, coach):
    started = (
        CoachAssignment.objects.current()
        .filter(resident=OuterRef("pk"), coach=coach)
        .values("started_on")[:1]
    )
    residents = (
        TrackedResident.objects.visible_to(request.user)
        .coached_by(coach)
        .select_related("user")
        .annotate(coached_since=Subquery(started))
        .with_coaching_facts()
        .with_last_contact()
        .order_by("user__full_name")
    )
    return render(
        request,
        "mentoring/caseload.html",
        {
            "coach": coach,
            "residents": residents,
            "capacity": coach.coach_profile.caseload_capacity,
            "own": coach == request.user,
        },
    )


@require_safe
@role_required(Role.COACH)
def caseload(request):
    """The residents I coach now."""
    if not request.user.has_role(Role.COACH):
        # A site administrator without a coach profile has no caseload of their own.
        raise PermissionDenied("You do not coach residents.")
    return _caseload(request, request.user)


@require_safe
@program_staff_required
def coach_caseload(request, pk):
    coach = get_object_or_404(
        User.objects.visible_to(request.user)
        .filter(coach_profile__isnull=False)
        .select_related("coach_profile"),
        pk=pk,
    )
    return _caseload(request, coach)


@require_http_methods(["GET", "POST"])
@program_staff_required
def coaching_settings(request):
    program = request.user.program
    chooser = None
    if request.user.is_superuser:
        chooser = ProgramChoiceForm(request.GET or request.POST or None)
        program = chooser.cleaned_data["program"] if chooser.is_valid() else None
    current = CoachingSettings.for_program(program) if program else None
    form = CoachingSettingsForm(request.POST or None, instance=current) if program else None
    if request.method == "POST" and form is not None and form.is_valid():
        coaching_settings_update(
            program=program,
            report_cadence_days=form.cleaned_data["report_cadence_days"],
            stalled_after_days=form.cleaned_data["stalled_after_days"],
            review_within_days=form.cleaned_data["review_within_days"],
            contact_within_days=form.cleaned_data["contact_within_days"],
            updated_by=request.user,
        )
        messages.success(request, f"Saved the coaching settings of {program.display_name}.")
        url = redirect("mentoring:coaching_settings").url
        if chooser is not None:
            url += f"?program={program.pk}"
        return redirect(url)
    return render(
        request,
        "mentoring/coaching_settings.html",
        {"form": form, "chooser": chooser, "program": program, "current": current},
    )
