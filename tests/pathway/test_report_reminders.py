"""Progress reports: due and overdue to the resident on the program's cadence; reports waiting
more than a week for review to the KPO coach."""

from datetime import timedelta

import pytest
from django.core import mail

from mentoring.models import CoachAssignment, CoachingSettings
from pathway.models import NotificationPreference, ReminderKind, ReminderLog, RoutineDelivery
from pathway.reminders.sweep import reminders_sweep
from tests import factories as f
from tests.pathway.cohort import make_cohort, pinned_now

pytestmark = pytest.mark.django_db


def reported(resident, days_ago):
    """A report of the fortnight that ended `days_ago` days ago, submitted that day."""
    return f.fortnight_report(resident, ended_days_ago=days_ago)


def kinds(user):
    return sorted(ReminderLog.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_report_is_due_two_days_ahead_on_the_programs_cadence():
    cohort = make_cohort(1, reports=14)
    resident = cohort.residents[0]
    report = reported(resident, days_ago=12)
    f.report_was_reviewed(report, reviewer=cohort.coach)

    reminders_sweep(now=pinned_now(), program=cohort.program)

    [log] = ReminderLog.objects.filter(recipient=resident)
    assert log.kind == ReminderKind.REPORT_DUE
    assert log.text.startswith("Progress report: due in 2 days")
    assert log.link == "/mentoring/reports/"
    assert "Progress report: due in 2 days" in mail.outbox[0].subject


def test_a_resident_who_never_reported_is_overdue_a_cadence_after_the_coach_took_them_on():
    cohort = make_cohort(1, reports=14)
    resident = cohort.residents[0]
    CoachAssignment.objects.filter(resident__user=resident).update(
        started_on=cohort.today - timedelta(days=15)
    )

    reminders_sweep(now=pinned_now(), program=cohort.program)

    assert kinds(resident) == [ReminderKind.REPORT_OVERDUE]
    assert ReminderLog.objects.get(recipient=resident).text.startswith(
        "Progress report: overdue since"
    )
    reminders_sweep(now=pinned_now(3), program=cohort.program)
    assert kinds(resident) == [ReminderKind.REPORT_OVERDUE]  # once per due date


def test_the_cadence_is_the_programs_setting():
    cohort = make_cohort(1, reports=14)
    resident = cohort.residents[0]
    CoachingSettings.objects.filter(program=cohort.program).update(report_cadence_days=7)
    reported(resident, days_ago=6)

    reminders_sweep(now=pinned_now(), program=cohort.program)

    assert ReminderLog.objects.get(recipient=resident).text.startswith(
        "Progress report: due tomorrow"
    )


def test_a_report_due_waits_for_the_daily_digest_but_an_overdue_one_does_not():
    cohort = make_cohort(2, reports=14)
    digest_user, other = cohort.residents
    for user in (digest_user, other):
        NotificationPreference.objects.create(user=user, routine_delivery=RoutineDelivery.DAILY)
    reported(digest_user, days_ago=13)
    CoachAssignment.objects.filter(resident__user=other).update(
        started_on=cohort.today - timedelta(days=16)
    )

    reminders_sweep(now=pinned_now(), program=cohort.program)

    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "daily digest" in subjects[digest_user.email]
    assert "overdue" in subjects[other.email]


def test_the_coach_hears_of_a_report_waiting_more_than_a_week():
    cohort = make_cohort(2, reports=14)
    waiting, recent = cohort.residents
    report = reported(waiting, days_ago=8)
    reported(recent, days_ago=6)

    reminders_sweep(now=pinned_now(), program=cohort.program)

    [log] = ReminderLog.objects.filter(recipient=cohort.coach)
    assert log.kind == ReminderKind.REPORT_WAITING
    assert log.text.startswith(f"{waiting.display_name} - progress report (")
    assert "waiting 8 days for your review" in log.text
    assert log.link == report.get_absolute_url()
    reminders_sweep(now=pinned_now(4), program=cohort.program)
    # Once per submission; the other report has since waited more than a week too.
    assert ReminderLog.objects.filter(link=report.get_absolute_url()).count() == 1


def test_residents_without_a_coach_get_no_report_reminders():
    cohort = make_cohort(1, coached=False, reports=14)
    reported(cohort.residents[0], days_ago=13)

    reminders_sweep(now=pinned_now(), program=cohort.program)

    assert not ReminderLog.objects.exists()


@pytest.mark.parametrize("size", [3, 15])
def test_report_reminders_make_the_same_number_of_queries_for_few_or_many(
    size, django_assert_max_num_queries
):
    from mentoring.reminders import report_items

    cohort = make_cohort(size, reports=14)
    for n, resident in enumerate(cohort.residents):
        reported(resident, days_ago=(12, 15, 9)[n % 3])
    with django_assert_max_num_queries(4):
        items = report_items(cohort.program, cohort.today)
    # A third due, a third overdue, and every report (none reviewed) waiting over a week.
    assert len(items) == size // 3 * 2 + size
