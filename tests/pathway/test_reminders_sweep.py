"""The reminder sweep as a plain function with a pinned clock: who is told what, and when."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pathway.milestones.services import milestones_sync
from pathway.models import (
    Notification,
    PathwayStatus,
    ProgramReminderSettings,
    ReminderKind,
    ReminderLog,
    SendStatus,
)
from pathway.reminders.sweep import reminders_sweep
from tests import factories as f
from tests.pathway.cohort import make_cohort, pinned_now

pytestmark = pytest.mark.django_db


def emails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def kinds_for(user):
    return sorted(ReminderLog.objects.filter(recipient=user).values_list("kind", flat=True))


def test_resident_is_reminded_14_7_and_1_days_before_the_due_date():
    cohort = make_cohort(1)
    resident = cohort.residents[0]
    cohort.milestone(resident, due_in=14, name="Choose a capstone process")

    for day, expected in ((0, "due in 14 days"), (7, "due in 7 days"), (13, "due tomorrow")):
        mail.outbox.clear()
        reminders_sweep(now=pinned_now(day), program=cohort.program)
        sent = emails_to(resident)
        assert len(sent) == 1, f"day {day}"
        assert "Choose a capstone process" in sent[0].subject
        assert expected in sent[0].body

    assert kinds_for(resident) == [ReminderKind.DUE_1, ReminderKind.DUE_14, ReminderKind.DUE_7]


def test_nothing_is_sent_on_the_days_between_reminders():
    cohort = make_cohort(1)
    cohort.milestone(cohort.residents[0], due_in=14)
    reminders_sweep(now=pinned_now(0), program=cohort.program)
    mail.outbox.clear()

    for day in (1, 3, 6):
        reminders_sweep(now=pinned_now(day), program=cohort.program)

    assert mail.outbox == []


def test_a_missed_sweep_still_sends_the_reminder_later_in_its_window():
    cohort = make_cohort(1)
    resident = cohort.residents[0]
    cohort.milestone(resident, due_in=10)

    reminders_sweep(now=pinned_now(), program=cohort.program)

    assert kinds_for(resident) == [ReminderKind.DUE_14]
    assert "due in 10 days" in emails_to(resident)[0].body


def test_overdue_notice_goes_to_the_resident_and_their_coach_the_day_after_the_due_date():
    cohort = make_cohort(1)
    resident = cohort.residents[0]
    cohort.milestone(resident, due_in=-1, name="Select a sponsor")

    reminders_sweep(now=pinned_now(), program=cohort.program)

    assert kinds_for(resident) == [ReminderKind.OVERDUE]
    assert kinds_for(cohort.coach) == [ReminderKind.OVERDUE]
    coach_email = emails_to(cohort.coach)[0]
    assert resident.display_name in coach_email.body
    assert "Select a sponsor" in coach_email.body
    assert "overdue" in coach_email.body
    assert kinds_for(cohort.director) == []


def test_a_former_coach_is_not_told():
    cohort = make_cohort(1, coached=False)
    resident = cohort.residents[0]
    f.CoachAssignmentFactory(
        resident=resident.resident_profile,
        coach=cohort.coach,
        ended_on=cohort.today - timedelta(days=30),
    )
    cohort.milestone(resident, due_in=-1)

    reminders_sweep(now=pinned_now(), program=cohort.program)

    assert kinds_for(resident) == [ReminderKind.OVERDUE]
    assert kinds_for(cohort.coach) == []


def test_every_director_gets_an_escalation_after_14_days_overdue():
    cohort = make_cohort(1, directors=2)
    resident = cohort.residents[0]
    milestone = cohort.milestone(resident, due_in=-15, name="Collect current-state data")

    reminders_sweep(now=pinned_now(), program=cohort.program)

    escalations = ReminderLog.objects.filter(kind=ReminderKind.ESCALATION, milestone=milestone)
    directors = cohort.program.members.filter(director_profile__isnull=False)
    assert {log.recipient for log in escalations} == set(directors)
    for director in directors:
        body = emails_to(director)[0].body
        assert f"{resident.display_name} - Collect current-state data: 15 days overdue" in body
    assert kinds_for(resident) == []


def test_no_escalation_on_the_14th_day_overdue():
    cohort = make_cohort(1)
    cohort.milestone(cohort.residents[0], due_in=-14)

    reminders_sweep(now=pinned_now(), program=cohort.program)

    assert not ReminderLog.objects.filter(kind=ReminderKind.ESCALATION).exists()


def test_done_and_waived_milestones_are_not_reminded():
    cohort = make_cohort(1)
    resident = cohort.residents[0]
    done = cohort.milestone(resident, due_in=7)
    done.completed_on, done.completed_evidence = cohort.today, "Recorded"
    done.save()
    waived = cohort.milestone(resident, due_in=-1)
    waived.waived_on, waived.waived_reason = cohort.today, "Not needed"
    waived.save()

    reminders_sweep(now=pinned_now(), program=cohort.program)

    assert mail.outbox == []
    assert not ReminderLog.objects.exists()


def test_running_the_sweep_twice_sends_nothing_the_second_time():
    cohort = make_cohort(3, directors=2)
    for resident, due_in in zip(cohort.residents, (14, -1, -15), strict=True):
        cohort.milestone(resident, due_in=due_in)
    first = reminders_sweep(now=pinned_now(), program=cohort.program)
    sent, logs, notices = (
        len(mail.outbox),
        ReminderLog.objects.count(),
        Notification.objects.count(),
    )
    assert first.claimed == logs == 1 + 2 + 2  # due_14; overdue x resident and coach; 2 directors

    second = reminders_sweep(now=pinned_now(), program=cohort.program)
    later_today = reminders_sweep(now=pinned_now() + timedelta(hours=9), program=cohort.program)

    assert second.claimed == later_today.claimed == 0
    assert len(mail.outbox) == sent
    assert ReminderLog.objects.count() == logs
    assert Notification.objects.count() == notices
    assert set(ReminderLog.objects.values_list("status", flat=True)) == {SendStatus.SENT}


def test_each_person_gets_one_email_listing_all_their_reminders():
    cohort = make_cohort(1)
    resident = cohort.residents[0]
    cohort.milestone(resident, due_in=7, name="Complete Leading at Virginia Mason")
    cohort.milestone(resident, due_in=-1, name="Select a sponsor")

    reminders_sweep(now=pinned_now(), program=cohort.program)

    [email] = emails_to(resident)
    assert "2 reminders" in email.subject
    assert email.body.index("Overdue") < email.body.index("Coming up")
    assert "Select a sponsor" in email.body and "Leading at Virginia Mason" in email.body


def test_a_moved_due_date_is_reminded_again():
    cohort = make_cohort(1)
    resident = cohort.residents[0]
    milestone = cohort.milestone(resident, due_in=7)
    reminders_sweep(now=pinned_now(), program=cohort.program)
    milestone.due_override = milestone.due_on = cohort.today + timedelta(days=5)
    milestone.save()
    mail.outbox.clear()

    reminders_sweep(now=pinned_now(), program=cohort.program)

    assert len(emails_to(resident)) == 1
    assert ReminderLog.objects.filter(recipient=resident, kind=ReminderKind.DUE_7).count() == 2


def test_reminders_appear_in_the_notification_centre_with_links():
    cohort = make_cohort(1)
    resident = cohort.residents[0]
    milestone = cohort.milestone(resident, due_in=1, name="Present the results")

    reminders_sweep(now=pinned_now(), program=cohort.program)

    [notice] = Notification.objects.filter(user=resident)
    due = milestone.due_on
    assert notice.text == f"Present the results: due tomorrow, {due.day} {due:%B %Y}"
    assert notice.link == milestone.get_absolute_url()
    assert notice.reminder.kind == ReminderKind.DUE_1
    resident.refresh_from_db()
    assert resident.unread_notifications == 1


def test_the_email_links_into_the_app_and_names_the_program(settings):
    settings.SITE_URL = "https://qi.example.org"
    cohort = make_cohort(1)
    resident = cohort.residents[0]
    milestone = cohort.milestone(resident, due_in=7)

    reminders_sweep(now=pinned_now(), program=cohort.program)

    [email] = emails_to(resident)
    link = f"https://qi.example.org{milestone.get_absolute_url()}"
    html = email.alternatives[0][0]
    assert link in email.body and f'href="{link}"' in html
    assert cohort.program.name in email.body and cohort.program.name in html
    assert cohort.program.display_name in email.subject
    assert "https://qi.example.org/notifications/preferences/" in email.body


@pytest.mark.parametrize(
    "change",
    [
        lambda u: setattr(u, "is_active", False) or u.save(),
        lambda u: (
            u.resident_profile.set_status(PathwayStatus.WITHDRAWN, on=u.date_joined.date())
            or u.resident_profile.save()
        ),
    ],
    ids=["deactivated", "withdrawn"],
)
def test_residents_who_left_are_not_reminded(change):
    cohort = make_cohort(1)
    resident = cohort.residents[0]
    cohort.milestone(resident, due_in=7)
    change(resident)

    reminders_sweep(now=pinned_now(), program=cohort.program)

    assert mail.outbox == []


def test_a_paused_program_sends_nothing():
    cohort = make_cohort(1)
    cohort.milestone(cohort.residents[0], due_in=7)
    ProgramReminderSettings.objects.filter(program=cohort.program).update(enabled=False)

    reminders_sweep(now=pinned_now())

    assert mail.outbox == []


def test_a_sweep_for_one_program_leaves_the_others_alone():
    mine, theirs = make_cohort(1), make_cohort(1)
    mine.milestone(mine.residents[0], due_in=7)
    theirs.milestone(theirs.residents[0], due_in=7)

    reminders_sweep(now=pinned_now(), program=mine.program)

    assert [m.to for m in mail.outbox] == [[mine.residents[0].email]]


@pytest.mark.parametrize("size", [4, 24])
def test_the_sweep_makes_the_same_number_of_queries_for_few_or_many_milestones(
    size,
):
    cohort = make_cohort(size, directors=2)
    for n, resident in enumerate(cohort.residents):
        cohort.milestone(resident, due_in=(14, 7, -1, -15)[n % 4])
    # The steady state: every milestone exists already (generating them is tested on its own).
    milestones_sync(program=cohort.program, today=cohort.today)

    with CaptureQueriesContext(connection) as queries:
        result = reminders_sweep(now=pinned_now(), program=cohort.program)

    # A fixed number for the whole sweep, plus two per email: the sender re-checks its claim
    # before each message and marks it sent right after (exactly once under a crash). The fixed
    # part grew by two: the outbox drain and the record of the completed sweep.
    assert len(queries) - 2 * (result.emails_sent + result.emails_failed) <= 32

    assert result.claimed == size // 4 * (1 + 1 + 2 + 2)
    # Residents with something due or just overdue, the coach, the two directors.
    assert result.emails_sent == size * 3 // 4 + 1 + 2
