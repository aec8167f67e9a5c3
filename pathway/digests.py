"""What the weekly digests say: reads only, a fixed number of queries per program."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, Min, Q
from django.urls import reverse

from mentoring.models import CoachAssignment
from pathway.emails import absolute_url
from pathway.models import DUE_SOON_DAYS, Milestone, ResidentProfile
from pathway.reminders import DIGEST_LIST_LIMIT, ESCALATE_AFTER_DAYS, fmt_date, reminder_scope

COMING_DAYS = 7


def _row(milestone, today):
    return {
        "resident": milestone.resident.user.display_name,
        "name": milestone.name,
        "due": fmt_date(milestone.due_on),
        "days_overdue": (today - milestone.due_on).days,
        "url": absolute_url(milestone.get_absolute_url()),
    }


def director_digest(program, today) -> dict:
    """Overdue milestones, stalled residents and what comes up in the next week."""
    scope = reminder_scope(program, today).select_related("template", "resident__user")
    overdue = scope.filter(due_on__lt=today)
    coming = scope.filter(due_on__range=(today, today + timedelta(days=COMING_DAYS)))
    open_late = Q(
        milestones__completed_on__isnull=True,
        milestones__waived_on__isnull=True,
        milestones__due_on__lt=today - timedelta(days=ESCALATE_AFTER_DAYS),
    )
    stalled = (
        ResidentProfile.objects.filter(
            pk__in=overdue.filter(due_on__lt=today - timedelta(days=ESCALATE_AFTER_DAYS)).values(
                "resident_id"
            )
        )
        .annotate(
            late=Count("milestones", filter=open_late),
            since=Min("milestones__due_on", filter=open_late),
        )
        .select_related("user")
        .order_by("since", "user__full_name")
    )
    stalled_rows = [
        {
            "resident": r.user.display_name,
            "reason": f"{r.late} milestone{'s' if r.late != 1 else ''} more than "
            f"{ESCALATE_AFTER_DAYS} days overdue, the oldest due {fmt_date(r.since)}",
            "url": absolute_url(reverse("pathway:resident_milestones", args=[r.user_id])),
        }
        for r in stalled[:DIGEST_LIST_LIMIT]
    ]
    overdue_count = overdue.count()
    return {
        "overdue": [_row(m, today) for m in overdue.order_by("due_on", "pk")[:DIGEST_LIST_LIMIT]],
        "overdue_count": overdue_count,
        "overdue_more": max(0, overdue_count - DIGEST_LIST_LIMIT),
        "stalled": stalled_rows,
        "stalled_count": stalled.count(),
        "coming": [_row(m, today) for m in coming.order_by("due_on", "pk")[:DIGEST_LIST_LIMIT]],
        "coming_count": coming.count(),
        "coming_days": COMING_DAYS,
        "events": [],
        "overdue_url": absolute_url(reverse("pathway:milestone_list") + "?status=overdue"),
    }


def coach_digests(program, today, *, coach_ids) -> dict:
    """{coach id: caseload rows}: each coachee with what is overdue and what is due soon."""
    assignments = list(
        CoachAssignment.objects.current()
        .filter(
            coach_id__in=coach_ids,
            resident__user__program=program,
            resident__user__is_active=True,
        )
        .select_related("resident__user")
        .order_by("resident__user__full_name")
    )
    if not assignments:
        return {}
    soon = today + timedelta(days=DUE_SOON_DAYS)
    pending = defaultdict(list)
    for m in (
        Milestone.objects.open()
        .filter(resident_id__in=[a.resident_id for a in assignments], due_on__lte=soon)
        .select_related("template")
        .order_by("due_on", "template__position")
    ):
        pending[m.resident_id].append(m)
    caseloads = defaultdict(list)
    for a in assignments:
        mine = pending.get(a.resident_id, [])
        caseloads[a.coach_id].append(
            {
                "resident": a.resident.user.display_name,
                "pgy": a.resident.pgy_label,
                "overdue": [
                    f"{m.name} (due {fmt_date(m.due_on)})" for m in mine if m.due_on < today
                ],
                "due_soon": [
                    f"{m.name} (due {fmt_date(m.due_on)})" for m in mine if m.due_on >= today
                ],
                "url": absolute_url(
                    reverse("pathway:resident_milestones", args=[a.resident.user_id])
                ),
            }
        )
    return dict(caseloads)
