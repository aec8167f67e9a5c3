"""Milestone pages: a resident's timeline, the program's list, directors' changes, templates."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pathway.core.access import program_staff_required, role_required
from pathway.core.dates import short_date
from pathway.core.pagination import page_of
from pathway.milestones.forms import (
    CompleteForm,
    MilestoneFilterForm,
    MilestoneTemplateForm,
    RescheduleForm,
    WaiveForm,
)
from pathway.milestones.services import (
    MilestoneError,
    milestone_complete,
    milestone_reopen,
    milestone_reschedule,
    milestone_template_save,
    milestone_waive,
)
from pathway.models import (
    Milestone,
    MilestoneStatus,
    MilestoneTemplate,
    ResidentProfile,
    Role,
)

PAGE_SIZE = 50
MILESTONE_ROLES = (Role.RESIDENT, Role.COACH, Role.DIRECTOR, Role.COORDINATOR)
director_required = role_required(Role.DIRECTOR)
FORM_PREFIXES = {WaiveForm: "waive", RescheduleForm: "move", CompleteForm: "done"}


def _timeline(request, resident):
    today = timezone.localdate()
    # The stored status is the one truth: every action that completes a milestone updates it
    # in its own transaction, and every page reads it from there. Through Milestone's own
    # visible_to, not resident.milestones: seeing a resident (a peer mentor sees their mentee)
    # is not seeing their milestones and waiver reasons.
    milestones = list(
        Milestone.objects.visible_to(request.user).filter(resident=resident).timeline()
    )
    if not milestones and resident.milestones.exists():
        raise Http404("No milestones you may see.")
    for milestone in milestones:
        milestone.current_status = milestone.status_on(today)
    counts = {status: 0 for status in MilestoneStatus}
    for milestone in milestones:
        counts[milestone.current_status] += 1
    return {
        "resident": resident,
        "milestones": milestones,
        "counts": counts,
        "today": today,
    }


@require_safe
@role_required(Role.RESIDENT)
def my_milestones(request):
    resident = (
        ResidentProfile.objects.select_related("user__program").filter(user=request.user).first()
    )
    if resident is None:
        # Site administrators pass every role check but have no timeline of their own.
        raise Http404("You have no resident record.")
    context = _timeline(request, resident) | {"own": True}
    return render(request, "pathway/milestones/milestone_timeline.html", context)


@require_safe
@role_required(*MILESTONE_ROLES)
def resident_milestones(request, pk):
    resident = get_object_or_404(
        ResidentProfile.objects.visible_to(request.user).select_related("user__program"),
        user_id=pk,
    )
    context = _timeline(request, resident) | {"own": resident.user_id == request.user.pk}
    return render(request, "pathway/milestones/milestone_timeline.html", context)


@require_safe
@program_staff_required
def milestone_list(request):
    """The program's milestones by status: by default everything still open, latest first."""
    today = timezone.localdate()
    form = MilestoneFilterForm(request.GET or None)
    milestones = Milestone.objects.visible_to(request.user).filter(resident__user__is_active=True)
    status = ""
    if form.is_valid():
        status = form.cleaned_data["status"]
        for word in form.cleaned_data["q"].split():
            milestones = milestones.filter(
                Q(resident__user__full_name__icontains=word) | Q(template__name__icontains=word)
            )
    milestones = (
        milestones.with_status(MilestoneStatus(status), today) if status else milestones.open()
    )
    milestones = milestones.select_related("template", "resident__user").order_by(
        "due_on", "resident__user__full_name", "pk"
    )
    page = page_of(request, milestones, PAGE_SIZE)
    for milestone in page:
        milestone.current_status = milestone.status_on(today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pathway/milestones/milestone_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "today": today},
    )


def _visible_milestone(request, pk):
    return get_object_or_404(
        Milestone.objects.visible_to(request.user).select_related(
            "template", "resident__user", "completed_by", "waived_by", "due_override_by"
        ),
        pk=pk,
    )


def _detail(request, milestone, **forms):
    can_change = request.user.is_superuser or request.user.has_role(Role.DIRECTOR)
    context = {
        "milestone": milestone,
        "status": milestone.status,
        "can_change": can_change,
        # Prefixed: the three forms share a page, and field ids must not repeat.
        "waive_form": WaiveForm(prefix=FORM_PREFIXES[WaiveForm]),
        "reschedule_form": RescheduleForm(
            prefix=FORM_PREFIXES[RescheduleForm],
            initial={"due_on": milestone.due_on, "reason": milestone.due_override_reason},
        ),
        "complete_form": CompleteForm(
            prefix=FORM_PREFIXES[CompleteForm], initial={"completed_on": timezone.localdate()}
        ),
        "reminders": milestone.reminder_logs.select_related("recipient").order_by("-claimed_at")[
            :20
        ]
        if can_change
        else [],
    }
    context.update(forms)
    # A refused change (already waived, already done) is shown above the forms, which a
    # closed milestone does not display.
    context["problems"] = [e for form in forms.values() for e in form.non_field_errors()]
    return render(request, "pathway/milestones/milestone_detail.html", context)


@require_safe
@role_required(*MILESTONE_ROLES)
def milestone_detail(request, pk):
    return _detail(request, _visible_milestone(request, pk))


def _change(request, pk, form_class, form_name, apply, done_message):
    """Shared POST handling for directors' changes: validate, call the service, redirect."""
    milestone = _visible_milestone(request, pk)
    form = form_class(request.POST, prefix=FORM_PREFIXES[form_class])
    if form.is_valid():
        try:
            apply(milestone, form.cleaned_data)
        except MilestoneError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done_message(milestone))
            return redirect(milestone)
    return _detail(request, milestone, **{form_name: form})


@require_POST
@director_required
def milestone_waive_view(request, pk):
    return _change(
        request,
        pk,
        WaiveForm,
        "waive_form",
        lambda m, data: milestone_waive(
            milestone=m, by=request.user, reason=data["reason"], today=timezone.localdate()
        ),
        lambda m: f"“{m.name}” is waived for {m.resident.user.display_name}.",
    )


@require_POST
@director_required
def milestone_reschedule_view(request, pk):
    return _change(
        request,
        pk,
        RescheduleForm,
        "reschedule_form",
        lambda m, data: milestone_reschedule(
            milestone=m, by=request.user, due_on=data["due_on"], reason=data["reason"]
        ),
        lambda m: (
            f"“{m.name}” is now due {short_date(m.due_on)}."
            if m.due_on
            else f"“{m.name}” has no due date until its event is scheduled."
        ),
    )


@require_POST
@director_required
def milestone_complete_view(request, pk):
    return _change(
        request,
        pk,
        CompleteForm,
        "complete_form",
        lambda m, data: milestone_complete(
            milestone=m,
            by=request.user,
            completed_on=data["completed_on"],
            evidence=data["evidence"],
        ),
        lambda m: f"“{m.name}” is recorded as done.",
    )


@require_POST
@director_required
def milestone_reopen_view(request, pk):
    milestone = _visible_milestone(request, pk)
    try:
        milestone_reopen(milestone=milestone, by=request.user)
    except MilestoneError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{milestone.name}” is open again.")
    return redirect(milestone)


@require_safe
@program_staff_required
def milestone_template_list(request):
    templates = (
        MilestoneTemplate.objects.visible_to(request.user)
        .select_related("program")
        .order_by("program__name", "-is_active", "position", "name")
    )
    return render(
        request, "pathway/milestones/milestone_template_list.html", {"templates": templates}
    )


def _template_form(request, template=None):
    form = MilestoneTemplateForm(request.POST or None, instance=template, actor=request.user)
    if request.method == "POST" and form.is_valid():
        saved = milestone_template_save(template=form.instance)
        messages.success(
            request,
            f"Saved “{saved.name}”. Residents' milestones are updated to match.",
        )
        return redirect("pathway:milestone_template_list")
    return render(
        request,
        "pathway/milestones/milestone_template_form.html",
        {"form": form, "template": template},
    )


@require_http_methods(["GET", "POST"])
@program_staff_required
def milestone_template_add(request):
    return _template_form(request)


@require_http_methods(["GET", "POST"])
@program_staff_required
def milestone_template_edit(request, pk):
    template = get_object_or_404(MilestoneTemplate.objects.visible_to(request.user), pk=pk)
    return _template_form(request, template)
