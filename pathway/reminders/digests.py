"""What the weekly digests say: reads only, a fixed number of queries per program."""

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from pathway.core.emails import absolute_url
from pathway.models import ClassSession
from pathway.reminders.items import reminder_scope
from pathway.reminders.rules import DIGEST_LIST_LIMIT, fmt_date
from pathway.reminders.sources import COMING_EVENTS, residents_at_risk

COMING_DAYS = 7


def _row(milestone, today):
    return {
        "resident": milestone.resident.user.display_name,
        "name": milestone.name,
        "due": fmt_date(milestone.due_on),
        "days_overdue": (today - milestone.due_on).days,
        "url": absolute_url(milestone.get_absolute_url()),
    }


def coming_events(program, today) -> list[dict]:
    """What the apps above report coming up (two-day events: capstone.reminders), then the
    class sessions in the next COMING_DAYS."""
    events = [event for source in COMING_EVENTS for event in source(program, today)]
    until = timezone.make_aware(datetime.combine(today + timedelta(days=COMING_DAYS + 1), time()))
    for session in (
        ClassSession.objects.filter(
            offering__course__program=program, starts_at__gte=timezone.now(), starts_at__lt=until
        )
        .select_related("offering__course", "course_class")
        .order_by("starts_at")
    ):
        on = timezone.localdate(session.starts_at)
        events.append(
            {
                "on": on,
                "when": f"{fmt_date(on)}, {timezone.localtime(session.starts_at):%H:%M}",
                "text": f"{session.offering.course.name}: {session.course_class.title}",
            }
        )
    return sorted(events, key=lambda e: e["on"])[:DIGEST_LIST_LIMIT]


def director_digest(program, today) -> dict:
    """Overdue milestones, residents at risk and what comes up in the next week."""
    scope = reminder_scope(program, today)
    overdue = scope.filter(due_on__lt=today).select_related("template", "resident__user")
    coming = scope.filter(
        due_on__range=(today, today + timedelta(days=COMING_DAYS))
    ).select_related("template", "resident__user")
    at_risk, at_risk_count = residents_at_risk(program, today)
    overdue_count = overdue.count()
    return {
        "overdue": [_row(m, today) for m in overdue.order_by("due_on", "pk")[:DIGEST_LIST_LIMIT]],
        "overdue_count": overdue_count,
        "overdue_more": max(0, overdue_count - DIGEST_LIST_LIMIT),
        "at_risk": at_risk,
        "at_risk_count": at_risk_count,
        "at_risk_more": max(0, at_risk_count - len(at_risk)),
        "coming": [_row(m, today) for m in coming.order_by("due_on", "pk")[:DIGEST_LIST_LIMIT]],
        "coming_count": coming.count(),
        "coming_days": COMING_DAYS,
        "events": coming_events(program, today),
        "overdue_url": absolute_url(reverse("pathway:milestone_list") + "?status=overdue"),
    }
