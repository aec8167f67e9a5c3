"""The capstone's reminder sources: the KPO coach hears of each follow-up a week ahead; the
director's digest lists two-day events coming up; the calendar feed shows both. Registered with
pathway.reminders.sources when the capstone app is ready."""

import datetime as dt
from datetime import timedelta

from django.db.models import Q
from django.urls import reverse

from capstone.models import FollowUp, Project, Stage
from pathway.core.emails import absolute_url
from pathway.core.links import link_maker
from pathway.models import ReminderKind, ResidentProfile, User
from pathway.reminders.calendar import CalendarEvent
from pathway.reminders.rules import Item, fmt_date, item_key
from pathway.reminders.sources import (
    calendar_source,
    coming_event_source,
    current_coaches,
    item_collector,
)

FOLLOW_UP_NOTICE_DAYS = 7


@item_collector
def follow_up_items(program, today) -> list[Item]:
    """The KPO coach hears of each 30/60/90-day follow-up a week before it is due (the resident
    is reminded through the follow-up milestones)."""
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
    link = link_maker("capstone:project_implementation")
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


EVENT_DAYS = 14


@coming_event_source
def coming_two_day_events(program, today) -> list[dict]:
    """Two-day events in the next EVENT_DAYS days, for the director's weekly digest."""
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
    return events


def _my_capstones(user):
    """The capstones this person leads, co-leads, coaches or sponsors; a director or
    coordinator's whole program."""
    projects = Project.objects.active().select_related("lead__user")
    if user.is_program_staff:
        return projects.filter(program=user.program_id)
    mine = (
        Q(lead__user=user)
        | Q(lead__in=ResidentProfile.objects.coached_by(user))
        | Q(sponsor=user, sponsor_accepted_on__isnull=False)
        | Q(co_leads=user)
    )
    return projects.filter(mine, program=user.program_id).distinct()


@calendar_source
def capstone_events(user):
    """Two-day events, and the 30/60/90-day follow-ups not yet held."""
    projects = list(_my_capstones(user))
    own = {p.pk for p in projects if p.lead.user_id == user.pk}
    events = []
    for project in projects:
        if not project.event_first_day:
            continue
        whose = "" if project.pk in own else f" ({project.lead.user.display_name})"
        events.append(
            CalendarEvent(
                uid=f"capstone-event-{project.pk}",
                summary=f"Two-day event: {project.title}{whose}",
                start=project.event_first_day,
                end=(project.event_second_day or project.event_first_day) + dt.timedelta(days=1),
                location=project.event_location,
                url=absolute_url(reverse("capstone:project_event", args=[project.pk])),
            )
        )
    by_pk = {p.pk: p for p in projects}
    for follow_up in FollowUp.objects.filter(project__in=by_pk, held_on__isnull=True):
        project = by_pk[follow_up.project_id]
        whose = "" if project.pk in own else f" ({project.lead.user.display_name})"
        events.append(
            CalendarEvent(
                uid=f"capstone-follow-up-{follow_up.pk}",
                summary=f"{follow_up.day}-day follow-up: {project.title}{whose}",
                start=follow_up.due_on,
                end=follow_up.due_on + dt.timedelta(days=1),
                url=absolute_url(reverse("capstone:project_implementation", args=[project.pk])),
            )
        )
    return events
