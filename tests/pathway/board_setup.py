"""A program's cohort board in a known state, for the board's tests."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from capstone.models import Stage
from tests import factories as f


def today() -> date:
    return timezone.localdate()


def days(n: int) -> date:
    """n days from today (negative: in the past)."""
    return today() + timedelta(days=n)


def moment(n: int) -> datetime:
    """Noon, n days from today, in local time."""
    return timezone.make_aware(datetime.combine(days(n), time(12, 0)))


def templates(program, names=("Apply", "Choose a process", "Hold the event", "Present")):
    return [
        f.MilestoneTemplateFactory(program=program, name=name, position=index * 10)
        for index, name in enumerate(names)
    ]


def resident(
    program,
    *,
    name,
    pgy=2,
    coach=None,
    stage=None,
    sponsor=None,
    sponsor_accepted=True,
    reported_days_ago=3,
    **extra,
):
    """A pathway resident. With `stage`, they lead a capstone in that stage; with
    `reported_days_ago`, their last progress report was submitted then (None: never)."""
    profile = f.ResidentFactory(program=program, pgy=pgy, user__full_name=name, **extra)
    if coach is not None:
        f.CoachAssignmentFactory(resident=profile, coach=coach)
    if stage is not None:
        f.project_at(
            stage,
            lead=profile,
            title=f"{name}'s capstone",
            sponsor=sponsor,
            sponsor_accepted_on=days(-30) if sponsor and sponsor_accepted else None,
        )
        if coach is None:
            # project_at gives a lead past Selection a coach; this resident has none.
            f.coach_the_lead(profile, None)
    if reported_days_ago is not None:
        f.ProgressReportFactory(resident=profile, submitted=True, waited=reported_days_ago)
    return profile


def milestone(profile, template, *, due_in=60, done_days_ago=None, waived_days_ago=None):
    return f.MilestoneFactory(
        resident=profile,
        template=template,
        due_on=days(due_in),
        rule_due_on=days(due_in),
        completed_on=days(-done_days_ago) if done_days_ago is not None else None,
        waived_on=days(-waived_days_ago) if waived_days_ago is not None else None,
        waived_reason="Done elsewhere" if waived_days_ago is not None else "",
    )


def cohort(program, size, *, columns):
    """`size` residents spread over the three classes, each with a coach, a sponsored capstone,
    a recent report and one milestone per column in every status: the query-count tests' data."""
    coach = f.coach_in(program, user__full_name="Kim Coach")
    sponsor = f.SponsorFactory(user__program=program, user__full_name="Pat Sponsor").user
    for number in range(size):
        profile = resident(
            program,
            name=f"Resident {number:02d}",
            pgy=1 + number % 3,
            coach=coach,
            stage=Stage.CURRENT_STATE,
            sponsor=sponsor,
        )
        for index, template in enumerate(columns):
            kind = (number + index) % 4
            milestone(
                profile,
                template,
                due_in=(-20, 5, 90, 40)[kind],
                done_days_ago=3 if kind == 3 else None,
            )
