"""The coaching reminder sources: progress reports due, overdue and waiting for review; who
coaches whom (reminders and digests go to a resident's current KPO coach); the stalled signals
and caseloads of the weekly digests. Registered with pathway.reminders.sources when the
mentoring app is ready."""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone

from mentoring.at_risk import at_risk_by_resident, attention_order
from mentoring.models import CoachAssignment, CoachingSettings, ProgressReport, TrackedResident
from mentoring.models.reports import REVIEW_OVERDUE_DAYS
from mentoring.models.residents import last_shared_period_to
from pathway.core.emails import absolute_url
from pathway.core.links import link_maker
from pathway.models import (
    DUE_SOON_DAYS,
    Milestone,
    PathwayStatus,
    ReminderKind,
    ResidentProfile,
    User,
)
from pathway.reminders.rules import DIGEST_LIST_LIMIT, Item, fmt_date, item_key
from pathway.reminders.sources import (
    at_risk_source,
    caseload_source,
    coach_lookup,
    item_collector,
)


@coach_lookup
def current_coaches(resident_ids) -> dict:
    """{resident id: coach's user id} for residents with a current, active coach. One query."""
    return dict(
        CoachAssignment.objects.current()
        .filter(resident_id__in=resident_ids, coach__is_active=True)
        .values_list("resident_id", "coach_id")
    )


# --- Progress reports -------------------------------------------------------------------------

REPORT_DUE_NOTICE_DAYS = 2
REPORT_OVERDUE_DAYS = (1, 7)


@item_collector
def report_items(program, today) -> list[Item]:
    """Progress reports: due (two days ahead) and overdue (a week of notices) to the resident,
    on the date the home and the reports page show (ProgressReport.next_due_on): one cadence
    after the period of their latest submitted report, or after their coach took them on;
    and reports waiting for review for more than a week to the coach."""
    cadence = CoachingSettings.for_program(program).report_cadence_days
    coached = {
        resident_id: (coach_id, started_on)
        for resident_id, coach_id, started_on in CoachAssignment.objects.current()
        .filter(resident__user__program=program, coach__is_active=True)
        .values_list("resident_id", "coach_id", "started_on")
    }
    residents = (
        TrackedResident.objects.filter(
            user__program=program, pk__in=list(coached), expected_graduation__gte=today
        )
        .active_in_pathway()
        .annotate(last_period_to=last_shared_period_to())
        .values_list("pk", "user_id", "last_period_to")
    )
    reports_link = reverse("mentoring:report_list")
    items = []
    for resident_id, user_id, last_period_to in residents:
        due_on = ProgressReport.next_due_on(
            last_period_to, cadence, today, coached_since=coached[resident_id][1]
        )
        days = (due_on - today).days
        subject = f"r{resident_id}"
        if 0 <= days <= REPORT_DUE_NOTICE_DAYS:
            when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
            kind, text = ReminderKind.REPORT_DUE, f"Progress report: due {when}, {fmt_date(due_on)}"
        elif REPORT_OVERDUE_DAYS[0] <= -days <= REPORT_OVERDUE_DAYS[1]:
            kind = ReminderKind.REPORT_OVERDUE
            text = f"Progress report: overdue since {fmt_date(due_on)}"
        else:
            continue
        items.append(
            Item(
                item_key(kind, user_id, subject, due_on), user_id, kind, text, reports_link, due_on
            )
        )
    waiting = (
        ProgressReport.objects.filter(
            resident__user__program=program, resident__user__is_active=True
        )
        .waiting_longer_than(
            REVIEW_OVERDUE_DAYS, now=timezone.make_aware(datetime.combine(today, time()))
        )
        .order_by("pk")
        .values_list(
            "pk",
            "resident_id",
            "submitted_at",
            "period_from",
            "period_to",
            "resident__user__full_name",
            "resident__user__preferred_name",
        )
    )
    link = link_maker("mentoring:report_detail")
    for pk, resident_id, submitted_at, period_from, period_to, full_name, preferred in waiting:
        coach = coached.get(resident_id)
        if coach is None:
            continue
        submitted_on = timezone.localdate(submitted_at)
        who = User(full_name=full_name, preferred_name=preferred).display_name
        waited = (today - submitted_on).days
        period = f"{period_from.day} {period_from:%b} – {fmt_date(period_to)}"
        items.append(
            Item(
                item_key(ReminderKind.REPORT_WAITING, coach[0], f"p{pk}", submitted_on),
                coach[0],
                ReminderKind.REPORT_WAITING,
                f"{who} - progress report ({period}): waiting {waited} days for your review",
                link(pk),
                submitted_on,
            )
        )
    return items


# --- The weekly digests -------------------------------------------------------------------------

CASELOAD_LIST_LIMIT = 5


@at_risk_source
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
    link = link_maker("pathway:resident_milestones")
    rows = [
        {
            "resident": resident.user.display_name,
            "reason": "; ".join(reason.text for reason in reasons),
            "url": absolute_url(link(resident.user_id)),
        }
        for resident, reasons in flagged[:DIGEST_LIST_LIMIT]
    ]
    return rows, len(flagged)


@caseload_source
def coach_caseloads(program, today, *, coach_ids) -> dict:
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
    waiting = dict(
        ProgressReport.objects.filter(resident_id__in=[a[1] for a in assignments])
        .awaiting_review()
        .values("resident_id")
        .annotate(since=Min("submitted_at"))
        .values_list("resident_id", "since")
    )
    link = link_maker("pathway:resident_milestones")
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
