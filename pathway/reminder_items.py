"""What each program's people must be reminded of today, as Items for the sweep to claim.

One collector per source — milestones, capstone follow-ups, progress reports — each a fixed
number of queries per program, whatever the number of rows."""

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from pathway.models import Milestone, PathwayStatus, ReminderKind, User
from pathway.models.people import current_coach_assignments
from pathway.reminder_rules import (
    BEFORE_DUE,
    ESCALATION_DAYS,
    OVERDUE_DAYS,
    Item,
    fmt_date,
    item_key,
    path_maker,
)

FOLLOW_UP_NOTICE_DAYS = 7

# --- What is due today -------------------------------------------------------------------------


def reminder_scope(program, today):
    """Open milestones of the program's residents who can still act on them."""
    return (
        Milestone.objects.open()
        .filter(
            resident__user__program=program,
            resident__user__is_active=True,
            resident__expected_graduation__gte=today,
        )
        .exclude(resident__pathway_status__in=[PathwayStatus.WITHDRAWN, PathwayStatus.COMPLETED])
    )


def current_coaches(resident_ids) -> dict:
    """{resident id: coach's user id} for residents with a current, active coach. One query."""
    return dict(
        current_coach_assignments()
        .filter(resident_id__in=resident_ids, coach__is_active=True)
        .values_list("resident_id", "coach_id")
    )


def program_directors(program) -> list:
    return list(
        User.objects.filter(program=program, is_active=True, director_profile__isnull=False)
    )


def milestone_items(program, today) -> list[Item]:
    first = today - timedelta(days=ESCALATION_DAYS[1])
    last = today + timedelta(days=BEFORE_DUE[0][1])
    rows = list(
        reminder_scope(program, today)
        .filter(due_on__range=(first, last))
        .order_by("pk")
        .values_list(
            "pk",
            "due_on",
            "template__name",
            "resident_id",
            "resident__user_id",
            "resident__user__full_name",
            "resident__user__preferred_name",
        )
    )
    if not rows:
        return []
    coaches = current_coaches({row[3] for row in rows})
    directors = None
    link = path_maker("pathway:milestone_detail")
    items = []
    for pk, due_on, name, resident_id, user_id, full_name, preferred_name in rows:
        days = (due_on - today).days

        def add(kind, recipient_id, text, pk=pk, due_on=due_on):
            key = item_key(kind, recipient_id, f"m{pk}", due_on)
            items.append(Item(key, recipient_id, kind, text, link(pk), due_on, pk))

        if days >= 0:
            for kind, most, fewest in BEFORE_DUE:
                if fewest <= days <= most:
                    add(kind, user_id, _due_text(name, due_on, days))
            continue
        late = -days
        when = fmt_date(due_on)
        who = User(full_name=full_name, preferred_name=preferred_name).display_name
        if OVERDUE_DAYS[0] <= late <= OVERDUE_DAYS[1]:
            add(ReminderKind.OVERDUE, user_id, f"{name}: overdue since {when}")
            if resident_id in coaches:
                add(
                    ReminderKind.OVERDUE,
                    coaches[resident_id],
                    f"{who} - {name}: overdue since {when}",
                )
        elif ESCALATION_DAYS[0] <= late <= ESCALATION_DAYS[1]:
            if directors is None:
                directors = program_directors(program)
            for director in directors:
                add(
                    ReminderKind.ESCALATION,
                    director.pk,
                    f"{who} - {name}: {late} days overdue (due {when})",
                )
    return items


def _due_text(name, due_on, days):
    if days == 0:
        return f"{name}: due today"
    if days == 1:
        return f"{name}: due tomorrow, {fmt_date(due_on)}"
    return f"{name}: due in {days} days, on {fmt_date(due_on)}"


def follow_up_items(program, today) -> list[Item]:
    """The KPO coach hears of each 30/60/90-day follow-up a week before it is due (the resident
    is reminded through the follow-up milestones)."""
    from capstone.models import FollowUp, Stage

    rows = list(
        FollowUp.objects.filter(
            held_on__isnull=True,
            due_on__range=(today, today + timedelta(days=FOLLOW_UP_NOTICE_DAYS)),
            project__program=program,
            project__lead__user__is_active=True,
        )
        .exclude(project__stage__in=[Stage.WITHDRAWN, Stage.CLOSED])
        .order_by("pk")
        .values_list(
            "pk",
            "day",
            "due_on",
            "project_id",
            "project__title",
            "project__lead_id",
            "project__lead__user__full_name",
            "project__lead__user__preferred_name",
        )
    )
    if not rows:
        return []
    # The project's coach is its lead's current coach.
    coaches = current_coaches({row[5] for row in rows})
    link = path_maker("capstone:project_implementation")
    items = []
    for pk, day, due_on, project_id, title, lead_id, full_name, preferred in rows:
        coach_id = coaches.get(lead_id)
        if coach_id is None:
            continue
        who = User(full_name=full_name, preferred_name=preferred).display_name
        days = (due_on - today).days
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        items.append(
            Item(
                item_key(ReminderKind.FOLLOW_UP_DUE, coach_id, f"f{pk}", due_on),
                coach_id,
                ReminderKind.FOLLOW_UP_DUE,
                f"{who} - {day}-day follow-up of {title}: due {when}, {fmt_date(due_on)}",
                link(project_id),
                due_on,
            )
        )
    return items


# --- Progress reports -------------------------------------------------------------------------

REPORT_DUE_NOTICE_DAYS = 2
REPORT_OVERDUE_DAYS = (1, 7)


def report_items(program, today) -> list[Item]:
    """Progress reports: due (two days ahead) and overdue (a week of notices) to the resident, on
    the program's cadence from their last submission, or from when their coach took them on;
    and reports waiting for review for more than a week to the coach."""
    from mentoring.models import CoachingSettings, ProgressReport, TrackedResident
    from mentoring.models.reports import REVIEW_OVERDUE_DAYS

    cadence = CoachingSettings.for_program(program).report_cadence_days
    coached = {
        resident_id: (coach_id, started_on)
        for resident_id, coach_id, started_on in current_coach_assignments()
        .filter(resident__user__program=program, coach__is_active=True)
        .values_list("resident_id", "coach_id", "started_on")
    }
    residents = (
        TrackedResident.objects.filter(
            user__program=program, pk__in=list(coached), expected_graduation__gte=today
        )
        .active_in_pathway()
        .with_last_report()
        .values_list("pk", "user_id", "last_report_at")
    )
    reports_link = reverse("mentoring:report_list")
    items = []
    for resident_id, user_id, last_report_at in residents:
        since = timezone.localdate(last_report_at) if last_report_at else coached[resident_id][1]
        due_on = since + timedelta(days=cadence)
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
    link = path_maker("mentoring:report_detail")
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


# Each returns the program's Items for today.
ITEM_COLLECTORS = [milestone_items, follow_up_items, report_items]
