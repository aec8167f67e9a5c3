"""A sweep missed at the reminder time (Redis down: beat could not queue it, and beat does not
retry) is caught up by the periodic retry task, on PostgreSQL; a missed digest day is not lost."""

from datetime import time, timedelta

import pytest
from django.core import mail

from pathway.models import ProgramReminderSettings
from pathway.reminders.sweep import reminders_sweep
from pathway.tasks import reminders_retry_task
from tests.pathway.cohort import make_cohort, pinned_now

pytestmark = pytest.mark.services


def test_the_retry_task_runs_a_sweep_missed_at_the_reminder_time(on_postgres, redis_url):
    cohort = make_cohort(2)
    cohort.milestone(cohort.residents[0], due_in=7)
    # The reminder time (midnight) has passed and no sweep ran today.
    ProgramReminderSettings.objects.filter(program=cohort.program).update(reminder_time=time(0))

    reminders_retry_task()
    reminders_retry_task()  # ten minutes later: today's sweep is done, nothing more is sent

    assert [m.to for m in mail.outbox] == [[cohort.residents[0].email]]
    conf = ProgramReminderSettings.objects.get(program=cohort.program)
    assert conf.last_swept_on == cohort.today


def test_a_weekly_digest_day_missed_is_sent_by_the_next_sweep(on_postgres, redis_url):
    cohort = make_cohort(1, weekly_digests=True)
    yesterday = cohort.today - timedelta(days=1)
    ProgramReminderSettings.objects.filter(program=cohort.program).update(
        digest_weekday=yesterday.weekday(), last_swept_on=cohort.today - timedelta(days=2)
    )

    reminders_sweep(now=pinned_now(), program=cohort.program)

    subjects = [m.subject for m in mail.outbox if m.to == [cohort.director.email]]
    assert any("Weekly pathway digest" in s for s in subjects)
