"""A person's private iCalendar feed: milestones (theirs, or their coachees'), two-day events
and follow-ups of their capstones, and their class sessions.

Each source is a function (user) -> list[CalendarEvent], with a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event

from pathway.core.emails import absolute_url, site_url
from pathway.models import Milestone, ResidentProfile, Role
from pathway.reminders.sources import CALENDAR_SOURCES


@dataclass
class CalendarEvent:
    uid: str
    summary: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    description: str = ""
    url: str = ""
    location: str = ""


def _milestone_event(milestone, summary):
    return CalendarEvent(
        uid=f"milestone-{milestone.pk}",
        summary=summary,
        start=milestone.due_on,
        end=milestone.due_on + dt.timedelta(days=1),
        description=milestone.template.description,
        url=absolute_url(milestone.get_absolute_url()),
    )


def own_milestones(user):
    if not user.has_role(Role.RESIDENT):
        return []
    milestones = (
        Milestone.objects.filter(resident__user=user, waived_on__isnull=True, due_on__isnull=False)
        .select_related("template")
        .order_by("due_on")
    )
    return [
        _milestone_event(m, f"{'Done: ' if m.completed_on else 'Due: '}{m.name}")
        for m in milestones
    ]


def coachee_milestones(user):
    if not user.has_role(Role.COACH):
        return []
    milestones = (
        Milestone.objects.open()
        .filter(
            resident__in=ResidentProfile.objects.coached_by(user),
            due_on__isnull=False,
            resident__user__is_active=True,
        )
        .select_related("template", "resident__user")
        .order_by("due_on")
    )
    return [
        _milestone_event(m, f"{m.resident.user.display_name}: {m.name} due") for m in milestones
    ]


def class_sessions(user):
    """Sessions of the courses a resident has a seat in, and of the offerings a person teaches."""
    from pathway.models import ClassSession, EnrollmentStatus

    taking = Q(
        offering__enrollments__resident__user=user,
        offering__enrollments__status=EnrollmentStatus.ENROLLED,
    )
    sessions = (
        ClassSession.objects.filter(taking | Q(offering__instructor=user))
        .select_related("offering__course", "course_class")
        .distinct()
    )
    return [
        CalendarEvent(
            uid=f"class-session-{session.pk}",
            summary=f"{session.offering.course.name}: {session.course_class.title}",
            start=session.starts_at.astimezone(dt.UTC),
            end=session.ends_at.astimezone(dt.UTC),
            location=session.offering.location or session.offering.meeting_link,
            url=absolute_url(session.offering.get_absolute_url()),
        )
        for session in sessions
    ]


def calendar_ics(user) -> bytes:
    host = site_url().split("://")[-1].split("/")[0] or "qi-pathway"
    calendar = Calendar()
    calendar.add("prodid", "-//QI Pathway//Milestones//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"QI Pathway: {user.display_name}")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    # The pathway's own sources, those the apps above registered (capstone.reminders), classes.
    for source in (own_milestones, coachee_milestones, *CALENDAR_SOURCES, class_sessions):
        for item in source(user):
            event = Event()
            event.add("uid", f"{item.uid}-{user.pk}@{host}")
            event.add("dtstamp", stamp)
            event.add("summary", item.summary)
            event.add("dtstart", item.start)
            event.add("dtend", item.end)
            if item.description:
                event.add("description", item.description)
            if item.url:
                event.add("url", item.url)
            if item.location:
                event.add("location", item.location)
            calendar.add_component(event)
    return calendar.to_ical()
