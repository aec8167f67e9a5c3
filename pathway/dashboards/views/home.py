from django.contrib.auth.decorators import login_required
from django.db.models import Case, F, When
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from pathway.core.compiled_lists import compiled_list, count_column, each_row_once, plain_count
from pathway.dashboards.coach import coach_home
from pathway.dashboards.resident import resident_home
from pathway.dashboards.sponsor import sponsor_home
from pathway.dashboards.waiting import waiting_on
from pathway.models import ResidentProfile, Role, User
from pathway.models.people import IN_PATHWAY


@require_safe
@login_required
def home(request):
    """Each role's landing page: what to do next, one section per role the person holds."""
    user = request.user
    today = timezone.localdate()
    context = {"roles": user.role_labels}
    coach = coach_home(user=user, today=today) if user.has_role(Role.COACH) else {}
    resident = resident_home(user=user, today=today) if user.has_role(Role.RESIDENT) else {}
    if user.roles:
        # The panel lists from the rows the coach's and the resident's sections read.
        context["waiting"] = waiting_on(
            user=user,
            today=today,
            reports=coach.get("reports"),
            residents=coach.get("residents"),
            milestones=resident.get("milestone_rows"),
            report_status=resident.get("reports"),
        )
    if resident:
        context["resident"] = resident
    if coach:
        context["coach"] = coach
    if user.has_role(Role.SPONSOR):
        context["sponsor"] = sponsor_home(user=user, today=today)
    if user.is_superuser or user.is_program_staff:
        context["counts"] = _program_counts(user)
    return render(request, "pathway/dashboards/home.html", context)


def _program_counts(user) -> dict:
    """The program at a glance: its residents, those in the pathway, and its staff."""
    return _program_count_row(user)[0]


@compiled_list(ResidentProfile)
def _program_count_row(user):
    """The three counts in one row (one query, compiled once per kind of staff member):
    reading them as three ORM counts cost the staff homes more than running them."""
    # The residents are read once; COUNT of a CASE counts those in the pathway among them
    # (NULL otherwise).
    visible = ResidentProfile.objects.visible_to(user).filter(user__is_active=True)
    in_pathway = When(pathway_status__in=IN_PATHWAY, then=1)  # as in_pathway() reads it
    staff = (
        User.objects.visible_to(user).filter(is_active=True).exclude(resident_profile__isnull=False)
    )
    return (
        each_row_once(visible)
        .order_by()
        .values(
            residents=plain_count(F("pk")),
            in_pathway=plain_count(Case(in_pathway)),
            staff=count_column(staff),
        )
    )
