"""The demo's milestones, reminder schedules and notifications: seeding twice changes nothing."""

import pytest
from django_celery_beat.models import PeriodicTask

from pathway.demo import milestones as demo_milestones
from pathway.demo import world as demo
from pathway.milestones.standard import STANDARD_MILESTONES
from pathway.models import Milestone, MilestoneTemplate, Notification, ProgramReminderSettings

pytestmark = pytest.mark.django_db


def counts():
    return (
        MilestoneTemplate.objects.count(),
        Milestone.objects.count(),
        Notification.objects.count(),
        ProgramReminderSettings.objects.count(),
        PeriodicTask.objects.count(),
    )


def test_seeding_twice_creates_no_duplicates():
    world = demo.seed()
    demo_milestones.seed(world=world)
    first = counts()

    demo_milestones.seed(world=demo.seed())

    assert counts() == first
    assert first[0] == 2 * len(STANDARD_MILESTONES)
    assert first[4] == 2 + 2  # a sweep per program, the retries and the notification digest


def test_the_demo_shows_a_waiver_a_moved_date_and_notifications():
    world = demo.seed()
    demo_milestones.seed(world=world)

    assert Milestone.objects.filter(waived_on__isnull=False).count() == 1
    assert Milestone.objects.filter(due_override__isnull=False).count() == 1
    resident = world["residents"][3].user
    resident.refresh_from_db()
    assert resident.unread_notifications == resident.notifications.unread().count() >= 1
