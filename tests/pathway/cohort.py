"""A program of its own for reminder tests: residents, their coach, directors, a pinned clock."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.utils import timezone

from mentoring.models import CoachingSettings
from pathway.models import NotificationPreference, ProgramReminderSettings
from tests import factories as f


def pinned_now(days=0):
    """07:00 local time today (plus `days`): the sweep's clock in the tests."""
    today = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(today, time(7, 0)))


@dataclass
class Cohort:
    program: object
    director: object
    coach: object
    residents: list = field(default_factory=list)

    @property
    def today(self):
        return timezone.localdate(pinned_now())

    def milestone(self, resident, *, due_in: int, name=None, **extra):
        """A milestone of `resident` due `due_in` days from today (negative: overdue).

        The template's own date is a year away, so the copies the program's other residents
        get are not due; this resident's date is a director's override, which the sweep keeps."""
        due = self.today + timedelta(days=due_in)
        template = f.MilestoneTemplateFactory(
            program=self.program,
            due_date=self.today + timedelta(days=365),
            name=name or f"Milestone {due_in:+d} for {resident.pk}",
            **extra,
        )
        return f.MilestoneFactory(
            resident=resident.resident_profile,
            template=template,
            due_on=due,
            rule_due_on=template.due_date,
            due_override=due,
            due_override_reason="Set by the test",
        )


def make_cohort(residents=2, *, coached=True, directors=1, weekly_digests=False, reports=None):
    """Residents (PGY-2) in a program of their own. Unless asked for, the weekly digests stay
    out of the way (the digest day is not today; the director and coach opted out), and so do
    progress reports (due every 90 days, counted from the coach assignment made today)."""
    program = f.ProgramFactory()
    ProgramReminderSettings.objects.create(
        program=program, digest_weekday=(timezone.localdate().weekday() + 3) % 7
    )
    CoachingSettings.objects.create(program=program, report_cadence_days=reports or 90)
    staff = []
    director = None
    for n in range(directors):
        d = f.DirectorFactory(user__program=program, user__full_name=f"Director {n}").user
        director = director or d
        staff.append(d)
    coach = f.CoachFactory(user__program=program, user__full_name="Kit Coach").user
    staff.append(coach)
    if not weekly_digests:
        for person in staff:
            NotificationPreference.objects.create(user=person, weekly_digest=False)
    cohort = Cohort(program=program, director=director, coach=coach)
    for n in range(residents):
        user = f.ResidentFactory(program=program, pgy=2, user__full_name=f"Resident {n:03d}").user
        if coached:
            f.CoachAssignmentFactory(resident=user.resident_profile, coach=coach)
        cohort.residents.append(user)
    return cohort
