"""What each program's people must be reminded of today, as Items for the sweep to claim.

One collector per source, each a fixed number of queries per program whatever the number of
rows: the milestones here; capstone follow-ups (capstone.reminders) and progress reports
(mentoring.reminders) join through pathway.reminders.sources."""

from datetime import timedelta

from pathway.core.links import link_maker
from pathway.models import Milestone, PathwayStatus, ReminderKind, User
from pathway.reminders.rules import (
    BEFORE_DUE,
    ESCALATION_DAYS,
    OVERDUE_DAYS,
    Item,
    fmt_date,
    item_key,
)
from pathway.reminders.sources import current_coaches

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
    link = link_maker("pathway:milestone_detail")
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
