"""The resident's leadership meeting log, and the curriculum overview of one resident."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pathway.core.access import role_required
from pathway.curriculum.forms.sbp import LeadershipMeetingForm
from pathway.curriculum.progress import course_progress
from pathway.curriculum.services.sbp import sbp_requirements
from pathway.curriculum.views.common import allow, post_data, resident_required, visible
from pathway.models import (
    Application,
    Course,
    Enrollment,
    LeadershipMeeting,
    ResidentProfile,
    Role,
    SBPRotation,
)


@require_http_methods(["GET", "POST"])
@resident_required
def leadership_log(request):
    profile = request.user.resident_profile
    form = LeadershipMeetingForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.resident = profile
        meeting.save()
        messages.success(request, f"Logged your meeting with {meeting.person}.")
        return redirect("pathway:leadership_log")
    meetings = LeadershipMeeting.objects.visible_to(request.user).for_resident(profile)
    return render(
        request, "pathway/curriculum/leadership_log.html", {"form": form, "meetings": meetings}
    )


def _own_meeting(request, pk):
    meeting = visible(LeadershipMeeting, request.user, pk=pk)
    allow(meeting.resident.user_id == request.user.pk, "Residents edit their own log.")
    return meeting


@require_http_methods(["GET", "POST"])
@resident_required
def leadership_edit(request, pk):
    meeting = _own_meeting(request, pk)
    form = LeadershipMeetingForm(post_data(request), instance=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved.")
        return redirect("pathway:leadership_log")
    return render(
        request, "pathway/curriculum/leadership_form.html", {"form": form, "meeting": meeting}
    )


@require_POST
@resident_required
def leadership_delete(request, pk):
    meeting = _own_meeting(request, pk)
    meeting.delete()
    messages.success(request, f"Removed your meeting with {meeting.person} from the log.")
    return redirect("pathway:leadership_log")


@require_safe
@role_required(Role.RESIDENT, Role.COACH, Role.DIRECTOR, Role.COORDINATOR)
def resident_curriculum(request, pk):
    """Everything curricular about one resident, for them, their coach and program staff."""
    profile = visible(
        ResidentProfile.objects.select_related("user__program"), request.user, user_id=pk
    )
    courses = list(
        Course.objects.visible_to(request.user).filter(
            program=profile.user.program_id, is_active=True
        )
    )
    progress = course_progress(resident=profile, courses=courses)
    enrollments = {
        e.offering.course_id: e
        for e in Enrollment.objects.visible_to(request.user)
        .active()
        .filter(resident=profile)
        .select_related("offering")
        .order_by("-offering__starts_on")
    }
    rotation = (
        SBPRotation.objects.visible_to(request.user)
        .filter(resident=profile)
        .prefetch_related("activities")
        .first()
    )
    rotation_progress = (
        rotation.progress(sbp_requirements(program=profile.user.program_id)) if rotation else None
    )
    return render(
        request,
        "pathway/curriculum/resident_curriculum.html",
        {
            "profile": profile,
            "person": profile.user,
            "rows": [
                (course, progress[course.pk], enrollments.get(course.pk)) for course in courses
            ],
            "rotation": rotation,
            "rotation_progress": rotation_progress,
            "applications": Application.objects.visible_to(request.user)
            .filter(resident=profile)
            .select_related("decided_by"),
            "meetings": LeadershipMeeting.objects.visible_to(request.user).filter(resident=profile),
        },
    )
