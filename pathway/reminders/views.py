"""The personal calendar feed and a program's reminder settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pathway.core.access import program_staff_required
from pathway.core.emails import absolute_url
from pathway.models import CalendarFeed, Program, ProgramReminderSettings, User
from pathway.notifications.services import (
    calendar_feed_for,
    calendar_feed_reset,
    reminder_settings_update,
    sweep_task_name,
)
from pathway.reminders.calendar import calendar_ics
from pathway.reminders.forms import ReminderSettingsForm


@require_safe
@login_required
def calendar_page(request):
    feed = calendar_feed_for(user=request.user)
    url = absolute_url(feed.get_absolute_url())
    return render(
        request,
        "pathway/reminders/calendar.html",
        {"feed": feed, "feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[-1]},
    )


@require_POST
@login_required
def calendar_reset(request):
    calendar_feed_reset(user=request.user)
    messages.success(
        request,
        "Your calendar has a new private address. The old one no longer works: "
        "subscribe again with the new one.",
    )
    return redirect("pathway:calendar")


@require_safe
def calendar_feed(request, token):
    """The ICS feed. No session: the secret token is the only key, and a bad one is a 404."""
    feed = get_object_or_404(
        CalendarFeed.objects.filter(user__is_active=True).select_related("user"), token=token
    )
    user = User.objects.with_roles().get(pk=feed.user_id)
    response = HttpResponse(calendar_ics(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="qi-pathway.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


def _visible_program(request, pk):
    programs = Program.objects.all()
    if not request.user.is_superuser:
        programs = programs.filter(pk=request.user.program_id)
    return get_object_or_404(programs, pk=pk)


@require_http_methods(["GET", "POST"])
@program_staff_required
def reminder_settings(request, program_pk):
    from django_celery_beat.models import PeriodicTask

    program = _visible_program(request, program_pk)
    # Shown with the defaults until first saved; reading the page writes nothing.
    conf = ProgramReminderSettings.objects.filter(program=program).first()
    form = ReminderSettingsForm(
        request.POST or None, instance=conf or ProgramReminderSettings(program=program)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reminder_settings_update(
            program=program,
            reminder_time=data["reminder_time"],
            digest_weekday=data["digest_weekday"],
            enabled=data["enabled"],
        )
        messages.success(request, "Saved. The reminder schedule now follows these settings.")
        return redirect("pathway:reminder_settings", program_pk=program.pk)
    task = PeriodicTask.objects.filter(name=sweep_task_name(program)).first()
    return render(
        request,
        "pathway/reminders/reminder_settings.html",
        {"form": form, "program": program, "task": task},
    )
