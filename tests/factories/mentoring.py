"""Coaching, peer mentoring, progress reports and sponsor requests."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from capstone import models as cm
from mentoring.models import (
    CoachingAction,
    CoachingSession,
    CoachingSettings,
    MentoringMeeting,
    MentorIntroduction,
    PeerMentorship,
    PrivateCoachingNote,
    ProgressReport,
    ReportReview,
    ReportStatus,
    ReportSubmission,
    SessionMode,
    SponsorRequest,
    SponsorRequestStatus,
)
from mentoring.models import ReviewDecision as ReportDecision
from pathway.models import InterestArea, User
from tests.factories.people import CoachFactory, ProgramFactory, ResidentFactory, SponsorFactory


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def interest(name: str) -> InterestArea:
    return InterestArea.objects.get_or_create(name=name)[0]


def coach_in(program, **kwargs) -> User:
    """A User holding a KPO coach profile in `program`."""
    return CoachFactory(user__program=program, **kwargs).user


class CoachingSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachingSettings
        django_get_or_create = ("program",)

    program = factory.SubFactory(ProgramFactory)


class CoachingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachingSession

    resident = factory.SubFactory(ResidentFactory, pgy=2)
    coach = factory.LazyAttribute(lambda o: coach_in(o.resident.user.program))
    held_on = factory.LazyFunction(lambda: days_ago(7))
    duration_minutes = 45
    mode = SessionMode.IN_PERSON
    vmps_tools = factory.LazyFunction(lambda: ["standard_work", "eight_wastes"])
    notes = "Walked the discharge process; mapped the current state."


class PrivateCoachingNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrivateCoachingNote

    session = factory.SubFactory(CoachingSessionFactory)
    text = "Seems overwhelmed by night float; check in on well-being."


class CoachingActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachingAction

    session = factory.SubFactory(CoachingSessionFactory)
    description = factory.Sequence(lambda n: f"Collect baseline data, batch {n}")
    due_on = factory.LazyFunction(lambda: days_ago(-7))


class MentorFactory(ResidentFactory):
    """A PGY-3 pathway resident eligible to mentor (completed VMPS for Leaders)."""

    class Params:
        pgy = 3

    vmps_for_leaders_completed_on = factory.LazyFunction(lambda: days_ago(600))


class PeerMentorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeerMentorship

    mentor = factory.SubFactory(MentorFactory)
    mentee = factory.SubFactory(
        ResidentFactory, pgy=1, program=factory.SelfAttribute("..mentor.user.program")
    )
    started_on = factory.LazyFunction(lambda: days_ago(30))


class MentoringMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringMeeting

    mentorship = factory.SubFactory(PeerMentorshipFactory)
    met_on = factory.LazyFunction(lambda: days_ago(3))
    topics = "Choosing a capstone process"
    notes = "Talked through three candidate processes."
    logged_by = factory.SelfAttribute("mentorship.mentor.user")


class MentorIntroductionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorIntroduction

    resident = factory.SubFactory(ResidentFactory, pgy=1)
    faculty_name = factory.Faker("name")
    faculty_role = "Chief of Hospital Medicine"
    area = factory.LazyFunction(lambda: interest("patient safety"))
    introduced_on = factory.LazyFunction(lambda: days_ago(20))


class ProgressReportFactory(factory.django.DjangoModelFactory):
    """A draft progress report. `submitted=True` submits it (a submission row included)
    `waited` days ago; `reviewed=...` then adds a review with that decision."""

    class Meta:
        model = ProgressReport

    resident = factory.SubFactory(ResidentFactory, pgy=2)
    period_from = factory.LazyFunction(lambda: days_ago(16))
    period_to = factory.LazyFunction(lambda: days_ago(3))
    work_done = "Timed 20 discharges and mapped the current state with the charge nurses."
    next_steps = "Plan the two-day event with the unit manager."
    barriers = "Night-float weeks leave little time."
    help_from_coach = "Review my value stream map."
    hours_spent = Decimal("6.5")

    @classmethod
    def _create(cls, model_class, *args, submitted=False, waited=2, **kwargs):
        report = super()._create(model_class, *args, **kwargs)
        if submitted:
            report_was_submitted(report, days_ago=waited)
        return report


def fortnight_report(resident, *, ended_days_ago, submitted_days_ago=None):
    """A submitted report of `resident` (a user) on the fortnight that ended `ended_days_ago`
    days ago, submitted `submitted_days_ago` days ago (by default the day it ended)."""
    ended = days_ago(ended_days_ago)
    return ProgressReportFactory(
        resident=resident.resident_profile,
        period_from=ended - timedelta(days=13),
        period_to=ended,
        submitted=True,
        waited=ended_days_ago if submitted_days_ago is None else submitted_days_ago,
    )


def report_was_submitted(report, *, days_ago=2):
    """Record a submission of `report` made `days_ago` days ago, as report_submit would."""
    when = timezone.now() - timedelta(days=days_ago)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = when
    report.first_submitted_at = report.first_submitted_at or when
    if report.project_id:
        report.stage_snapshot = report.project.stage
    report.save()
    return ReportSubmission.objects.create(
        report=report,
        number=report.submissions.count() + 1,
        submitted_at=when,
        content={"work_done": report.work_done},
    )


def report_was_reviewed(report, *, reviewer, decision=ReportDecision.REVIEWED, days_ago=1):
    when = timezone.now() - timedelta(days=days_ago)
    review = ReportReview.objects.create(
        report=report,
        submission=report.submissions.order_by("-number").first(),
        reviewer=reviewer,
        decision=decision,
        feedback="Good progress; add the baseline median next time.",
        reviewed_at=when,
    )
    report.status = (
        ReportStatus.REVIEWED
        if decision == ReportDecision.REVIEWED
        else ReportStatus.REVISION_REQUESTED
    )
    report.reviewed_at = when
    report.save()
    return review


class SponsorRequestFactory(factory.django.DjangoModelFactory):
    """A request waiting for the sponsor's answer about the resident's capstone."""

    class Meta:
        model = SponsorRequest

    resident = factory.SubFactory(ResidentFactory, pgy=2)
    project = factory.LazyAttribute(lambda o: cm.Project.objects.filter(lead=o.resident).first())
    sponsor = factory.LazyAttribute(
        lambda o: SponsorFactory(user__program=o.resident.user.program).user
    )
    status = SponsorRequestStatus.AWAITING_SPONSOR
    requested_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))
    message = "Would you sponsor my capstone on discharge before noon?"


# --- Curriculum ----------------------------------------------------------------------------
# (timedelta is imported by the section above.)
