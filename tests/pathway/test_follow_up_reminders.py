"""30/60/90-day follow-ups: the KPO coach hears a week ahead; the resident through the
follow-up milestones, whose dates follow the capstone's follow-up dates."""

from datetime import timedelta

import pytest
from django.core import mail

from capstone.models import Stage
from pathway.milestones.services import milestone_templates_seed, milestones_sync
from pathway.models import ReminderKind, ReminderLog
from pathway.reminders.sweep import reminders_sweep
from tests import factories as f
from tests.pathway.cohort import make_cohort, pinned_now

pytestmark = pytest.mark.django_db


def capstone(cohort, resident, **extra):
    return f.ProjectFactory(lead=resident.resident_profile, title="Discharge before noon", **extra)


def test_the_coach_hears_of_a_follow_up_a_week_before_it_is_due():
    cohort = make_cohort(1)
    resident = cohort.residents[0]
    project = capstone(cohort, resident, coach=cohort.coach)
    f.FollowUpFactory(project=project, day=30, due_on=cohort.today + timedelta(days=7))

    reminders_sweep(now=pinned_now(), program=cohort.program)

    [log] = ReminderLog.objects.filter(kind=ReminderKind.FOLLOW_UP_DUE)
    assert log.recipient == cohort.coach
    assert log.text.startswith(f"{resident.display_name} - 30-day follow-up of Discharge")
    assert log.link == f"/capstone/{project.pk}/implementation/"
    assert [m.to for m in mail.outbox] == [[cohort.coach.email]]
    reminders_sweep(now=pinned_now(2), program=cohort.program)
    assert ReminderLog.objects.filter(kind=ReminderKind.FOLLOW_UP_DUE).count() == 1


def test_the_follow_up_notice_goes_to_the_leads_current_coach():
    # The project's coach is always its lead's current coach assignment.
    cohort = make_cohort(1)
    project = capstone(cohort, cohort.residents[0])
    f.FollowUpFactory(project=project, day=60, due_on=cohort.today + timedelta(days=2))

    reminders_sweep(now=pinned_now(), program=cohort.program)

    assert ReminderLog.objects.get().recipient == cohort.coach


@pytest.mark.parametrize(
    ("held", "due_in", "stage"),
    [
        (True, 3, Stage.IMPLEMENTATION),
        (False, 9, Stage.IMPLEMENTATION),
        (False, 3, Stage.WITHDRAWN),
    ],
    ids=["held already", "more than a week away", "withdrawn capstone"],
)
def test_no_notice_when_nothing_is_due(held, due_in, stage):
    cohort = make_cohort(1)
    project = capstone(cohort, cohort.residents[0], coach=cohort.coach, stage=stage)
    due = cohort.today + timedelta(days=due_in)
    f.FollowUpFactory(project=project, day=30, due_on=due, held_on=due if held else None)

    reminders_sweep(now=pinned_now(), program=cohort.program)

    assert not ReminderLog.objects.exists()


def test_the_follow_up_milestone_is_due_on_the_capstones_follow_up_date():
    cohort = make_cohort(1)
    resident = cohort.residents[0]
    milestone_templates_seed(program=cohort.program)
    project = capstone(cohort, resident)
    follow_up = f.FollowUpFactory(project=project, day=30, due_on=cohort.today + timedelta(days=7))
    milestones_sync(program=cohort.program, today=cohort.today)
    milestone = resident.resident_profile.milestones.get(template__key="follow-up-30")
    assert milestone.due_on == follow_up.due_on

    follow_up.held_on = cohort.today
    follow_up.save()
    milestones_sync(program=cohort.program, today=cohort.today)

    milestone.refresh_from_db()
    assert milestone.completed_on == cohort.today
    assert milestone.template.rule_text == "on the 30-day follow-up date"
