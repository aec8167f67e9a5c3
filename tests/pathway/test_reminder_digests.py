"""Daily digests for those who chose them; weekly digests for directors and KPO coaches."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pathway.milestones.services import milestones_sync
from pathway.models import (
    NotificationPreference,
    ProgramReminderSettings,
    ReminderKind,
    ReminderLog,
    RoutineDelivery,
    SendStatus,
)
from pathway.reminders.sweep import reminders_sweep
from tests import factories as f
from tests.pathway.cohort import make_cohort, pinned_now

pytestmark = pytest.mark.django_db


def emails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def daily(user):
    NotificationPreference.objects.create(user=user, routine_delivery=RoutineDelivery.DAILY)


def digest_day(cohort, days_from_today=0):
    """Make the program's weekly digest day the weekday `days_from_today` from today."""
    weekday = (cohort.today + timedelta(days=days_from_today)).weekday()
    ProgramReminderSettings.objects.update_or_create(
        program=cohort.program, defaults={"digest_weekday": weekday}
    )


def test_routine_reminders_of_a_daily_digest_user_come_in_one_email():
    cohort = make_cohort(1, weekly_digests=True)
    resident = cohort.residents[0]
    digest_day(cohort, 3)
    daily(resident)
    cohort.milestone(resident, due_in=14, name="Select a sponsor")
    cohort.milestone(resident, due_in=7, name="Complete Leading at Virginia Mason")

    reminders_sweep(now=pinned_now(), program=cohort.program)

    [email] = emails_to(resident)
    assert "Your daily digest: 2 reminders" in email.subject
    assert "Select a sponsor" in email.body and "Leading at Virginia Mason" in email.body
    digest = ReminderLog.objects.get(kind=ReminderKind.DAILY_DIGEST)
    items = ReminderLog.objects.exclude(kind=ReminderKind.DAILY_DIGEST)
    assert {i.digest for i in items} == {digest}
    assert {i.status for i in items} == {digest.status} == {SendStatus.SENT}
    assert resident.notifications.count() == 2


def test_overdue_notices_are_emailed_at_once_even_for_a_daily_digest_user():
    cohort = make_cohort(1, weekly_digests=True)
    resident = cohort.residents[0]
    digest_day(cohort, 3)
    daily(resident)
    cohort.milestone(resident, due_in=-1, name="Select a sponsor")

    reminders_sweep(now=pinned_now(), program=cohort.program)

    [email] = emails_to(resident)
    assert "Select a sponsor" in email.subject
    assert ReminderLog.objects.get(recipient=resident).kind == ReminderKind.OVERDUE
    assert not ReminderLog.objects.filter(kind=ReminderKind.DAILY_DIGEST).exists()


def test_one_daily_digest_a_day_and_later_items_wait_for_the_next():
    cohort = make_cohort(1, weekly_digests=True)
    resident = cohort.residents[0]
    digest_day(cohort, 3)
    daily(resident)
    cohort.milestone(resident, due_in=14)
    reminders_sweep(now=pinned_now(), program=cohort.program)
    cohort.milestone(resident, due_in=7, name="Added later today")
    mail.outbox.clear()

    reminders_sweep(now=pinned_now() + timedelta(hours=3), program=cohort.program)
    assert mail.outbox == []
    waiting = ReminderLog.objects.get(text__contains="Added later today")
    assert waiting.status == SendStatus.DIGEST

    reminders_sweep(now=pinned_now(1), program=cohort.program)
    [email] = emails_to(resident)
    assert "Added later today" in email.body
    waiting.refresh_from_db()
    assert waiting.status == SendStatus.SENT


def test_directors_get_the_weekly_digest_on_the_programs_digest_day():
    cohort = make_cohort(3, weekly_digests=True)
    digest_day(cohort)
    late, stalled, coming = cohort.residents
    for resident in cohort.residents:  # all reporting: only the late milestones stall anyone
        f.ProgressReportFactory(resident=resident.resident_profile, submitted=True, waited=2)
    cohort.milestone(late, due_in=-3, name="Select a sponsor")
    cohort.milestone(stalled, due_in=-40, name="Collect current-state data")
    cohort.milestone(coming, due_in=5, name="Hold the two-day event")

    reminders_sweep(now=pinned_now(), program=cohort.program)

    [digest] = [m for m in emails_to(cohort.director) if "Weekly pathway digest" in m.subject]
    # PGY-2s without a capstone have no sponsor: the board's verdict puts all three at risk.
    assert "2 overdue, 3 at risk" in digest.subject
    body = digest.body
    overdue = body[body.index("Overdue milestones") : body.index("Residents at risk")]
    assert "Select a sponsor" in overdue and "Collect current-state data" in overdue
    at_risk = body[body.index("Residents at risk") : body.index("Coming up")].splitlines()
    [late_line] = [line for line in at_risk if late.display_name in line]
    [stalled_line] = [line for line in at_risk if stalled.display_name in line]
    assert "1 milestone overdue since" in late_line and "(3 days)" in late_line
    assert "1 milestone overdue since" in stalled_line and "(40 days)" in stalled_line
    # The longest overdue first, as on the board's at-risk list.
    assert at_risk.index(stalled_line) < at_risk.index(late_line)
    assert "Hold the two-day event" in body[body.index("Coming up") :]
    assert cohort.program.name in body


def test_no_weekly_digest_on_other_days_and_only_one_on_the_day():
    cohort = make_cohort(1, weekly_digests=True)
    digest_day(cohort, 1)
    cohort.milestone(cohort.residents[0], due_in=-40)

    reminders_sweep(now=pinned_now(), program=cohort.program)
    assert not ReminderLog.objects.filter(kind=ReminderKind.WEEKLY_DIGEST).exists()

    reminders_sweep(now=pinned_now(1), program=cohort.program)
    reminders_sweep(now=pinned_now(1) + timedelta(hours=2), program=cohort.program)
    weekly = ReminderLog.objects.filter(kind=ReminderKind.WEEKLY_DIGEST)
    assert sorted(weekly.values_list("recipient_id", flat=True)) == sorted(
        [cohort.director.pk, cohort.coach.pk]
    )


def test_coaches_get_their_caseload_in_the_weekly_digest():
    cohort = make_cohort(2, weekly_digests=True)
    digest_day(cohort)
    first, second = cohort.residents
    cohort.milestone(first, due_in=-2, name="Select a sponsor")
    cohort.milestone(second, due_in=10, name="Hold the two-day event")

    reminders_sweep(now=pinned_now(), program=cohort.program)

    [digest] = [m for m in emails_to(cohort.coach) if "caseload" in m.subject]
    assert f"{first.display_name} (PGY-2)" in digest.body
    assert "Overdue: Select a sponsor" in digest.body
    assert "Due in the next two weeks: Hold the two-day event" in digest.body
    assert "caseload" in digest.alternatives[0][0]


def test_opting_out_of_the_weekly_digest_does_not_stop_escalations():
    cohort = make_cohort(1, weekly_digests=True)
    digest_day(cohort)
    NotificationPreference.objects.create(user=cohort.director, weekly_digest=False)
    cohort.milestone(cohort.residents[0], due_in=-15)

    reminders_sweep(now=pinned_now(), program=cohort.program)

    kinds = set(
        ReminderLog.objects.filter(recipient=cohort.director).values_list("kind", flat=True)
    )
    assert kinds == {ReminderKind.ESCALATION}


@pytest.mark.parametrize("size", [4, 20])
def test_a_digest_day_sweep_makes_the_same_number_of_queries_for_few_or_many(
    size,
):
    cohort = make_cohort(size, directors=2, weekly_digests=True)
    digest_day(cohort)
    for n, resident in enumerate(cohort.residents):
        if n % 2:
            daily(resident)
        cohort.milestone(resident, due_in=(14, 7, -1, -15, -40)[n % 5])
    milestones_sync(program=cohort.program, today=cohort.today)

    with CaptureQueriesContext(connection) as queries:
        result = reminders_sweep(now=pinned_now(), program=cohort.program)

    # A fixed number for the whole sweep, plus two per email: the sender re-checks its claim
    # before each message and marks it sent right after (exactly once under a crash). The
    # at-risk verdict reads its five tables once per program (it replaced three signals).
    assert len(queries) - 2 * (result.emails_sent + result.emails_failed) <= 63

    assert result.digests >= 3  # two directors and the coach, plus daily digests


def test_a_pathway_resident_without_a_coach_is_listed_as_at_risk():
    cohort = make_cohort(2, coached=False, weekly_digests=True)
    digest_day(cohort)
    uncoached = cohort.residents[0]

    reminders_sweep(now=pinned_now(), program=cohort.program)

    [digest] = [m for m in emails_to(cohort.director) if "Weekly pathway digest" in m.subject]
    [line] = [
        ln for ln in digest.body.splitlines() if ln.startswith(f"- {uncoached.display_name}:")
    ]
    assert "No KPO coach" in line
    assert "2 at risk" in digest.subject


def test_the_directors_digest_lists_coming_two_day_events_and_classes():
    cohort = make_cohort(1, weekly_digests=True)
    digest_day(cohort)
    first = cohort.today + timedelta(days=5)
    f.ProjectFactory(
        lead=cohort.residents[0].resident_profile,
        title="Discharge before noon",
        event_first_day=first,
        event_second_day=first + timedelta(days=1),
    )
    session = f.ClassSessionFactory(
        offering__course__program=cohort.program,
        starts_at=timezone.now() + timedelta(days=2),
    )

    reminders_sweep(now=pinned_now(), program=cohort.program)

    [digest] = [m for m in emails_to(cohort.director) if "Weekly pathway digest" in m.subject]
    events = digest.body[digest.body.index("Two-day events and classes") :]
    assert "Two-day event: Discharge before noon" in events
    assert session.course_class.title in events


def test_the_digests_name_residents_without_reports_and_reports_waiting():
    cohort = make_cohort(2, weekly_digests=True)
    digest_day(cohort)
    silent, waiting = cohort.residents
    f.ProgressReportFactory(resident=waiting.resident_profile, submitted=True, waited=3)

    reminders_sweep(now=pinned_now(), program=cohort.program)

    [director] = [m for m in emails_to(cohort.director) if "Weekly pathway digest" in m.subject]
    [line] = [ln for ln in director.body.splitlines() if ln.startswith(f"- {silent.display_name}:")]
    assert "Stalled: no progress report yet" in line
    [coach] = [m for m in emails_to(cohort.coach) if "caseload" in m.subject]
    assert "Progress report waiting 3 days for your review" in coach.body
    assert "Report waiting 3 days for your review" in coach.alternatives[0][0]
