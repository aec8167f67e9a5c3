"""The notification centre and notification preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pathway.core.pagination import page_of
from pathway.models import Notification
from pathway.notifications.forms import NotificationPreferenceForm
from pathway.notifications.kinds import kind_label
from pathway.notifications.services import (
    notification_read,
    notifications_read_all,
    preference_for,
    preference_update,
)

PAGE_SIZE = 30


@require_safe
@login_required
def notification_list(request):
    notifications = Notification.objects.visible_to(request.user).order_by("-created_at", "-pk")
    if request.GET.get("show") == "unread":
        notifications = notifications.unread()
    page = page_of(request, notifications, PAGE_SIZE)
    for notification in page:
        notification.label = kind_label(notification)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pathway/notifications/notification_list.html",
        {"page": page, "query": query.urlencode(), "show": request.GET.get("show", "all")},
    )


@require_POST
@login_required
def notification_read_view(request, pk):
    """Mark one notification read; with open=1, go on to what it is about."""
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    notification_read(notification=notification)
    link = notification.link
    if request.POST.get("open") and link and url_has_allowed_host_and_scheme(link, None):
        return redirect(link)
    return redirect("pathway:notification_list")


@require_POST
@login_required
def notification_read_all_view(request):
    count = notifications_read_all(user=request.user)
    messages.success(
        request,
        f"Marked {count} notification{'s' if count != 1 else ''} as read."
        if count
        else "Nothing was unread.",
    )
    return redirect("pathway:notification_list")


@require_http_methods(["GET", "POST"])
@login_required
def notification_preferences(request):
    current = preference_for(request.user)
    form = NotificationPreferenceForm(
        request.POST or None,
        user=request.user,
        chosen=current.deliveries,
        initial={
            "routine_delivery": current.routine_delivery,
            "weekly_digest": current.weekly_digest,
        },
    )
    if request.method == "POST" and form.is_valid():
        preference_update(
            user=request.user,
            routine_delivery=form.cleaned_data["routine_delivery"],
            weekly_digest=form.cleaned_data.get("weekly_digest", current.weekly_digest),
            deliveries=form.deliveries(),
        )
        messages.success(request, "Saved how reminders and notifications reach you.")
        return redirect("pathway:notification_preferences")
    return render(request, "pathway/notifications/notification_preferences.html", {"form": form})
