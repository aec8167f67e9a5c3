"""Applying to the pathway (residents) and deciding applications (directors)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pathway.core.access import program_staff_required, role_required
from pathway.curriculum.forms.applications import ApplicationForm, DecisionForm, LateAllowanceForm
from pathway.curriculum.services.applications import (
    ApplicationError,
    application_allow_late,
    application_decide,
    application_refusal,
    application_submit,
)
from pathway.curriculum.views.common import (
    post_data,
    posted,
    resident_required,
    serve_private_file,
    visible,
)
from pathway.models import Application, ApplicationStatus, Role

STATUS_FILTERS = {
    "open": ("Awaiting decision", [ApplicationStatus.SUBMITTED]),
    "decided": ("Decided", [ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED]),
    "all": ("All", list(ApplicationStatus)),
}


@require_http_methods(["GET", "POST"])
@resident_required
def application_form(request):
    profile = request.user.resident_profile
    history = list(
        Application.objects.visible_to(request.user)
        .for_resident(profile)
        .select_related("decided_by")
        .prefetch_related("areas_of_interest")
    )
    refusal = application_refusal(resident=profile)
    initial = {"areas_of_interest": ", ".join(a.name for a in profile.areas_of_interest.all())}
    form = ApplicationForm(*posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            application_submit(
                resident=profile,
                statement=form.cleaned_data["statement"],
                areas=form.areas(),
                cv=form.cleaned_data.get("cv"),
            )
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "Your application was submitted. The program directors will review it and "
                "you will get an email with their decision.",
            )
            return redirect("pathway:application_form")
    return render(
        request,
        "pathway/curriculum/application_form.html",
        {
            "form": form,
            "history": history,
            "refusal": refusal,
            "open_application": next((a for a in history if a.is_open), None),
            "profile": profile,
        },
    )


@require_safe
@program_staff_required
def application_list(request):
    shown = request.GET.get("status", "open")
    if shown not in STATUS_FILTERS:
        shown = "open"
    applications = (
        Application.objects.visible_to(request.user)
        .filter(status__in=STATUS_FILTERS[shown][1])
        .select_related("resident__user__program", "decided_by")
        .prefetch_related("areas_of_interest")
        .order_by("submitted_at", "pk")
    )
    late_form = None
    if request.user.is_superuser or request.user.has_role(Role.DIRECTOR):
        late_form = LateAllowanceForm(program=request.user.program, today=timezone.localdate())
    return render(
        request,
        "pathway/curriculum/application_list.html",
        {
            "applications": applications,
            "shown": shown,
            "filters": [(key, label) for key, (label, _) in STATUS_FILTERS.items()],
            "late_form": late_form,
        },
    )


def _application(request, pk):
    return visible(
        Application.objects.select_related(
            "resident__user__program", "decided_by"
        ).prefetch_related("areas_of_interest"),
        request.user,
        pk=pk,
    )


def _render_detail(request, application, form):
    allowance = getattr(application, "allowance", None) if application.is_late else None
    return render(
        request,
        "pathway/curriculum/application_detail.html",
        {
            "application": application,
            "resident": application.resident,
            "allowance": allowance,
            "can_decide": application.can_decide(request.user),
            "form": form,
        },
    )


@require_safe
@role_required(Role.RESIDENT, Role.COACH, Role.DIRECTOR, Role.COORDINATOR)
def application_detail(request, pk):
    application = _application(request, pk)
    return _render_detail(request, application, DecisionForm())


@require_POST
@role_required(Role.DIRECTOR)
def application_decide_view(request, pk):
    application = _application(request, pk)
    if not application.is_open:
        messages.info(request, "This application has already been decided.")
        return redirect(application)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            application_decide(
                application=application,
                director=request.user,
                accept=form.accept,
                note=form.cleaned_data["note"],
            )
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            name = application.resident.user.full_name
            verdict = "accepted into the pathway" if form.accept else "declined"
            messages.success(
                request, f"{name}'s application was {verdict}; they have been emailed."
            )
            return redirect("pathway:application_list")
    return _render_detail(request, application, form)


@require_safe
@role_required(Role.RESIDENT, Role.COACH, Role.DIRECTOR, Role.COORDINATOR)
def application_cv(request, pk):
    application = _application(request, pk)
    if not application.cv:
        raise Http404("This application has no CV.")
    return serve_private_file(application.cv, application.cv_name)


@require_http_methods(["GET", "POST"])
@role_required(Role.DIRECTOR)
def application_allow_late_view(request):
    form = LateAllowanceForm(
        post_data(request), program=request.user.program, today=timezone.localdate()
    )
    if request.method == "POST" and form.is_valid():
        resident = form.cleaned_data["resident"]
        try:
            application_allow_late(
                resident=resident, director=request.user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            form.add_error("resident", str(error))
        else:
            messages.success(
                request,
                f"{resident.user.full_name} may now submit a late application. Let them know.",
            )
            return redirect("pathway:application_list")
    return render(request, "pathway/curriculum/application_allow_late.html", {"form": form})
