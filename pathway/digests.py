"""What the weekly digests say: reads only, a fixed number of queries per program."""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone

from mentoring.at_risk import at_risk_by_resident, attention_order
from mentoring.models import CoachAssignment
from pathway.emails import absolute_url
from pathway.models import DUE_SOON_DAYS, Milestone, PathwayStatus, ResidentProfile, User
from pathway.reminder_items import reminder_scope
from pathway.reminder_rules import DIGEST_LIST_LIMIT, fmt_date, path_maker

COMING_DAYS = 7
CASELOAD_LIST_LIMIT = 5


def _row(milestone, today):
    return {
        "resident": milestone.resident.user.display_name,
        "name": milestone.name,
        "due": fmt_date(milestone.due_on),
        "days_overdue": (today - milestone.due_on).days,
        "url": absolute_url(milestone.get_absolute_url()),
    }


EVENT_DAYS = 14


def coming_events(program, today) -> list[dict]:
    """Two-day events in the next EVENT_DAYS days and class sessions in the next COMING_DAYS."""
    from capstone.models import Project
    from pathway.models import ClassSession

    events = []
    for project in (
        Project.objects.active()
        .filter(
            program=program,
            event_first_day__range=(today, today + timedelta(days=EVENT_DAYS)),
        )
        .select_related("lead__user")
        .order_by("event_first_day")
    ):
        events.append(
            {
                "on": project.event_first_day,
                "when": fmt_date(project.event_first_day),
                "text": f"Two-day event: {project.title} ({project.lead.user.display_name})",
            }
        )
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


def at_risk_rows(program, today) -> tuple[list[dict], int]:
    """The residents at risk, by the one verdict the board and the coach's caseload show: one
    line per resident with all their reasons, in the board's order, and how many there are."""
    residents = ResidentProfile.objects.filter(
        user__program=program, pathway_status=PathwayStatus.ACTIVE, user__is_active=True
    ).select_related("user")
    verdicts = at_risk_by_resident(residents, today=today)
    flagged = sorted(
        ((r, verdicts[r.pk]) for r in residents if verdicts[r.pk]),
        key=lambda pair: attention_order(pair[0].user.display_name, pair[1]),
    )
    link = path_maker("pathway:resident_milestones")
    rows = [
        {
            "resident": resident.user.display_name,
            "reason": "; ".join(reason.text for reason in reasons),
            "url": absolute_url(link(resident.user_id)),
        }
        for resident, reasons in flagged[:DIGEST_LIST_LIMIT]
    ]
    return rows, len(flagged)


def director_digest(program, today) -> dict:
    """Overdue milestones, residents at risk and what comes up in the next week."""
    scope = reminder_scope(program, today)
    overdue = scope.filter(due_on__lt=today).select_related("template", "resident__user")
    coming = scope.filter(
        due_on__range=(today, today + timedelta(days=COMING_DAYS))
    ).select_related("template", "resident__user")
    at_risk, at_risk_count = at_risk_rows(program, today)
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


def coach_digests(program, today, *, coach_ids) -> dict:
    """{coach id: caseload rows}: each coachee with what is overdue and what is due soon."""
    assignments = list(
        CoachAssignment.objects.current()
        .filter(
            coach_id__in=coach_ids,
            resident__user__program=program,
            resident__user__is_active=True,
        )
        .order_by("resident__user__full_name")
        .values_list(
            "coach_id",
            "resident_id",
            "resident__user_id",
            "resident__user__full_name",
            "resident__user__preferred_name",
            "resident__residency_start",
            "resident__expected_graduation",
            "resident__pgy_override",
        )
    )
    if not assignments:
        return {}
    soon = today + timedelta(days=DUE_SOON_DAYS)
    pending = defaultdict(list)
    for resident_id, due_on, name in (
        Milestone.objects.open()
        .filter(resident_id__in=[a[1] for a in assignments], due_on__lte=soon)
        .order_by("due_on", "template__position")
        .values_list("resident_id", "due_on", "template__name")
    ):
        pending[resident_id].append((due_on, name))
    from mentoring.models import ProgressReport

    waiting = dict(
        ProgressReport.objects.filter(resident_id__in=[a[1] for a in assignments])
        .awaiting_review()
        .values("resident_id")
        .annotate(since=Min("submitted_at"))
        .values_list("resident_id", "since")
    )
    link = path_maker("pathway:resident_milestones")
    caseloads = defaultdict(list)
    for (
        coach_id,
        resident_id,
        user_id,
        full_name,
        preferred,
        start,
        graduation,
        override,
    ) in assignments:
        mine = pending.get(resident_id, [])
        late = [(due, name) for due, name in mine if due < today]
        # The most overdue first; a long tail is counted rather than listed.
        shown = [f"{name} (due {fmt_date(due)})" for due, name in late[:CASELOAD_LIST_LIMIT]]
        if len(late) > CASELOAD_LIST_LIMIT:
            shown.append(f"and {len(late) - CASELOAD_LIST_LIMIT} more")
        # Unsaved instances only to reuse the models' naming and PGY rules; no queries.
        resident = ResidentProfile(
            residency_start=start, expected_graduation=graduation, pgy_override=override
        )
        caseloads[coach_id].append(
            {
                "resident": User(full_name=full_name, preferred_name=preferred).display_name,
                "pgy": resident.pgy_label,
                "overdue": "; ".join(shown),
                "due_soon": "; ".join(
                    f"{name} (due {fmt_date(due)})" for due, name in mine if due >= today
                ),
                "url": absolute_url(link(user_id)),
                "report_waiting": (today - timezone.localdate(waiting[resident_id])).days
                if resident_id in waiting
                else None,
            }
        )
    return dict(caseloads)
