"""The next progress report's due date is one fact (ProgressReport.next_due_on): the reminder
email, the resident's home and the reports page give the same date, whether the resident
submitted late, never reported, or has a draft of the next report open."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import CoachAssignment, CoachingSettings
from pathway.models import ReminderLog
from pathway.reminders.rules import fmt_date
from pathway.reminders.sweep import reminders_sweep
from tests import factories as f
from tests.pathway.cohort import pinned_now

pytestmark = pytest.mark.django_db


def _late_reporter(world):
    # Due tomorrow by its period; counted from the submission day it would be 12 days away.
    f.fortnight_report(world.resident, ended_days_ago=13, submitted_days_ago=2)
    f.ProgressReportFactory(resident=world.resident.resident_profile)  # the next one, a draft


def _long_overdue_reporter(world):
    # Overdue since 3 days ago by its period, though submitted only yesterday.
    f.fortnight_report(world.resident, ended_days_ago=17, submitted_days_ago=1)


def _never_reported(world):
    # Taken on by the coach 16 days ago: the first report has been overdue for 2 days.
    CoachAssignment.objects.filter(resident__user=world.resident).update(
        started_on=timezone.localdate() - timedelta(days=16)
    )


@pytest.mark.parametrize(
    "situation", [_late_reporter, _long_overdue_reporter, _never_reported], ids=lambda s: s.__name__
)
def test_the_reminder_the_home_and_the_reports_page_give_the_same_due_date(
    world, as_user, situation
):
    CoachingSettings.objects.create(program=world.program, report_cadence_days=14)
    situation(world)

    reminders_sweep(now=pinned_now(), program=world.program)
    [reminder] = ReminderLog.objects.filter(recipient=world.resident)
    client = as_user(world.resident)
    home_due = client.get(reverse("home")).context["resident"]["reports"].due_on
    list_due = client.get(reverse("mentoring:report_list")).context["due_on"]

    assert home_due == list_due
    assert fmt_date(home_due) in reminder.text
    assert reminder.due_on == home_due
