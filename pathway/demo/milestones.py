"""Demo milestones, reminder schedules and a few notifications. Runs after every app's demo seed,
so the milestones see the completions those seeds recorded. Idempotent."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from pathway.milestones.services import (
    milestone_reschedule,
    milestone_waive,
    milestones_sync,
    program_reminders_setup,
)
from pathway.models import Milestone, Notification
from pathway.notifications.services import notification_send


def seed(*, world, today=None):
    today = today or timezone.localdate()
    for program in (world["program"], world["other_program"]):
        program_reminders_setup(program=program, today=today)
    milestones_sync(program=world["program"], today=today)
    director = world["director"]
    residents = world["residents"]
    # Open milestones the demo's director has dealt with, each with the reason the resident sees.
    changes = [
        (
            residents[1],
            "current-state",
            "waive",
            "This capstone spreads an existing standard: the original project measured the "
            "current state.",
        ),
        (
            residents[7],
            "leading-at-vm",
            "move",
            "The autumn Leading at Virginia Mason week was full; she has a place in the winter "
            "week.",
        ),
    ]
    for profile, key, action, reason in changes:
        milestone = Milestone.objects.filter(resident=profile, template__key=key).first()
        if milestone is None or not milestone.is_open or milestone.due_override:
            continue
        if action == "waive":
            milestone_waive(milestone=milestone, by=director, reason=reason, today=today)
        else:
            milestone_reschedule(
                milestone=milestone, by=director, due_on=today + timedelta(days=45), reason=reason
            )
    for profile in residents:
        user = profile.user
        if Notification.objects.filter(user=user, kind="welcome").exists():
            continue
        notification_send(
            users=[user],
            kind="welcome",
            text="Your pathway milestones are ready: see what is due and when.",
            link=reverse("pathway:my_milestones"),
        )
