"""What the weekly digests say: reads only, a fixed number of queries per program."""

from datetime import datetime, time, timedelta

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone

from pathway.core.emails import absolute_url
from pathway.models import ClassSession, ResidentProfile
from pathway.reminders.items import reminder_scope
from pathway.reminders.rules import DIGEST_LIST_LIMIT, ESCALATE_AFTER_DAYS, fmt_date, path_maker
from pathway.reminders.sources import COMING_EVENTS, STALLED_SIGNALS

COMING_DAYS = 7


def _row(milestone, today):
    return {
        "resident": milestone.resident.user.display_name,
        "name": milestone.name,
        "due": fmt_date(milestone.due_on),
        "days_overdue": (today - milestone.due_on).days,
        "url": absolute_url(milestone.get_absolute_url()),
    }


def _late_milestones(program, today, scope):
    """Residents with a milestone more than ESCALATE_AFTER_DAYS overdue."""
    cutoff = today - timedelta(days=ESCALATE_AFTER_DAYS)
    open_late = Q(
        milestones__completed_on__isnull=True,
        milestones__waived_on__isnull=True,
        milestones__due_on__lt=cutoff,
    )
    residents = (
        ResidentProfile.objects.filter(pk__in=scope.filter(due_on__lt=cutoff).values("resident_id"))
        .annotate(
            late=Count("milestones", filter=open_late),
            since=Min("milestones__due_on", filter=open_late),
        )
        .select_related("user")
        .order_by("since", "user__full_name")
    )

    def reason(r):
        plural = "s" if r.late != 1 else ""
        return (
            f"{r.late} milestone{plural} more than {ESCALATE_AFTER_DAYS} days overdue, "
            f"the oldest due {fmt_date(r.since)}"
        )

    return residents, reason


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
    """Overdue milestones, stalled residents and what comes up in the next week."""
    scope = reminder_scope(program, today)
    overdue = scope.filter(due_on__lt=today).select_related("template", "resident__user")
    coming = scope.filter(
        due_on__range=(today, today + timedelta(days=COMING_DAYS))
    ).select_related("template", "resident__user")
    link = path_maker("pathway:resident_milestones")
    stalled_rows, stalled_ids = [], Q(pk__in=[])
    # Each gives (residents, reason): the pathway's own first, then those of coaching.
    for signal in (_late_milestones, *STALLED_SIGNALS):
        residents, reason = signal(program, today, scope)
        stalled_ids |= Q(pk__in=residents.values("pk"))
        stalled_rows += [
            {
                "resident": r.user.display_name,
                "reason": reason(r),
                "url": absolute_url(link(r.user_id)),
            }
            for r in residents[:DIGEST_LIST_LIMIT]
        ]
    overdue_count = overdue.count()
    return {
        "overdue": [_row(m, today) for m in overdue.order_by("due_on", "pk")[:DIGEST_LIST_LIMIT]],
        "overdue_count": overdue_count,
        "overdue_more": max(0, overdue_count - DIGEST_LIST_LIMIT),
        "stalled": stalled_rows,
        "stalled_count": ResidentProfile.objects.filter(stalled_ids).count(),
        "coming": [_row(m, today) for m in coming.order_by("due_on", "pk")[:DIGEST_LIST_LIMIT]],
        "coming_count": coming.count(),
        "coming_days": COMING_DAYS,
        "events": coming_events(program, today),
        "overdue_url": absolute_url(reverse("pathway:milestone_list") + "?status=overdue"),
    }
