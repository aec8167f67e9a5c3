"""What the weekly digests say: reads only, a fixed number of queries per program."""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.db.models import Count, F, Min, Q
from django.urls import reverse
from django.utils import timezone

from mentoring.models import CoachAssignment
from pathway.emails import absolute_url
from pathway.models import DUE_SOON_DAYS, Milestone, ResidentProfile, User
from pathway.reminder_items import reminder_scope
from pathway.reminder_rules import DIGEST_LIST_LIMIT, ESCALATE_AFTER_DAYS, fmt_date, path_maker

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


def _without_coach(program, today, scope):
    from mentoring.models import TrackedResident

    residents = (
        TrackedResident.objects.filter(user__program=program)
        .without_coach()
        .select_related("user")
        .order_by("user__full_name")
    )
    return residents, lambda r: "no KPO coach assigned"


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


def _without_report(program, today, scope):
    from mentoring.models import CoachingSettings, TrackedResident

    days = CoachingSettings.for_program(program).stalled_after_days
    residents = (
        TrackedResident.objects.filter(user__program=program)
        .without_report_for(days, today=today)
        .select_related("user")
        .order_by(F("last_report_at").asc(nulls_first=True), "user__full_name")
    )

    def reason(r):
        if r.last_report_at is None:
            return "no progress report yet"
        return f"no progress report since {fmt_date(timezone.localdate(r.last_report_at))}"

    return residents, reason


# Each gives (residents, reason): the stalled signals the weekly digest lists.
STALLED_SIGNALS = [_late_milestones, _without_coach, _without_report]


def director_digest(program, today) -> dict:
    """Overdue milestones, stalled residents and what comes up in the next week."""
    scope = reminder_scope(program, today)
    overdue = scope.filter(due_on__lt=today).select_related("template", "resident__user")
    coming = scope.filter(
        due_on__range=(today, today + timedelta(days=COMING_DAYS))
    ).select_related("template", "resident__user")
    link = path_maker("pathway:resident_milestones")
    # One line per resident with all their reasons, so the count matches the lines.
    stalled, stalled_ids = {}, Q(pk__in=[])
    for signal in STALLED_SIGNALS:
        residents, reason = signal(program, today, scope)
        stalled_ids |= Q(pk__in=residents.values("pk"))
        for r in residents[:DIGEST_LIST_LIMIT]:
            row = stalled.setdefault(
                r.pk,
                {
                    "resident": r.user.display_name,
                    "reasons": [],
                    "url": absolute_url(link(r.user_id)),
                },
            )
            row["reasons"].append(reason(r))
    stalled_rows = [row | {"reason": "; ".join(row["reasons"])} for row in stalled.values()]
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
