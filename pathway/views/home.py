from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from mentoring.models import CoachAssignment
from pathway.models import ResidentProfile, Role, User


@require_safe
@login_required
def home(request):
    """Each role's landing page: who you are and where your work is."""
    user = request.user
    context = {"roles": user.role_labels}
    if user.has_role(Role.RESIDENT):
        context["profile"] = user.resident_profile
        context["coach_assignment"] = (
            CoachAssignment.objects.visible_to(user)
            .current()
            .filter(resident=user.resident_profile)
            .select_related("coach")
            .first()
        )
    if user.has_role(Role.COACH):
        context["coachees"] = (
            ResidentProfile.objects.visible_to(user)
            .filter(coach_assignments__coach=user, coach_assignments__ended_on__isnull=True)
            .select_related("user")
        )
    if user.is_superuser or user.is_program_staff:
        residents = ResidentProfile.objects.visible_to(user).filter(user__is_active=True)
        context["counts"] = {
            "residents": residents.count(),
            "in_pathway": residents.in_pathway().count(),
            "staff": User.objects.visible_to(user)
            .filter(is_active=True)
            .exclude(resident_profile__isnull=False)
            .count(),
        }
    return render(request, "pathway/home.html", context)
