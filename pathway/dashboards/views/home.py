from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from pathway.dashboards.coach import coach_home
from pathway.dashboards.resident import resident_home
from pathway.dashboards.sponsor import sponsor_home
from pathway.dashboards.waiting import waiting_on
from pathway.models import ResidentProfile, Role, User


@require_safe
@login_required
def home(request):
    """Each role's landing page: what to do next, one section per role the person holds."""
    user = request.user
    today = timezone.localdate()
    context = {"roles": user.role_labels}
    coach = coach_home(user=user, today=today) if user.has_role(Role.COACH) else {}
    if user.roles:
        # The coach's panel lists from the rows the coach's section read.
        context["waiting"] = waiting_on(
            user=user, today=today, reports=coach.get("reports"), residents=coach.get("residents")
        )
    if user.has_role(Role.RESIDENT):
        context["resident"] = resident_home(user=user, today=today)
    if coach:
        context["coach"] = coach
    if user.has_role(Role.SPONSOR):
        context["sponsor"] = sponsor_home(user=user, today=today)
    if user.is_superuser or user.is_program_staff:
        context["counts"] = _program_counts(user)
    return render(request, "pathway/dashboards/home.html", context)


def _program_counts(user) -> dict:
    """The program at a glance: residents and those in the pathway in one query, and staff."""
    residents = ResidentProfile.objects.visible_to(user).filter(user__is_active=True)
    in_pathway = ResidentProfile.objects.in_pathway().values("pk")
    counts = residents.values("pk").aggregate(
        residents=Count("pk"), in_pathway=Count("pk", filter=Q(pk__in=in_pathway))
    )
    counts["staff"] = (
        User.objects.visible_to(user)
        .filter(is_active=True)
        .exclude(resident_profile__isnull=False)
        .count()
    )
    return counts
