"""`manage.py send_reminders`: the same sweep, for cron where Redis is absent."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from pathway.models import ReminderLog
from tests.pathway.cohort import make_cohort

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_the_command_sends_todays_reminders_once():
    cohort = make_cohort(1)
    cohort.milestone(cohort.residents[0], due_in=7)

    first = run()
    second = run()

    assert "reminders claimed: 1" in first and "reminders claimed: 0" in second
    assert len(mail.outbox) == 1


def test_now_pins_the_date_the_sweep_runs_as():
    cohort = make_cohort(1)
    cohort.milestone(cohort.residents[0], due_in=10)
    day = cohort.today + timedelta(days=3)

    output = run("--now", day.isoformat())

    assert f"as of {day.isoformat()} 07:00" in output
    assert ReminderLog.objects.get().kind == "due_7"


def test_one_program_only():
    mine, theirs = make_cohort(1), make_cohort(1)
    mine.milestone(mine.residents[0], due_in=7)
    theirs.milestone(theirs.residents[0], due_in=7)

    run("--program", mine.program.slug)

    assert [m.to for m in mail.outbox] == [[mine.residents[0].email]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--now", "next tuesday"), "not an ISO date"),
        (("--program", "nowhere"), "No program has the slug"),
    ],
)
def test_bad_arguments_are_explained(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
