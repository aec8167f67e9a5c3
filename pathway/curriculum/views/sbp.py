"""The Systems-Based Practice rotation: schedule, log, progress, sign-off, program targets."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pathway.core.access import coordinator_required, role_required
from pathway.curriculum.forms.sbp import (
    SBPActivityForm,
    SBPRequirementFormSet,
    SBPRotationForm,
    SignOffForm,
)
from pathway.curriculum.services.sbp import (
    SBPError,
    sbp_requirements,
    sbp_rotation_reopen,
    sbp_rotation_sign_off,
)
from pathway.curriculum.views.common import (
    acting_program,
    allow,
    post_data,
    resident_required,
    visible,
)
from pathway.models import Program, Role, SBPActivity, SBPRequirement, SBPRotation

ROTATION_ROLES = (Role.RESIDENT, Role.COACH, Role.DIRECTOR, Role.COORDINATOR)
OVERSIGHT_ROLES = (Role.COACH, Role.DIRECTOR, Role.COORDINATOR)


@require_safe
@resident_required
def sbp_mine(request):
    profile = request.user.resident_profile
    rotation = SBPRotation.objects.visible_to(request.user).filter(resident=profile).first()
    if rotation is not None:
        return redirect(rotation)
    return render(
        request,
        "pathway/curriculum/sbp_none.html",
        {"requirements": sbp_requirements(program=request.user.program_id)},
    )


@require_safe
@role_required(*OVERSIGHT_ROLES)
def sbp_rotation_list(request):
    rotations = list(
        SBPRotation.objects.visible_to(request.user)
        .select_related("resident__user", "signed_off_by")
        .prefetch_related("activities")
        .order_by("-starts_on", "resident__user__full_name")
    )
    requirements = {}
    for requirement in SBPRequirement.objects.visible_to(request.user).filter(
        program__in={r.resident.user.program_id for r in rotations}, is_active=True
    ):
        requirements.setdefault(requirement.program_id, []).append(requirement)
    rows = [(r, r.progress(requirements.get(r.resident.user.program_id, []))) for r in rotations]
    return render(request, "pathway/curriculum/sbp_rotation_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@coordinator_required
def sbp_rotation_add(request):
    program = acting_program(request)
    if program is None:
        return render(
            request, "pathway/dashboards/program_choose.html", {"programs": Program.objects.all()}
        )
    form = SBPRotationForm(post_data(request), program=program)
    if request.method == "POST" and form.is_valid():
        rotation = form.save(commit=False)
        rotation.scheduled_by = request.user
        rotation.save()
        messages.success(
            request, f"Scheduled the SBP rotation of {rotation.resident.user.full_name}."
        )
        return redirect(rotation)
    return render(request, "pathway/curriculum/sbp_rotation_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@coordinator_required
def sbp_rotation_edit(request, pk):
    rotation = visible(SBPRotation.objects.select_related("resident__user"), request.user, pk=pk)
    form = SBPRotationForm(
        post_data(request), instance=rotation, program=rotation.resident.user.program
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved the rotation dates.")
        return redirect(rotation)
    return render(
        request, "pathway/curriculum/sbp_rotation_form.html", {"form": form, "rotation": rotation}
    )


def _rotation(request, pk):
    return visible(
        SBPRotation.objects.select_related(
            "resident__user", "signed_off_by", "scheduled_by"
        ).prefetch_related(
            Prefetch("activities", queryset=SBPActivity.objects.select_related("requirement"))
        ),
        request.user,
        pk=pk,
    )


def _render_rotation(request, rotation, *, activity_form=None, sign_off_form=None, status=200):
    user = request.user
    requirements = sbp_requirements(program=rotation.resident.user.program_id)
    activities = list(rotation.activities.all())
    own = rotation.resident.user_id == user.pk
    return render(
        request,
        "pathway/curriculum/sbp_rotation_detail.html",
        {
            "rotation": rotation,
            "resident": rotation.resident,
            "progress": rotation.progress(requirements),
            "activities": activities,
            "own": own,
            "can_log": own and not rotation.is_signed_off,
            "activity_form": activity_form or SBPActivityForm(rotation=rotation),
            "can_sign_off": rotation.can_sign_off(user),
            "can_reopen": rotation.can_reopen(user),
            "can_schedule": rotation.can_schedule(user),
            "sign_off_form": sign_off_form or SignOffForm(),
        },
        status=status,
    )


@require_safe
@role_required(*ROTATION_ROLES)
def sbp_rotation_detail(request, pk):
    return _render_rotation(request, _rotation(request, pk))


@require_POST
@resident_required
def sbp_activity_add(request, pk):
    rotation = _rotation(request, pk)
    allow(rotation.resident.user_id == request.user.pk, "Residents log their own activities.")
    if rotation.is_signed_off:
        messages.error(request, "Your rotation is signed off; the log is closed.")
        return redirect(rotation)
    form = SBPActivityForm(request.POST, rotation=rotation)
    if form.is_valid():
        activity = form.instance_for_save()
        activity.save()
        messages.success(request, f"Logged: {activity.requirement.name}.")
        return redirect(rotation)
    return _render_rotation(request, rotation, activity_form=form)


def _own_open_activity(request, pk):
    activity = visible(
        SBPActivity.objects.select_related("rotation__resident__user", "requirement"),
        request.user,
        pk=pk,
    )
    allow(activity.rotation.resident.user_id == request.user.pk, "Residents edit their own log.")
    return activity


@require_http_methods(["GET", "POST"])
@resident_required
def sbp_activity_edit(request, pk):
    activity = _own_open_activity(request, pk)
    rotation = activity.rotation
    if rotation.is_signed_off:
        messages.error(request, "Your rotation is signed off; the log is closed.")
        return redirect(rotation)
    form = SBPActivityForm(post_data(request), instance=activity, rotation=rotation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved.")
        return redirect(rotation)
    return render(
        request, "pathway/curriculum/sbp_activity_form.html", {"form": form, "rotation": rotation}
    )


@require_POST
@resident_required
def sbp_activity_delete(request, pk):
    activity = _own_open_activity(request, pk)
    rotation = activity.rotation
    if rotation.is_signed_off:
        messages.error(request, "Your rotation is signed off; the log is closed.")
    else:
        activity.delete()
        messages.success(request, f"Removed “{activity.what}” from your log.")
    return redirect(rotation)


@require_POST
@role_required(Role.COACH, Role.DIRECTOR)
def sbp_sign_off(request, pk):
    rotation = _rotation(request, pk)
    if rotation.is_signed_off:
        messages.info(request, "This rotation is already signed off.")
        return redirect(rotation)
    allow(
        rotation.can_sign_off(request.user),
        "The resident's KPO coach or a program director signs the rotation off.",
    )
    form = SignOffForm(request.POST)
    if form.is_valid():
        try:
            sbp_rotation_sign_off(
                rotation=rotation, actor=request.user, note=form.cleaned_data["note"]
            )
        except SBPError as error:
            form.add_error("note", str(error))
        else:
            messages.success(
                request, f"Signed off the SBP rotation of {rotation.resident.user.full_name}."
            )
            return redirect(rotation)
    return _render_rotation(request, rotation, sign_off_form=form)


@require_POST
@role_required(Role.DIRECTOR)
def sbp_reopen(request, pk):
    rotation = _rotation(request, pk)
    try:
        sbp_rotation_reopen(rotation=rotation, actor=request.user)
    except SBPError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The rotation is open again; its sign-off was removed.")
    return redirect(rotation)


@require_http_methods(["GET", "POST"])
@role_required(Role.DIRECTOR, Role.COORDINATOR)
def sbp_requirement_list(request):
    program = acting_program(request)
    if program is None:
        return render(
            request, "pathway/dashboards/program_choose.html", {"programs": Program.objects.all()}
        )
    formset = SBPRequirementFormSet(post_data(request), program=program)
    if request.method == "POST" and formset.is_valid():
        formset.save_for_program()
        messages.success(request, "Saved the SBP activities and their targets.")
        return redirect(request.get_full_path())
    return render(
        request,
        "pathway/curriculum/sbp_requirements.html",
        {"formset": formset, "program": program},
    )
