"""Demo milestones, reminder schedules and a few notifications. Runs after every app's demo seed,
so the milestones see the completions those seeds recorded. Idempotent."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from pathway.models import Milestone, Notification
from pathway.services_milestones import (
    milestone_reschedule,
    milestone_waive,
    milestones_sync,
    program_reminders_setup,
)
from pathway.services_notifications import notification_send


def seed(*, world, today=None):
    today = today or timezone.localdate()
    for program in (world["program"], world["other_program"]):
        program_reminders_setup(program=program, today=today)
    milestones_sync(program=world["program"], today=today)
    director = world["director"]
    residents = world["residents"]
    # A PGY-3 who did the SBP rotation before transferring in: waived, with the reason.
    sbp = Milestone.objects.filter(
        resident=residents[0], template__key="sbp-rotation", waived_on__isnull=True
    ).first()
    if sbp and sbp.is_open:
        milestone_waive(
            milestone=sbp,
            by=director,
            reason="Completed the rotation at her previous program; certificate on file.",
            today=today,
        )
    # A PGY-2 whose Leading at Virginia Mason week was moved by the course.
    leading = Milestone.objects.filter(
        resident=residents[3], template__key="leading-at-vm", due_override__isnull=True
    ).first()
    if leading and leading.is_open:
        milestone_reschedule(
            milestone=leading,
            by=director,
            due_on=max(today + timedelta(days=10), leading.due_on or today),
            reason="The autumn Leading at Virginia Mason week moved to a later date.",
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
