"""A resident's coaching record: coach history, coaching sessions and agreed actions."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mentoring.forms import ActionFormSet, SessionForm
from mentoring.models import (
    CoachingAction,
    CoachingSession,
    PrivateCoachingNote,
    TrackedResident,
)
from mentoring.services import MentoringError, action_set_done, session_log, session_update
from pathway.core.access import role_required
from pathway.core.dates import short_date
from pathway.models import Role

COACHING_ROLES = (Role.RESIDENT, Role.COACH, Role.DIRECTOR, Role.COORDINATOR)


def _attach_private_notes(user, sessions):
    """Give each session `visible_private_note`: its note if `user` may read it, else None.
    Templates read private notes only through this attribute."""
    notes = {
        note.session_id: note
        for note in PrivateCoachingNote.objects.visible_to(user).filter(
            session__in=[s.pk for s in sessions]
        )
    }
    for session in sessions:
        session.visible_private_note = notes.get(session.pk)
    return sessions


@require_safe
@role_required(*COACHING_ROLES)
def resident_coaching(request, pk):
    resident = get_object_or_404(
        TrackedResident.objects.visible_to(request.user).select_related("user"), pk=pk
    )
    sessions = list(
        CoachingSession.objects.visible_to(request.user)
        .filter(resident=resident)
        .select_related("coach")
        .prefetch_related("actions")
    )
    _attach_private_notes(request.user, sessions)
    history = list(resident.coach_assignments.select_related("coach__coach_profile"))
    current = next((a for a in history if a.is_current), None)
    open_actions = [a for s in sessions for a in s.actions.all() if not a.is_done]
    open_actions.sort(key=lambda a: a.due_on)
    return render(
        request,
        "mentoring/resident_coaching.html",
        {
            "resident": resident,
            "sessions": sessions,
            "history": history,
            "current": current,
            "open_actions": open_actions,
            "is_own": resident.user_id == request.user.pk,
            "is_coach": current is not None and current.coach_id == request.user.pk,
        },
    )


def _session_forms(request, *, instance=None, private_note=None):
    form = SessionForm(request.POST or None, instance=instance, private_note=private_note)
    actions = ActionFormSet(request.POST or None, instance=instance or CoachingSession())
    valid = False
    if request.method == "POST":
        valid = form.is_valid()
        actions.held_on = form.cleaned_data.get("held_on") if valid else None
        valid = actions.is_valid() and valid
    return form, actions, valid


@require_http_methods(["GET", "POST"])
@role_required(Role.COACH)
def session_add(request, pk):
    resident = get_object_or_404(
        TrackedResident.objects.visible_to(request.user).select_related("user"), pk=pk
    )
    if not TrackedResident.objects.filter(pk=resident.pk).coached_by(request.user).exists():
        raise PermissionDenied("Only the resident's current KPO coach logs coaching sessions.")
    form, actions, valid = _session_forms(request)
    if valid:
        try:
            session = session_log(
                resident=resident, coach=request.user, data=form.session_data(actions)
            )
        except MentoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Coaching session with {resident} on {short_date(session.held_on)} logged.",
            )
            return redirect("mentoring:resident_coaching", pk=resident.pk)
    return render(
        request,
        "mentoring/session_form.html",
        {"resident": resident, "form": form, "actions": actions, "adding": True},
    )


def _visible_session(request, pk):
    return get_object_or_404(
        CoachingSession.objects.visible_to(request.user).select_related("resident__user", "coach"),
        pk=pk,
    )


@require_safe
@role_required(*COACHING_ROLES)
def session_detail(request, pk):
    session = _visible_session(request, pk)
    return render(
        request,
        "mentoring/session_detail.html",
        {
            "session": session,
            "private_note": session.private_note_for(request.user),
            "actions": session.actions.all(),
            "can_edit": session.coach_id == request.user.pk,
            "can_tick": request.user.pk in (session.resident.user_id, session.coach_id),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.COACH)
def session_edit(request, pk):
    session = _visible_session(request, pk)
    if session.coach_id != request.user.pk:
        raise PermissionDenied("Only the coach who held this session can edit it.")
    form, actions, valid = _session_forms(
        request, instance=session, private_note=session.private_note_for(request.user)
    )
    if valid:
        try:
            session_update(session=session, data=form.session_data(actions))
        except MentoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Coaching session saved.")
            return redirect(session)
    return render(
        request,
        "mentoring/session_form.html",
        {"resident": session.resident, "session": session, "form": form, "actions": actions},
    )


class DoneForm(forms.Form):
    done = forms.TypedChoiceField(
        choices=[("1", "done"), ("0", "not done")], coerce=lambda v: v == "1"
    )


@require_POST
@role_required(Role.RESIDENT, Role.COACH)
def action_done(request, pk):
    action = get_object_or_404(
        CoachingAction.objects.visible_to(request.user).select_related("session__resident"),
        pk=pk,
    )
    session = action.session
    coaches_now = TrackedResident.objects.filter(pk=session.resident_id).coached_by(request.user)
    if request.user.pk not in (session.resident.user_id, session.coach_id) and not (
        coaches_now.exists()
    ):
        raise PermissionDenied("Only the resident and their coach tick off agreed actions.")
    form = DoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nothing was changed: say whether the action is done.")
    else:
        action_set_done(action=action, done=form.cleaned_data["done"])
        state = "done" if action.is_done else "open again"
        messages.success(request, f"“{action.description}” is {state}.")
    return redirect(_back(request, session))


def _back(request, session):
    target = request.POST.get("next", "")
    if target == "session":
        return session.get_absolute_url()
    return redirect("mentoring:resident_coaching", pk=session.resident_id).url
