"""Introductions of residents to potential faculty mentors, and their follow-up."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from mentoring.forms import FollowUpForm, IntroductionFilterForm, IntroductionForm
from mentoring.models import MentorIntroduction
from mentoring.services import introduction_follow_up, introduction_record
from pathway.core.access import program_staff_required, role_required
from pathway.core.pagination import page_of, query_without_page
from pathway.models import Role

INTRODUCTION_ROLES = (Role.RESIDENT, Role.DIRECTOR, Role.COORDINATOR)


@require_safe
@role_required(*INTRODUCTION_ROLES)
def introduction_list(request):
    """Staff see their program's introductions; a resident sees their own."""
    form = IntroductionFilterForm(request.GET or None)
    introductions = form.filter(
        MentorIntroduction.objects.visible_to(request.user).select_related(
            "resident__user", "area", "introduced_by"
        )
    ).order_by("status", "-introduced_on", "-pk")
    staff = request.user.is_superuser or request.user.is_program_staff
    return render(
        request,
        "mentoring/introduction_list.html",
        {
            "form": form,
            "page": page_of(request, introductions),
            "query": query_without_page(request),
            "staff": staff,
        },
    )


@require_http_methods(["GET", "POST"])
@program_staff_required
def introduction_add(request):
    form = IntroductionForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        introduction = introduction_record(
            resident=data["resident"],
            faculty_name=data["faculty_name"],
            faculty_email=data["faculty_email"],
            faculty_role=data["faculty_role"],
            area=data["area"],
            introduced_on=data["introduced_on"],
            introduced_by=request.user,
        )
        messages.success(
            request,
            f"Recorded: {introduction.resident} was introduced to {introduction.faculty_name}.",
        )
        return redirect("mentoring:introduction_list")
    return render(request, "mentoring/introduction_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@role_required(*INTRODUCTION_ROLES)
def introduction_follow_up_view(request, pk):
    introduction = get_object_or_404(
        MentorIntroduction.objects.visible_to(request.user).select_related(
            "resident__user", "area", "introduced_by"
        ),
        pk=pk,
    )
    form = FollowUpForm(request.POST or None, instance=introduction)
    if request.method == "POST" and form.is_valid():
        introduction_follow_up(
            introduction=introduction,
            status=form.cleaned_data["status"],
            notes=form.cleaned_data["follow_up_notes"],
        )
        messages.success(request, f"Follow-up with {introduction.faculty_name} saved.")
        return redirect("mentoring:introduction_list")
    return render(
        request,
        "mentoring/introduction_follow_up.html",
        {"form": form, "introduction": introduction},
    )
