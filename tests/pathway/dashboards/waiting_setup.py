"""Fills every role's "Waiting on you" in the test world: `n` of each kind the issue lists, the
oldest waiting `n + base` days. Shared by the content, query-count and browser tests."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from capstone.models import Project, Stage, StageRequest
from mentoring.models import CoachAssignment, SponsorRequestStatus
from mentoring.models import ReviewDecision as ReportDecision
from pathway.models import EnrollmentStatus, PathwayStatus
from pathway.models.courses import ReviewDecision, SubmissionStatus
from tests import factories as f


def ago(days):
    return timezone.now() - timedelta(days=days)


def day_ago(days):
    return timezone.localdate() - timedelta(days=days)


def noon_ago(days):
    """Noon, local time, `days` days ago: whole days waited, whatever the hour the test runs."""
    return timezone.make_aware(datetime.combine(day_ago(days), time(12)))


def _resident(world, name, *, pgy=2, coach=None, joined=60):
    profile = f.ResidentFactory(
        program=world.program,
        pgy=pgy,
        user__full_name=name,
        pathway_status=PathwayStatus.ACTIVE,
        joined_on=day_ago(joined),
    )
    if coach is not None:
        f.CoachAssignmentFactory(resident=profile, coach=coach, started_on=day_ago(joined))
    return profile


def _request(project, *, days, status=StageRequest.Status.OPEN, **needs):
    return StageRequest.objects.create(
        project=project,
        from_stage=project.stage,
        to_stage=Stage.EVENT,
        requested_by=project.lead.user,
        requested_at=ago(days),
        status=status,
        closed_at=None if status == StageRequest.Status.OPEN else ago(days - 1),
        **needs,
    )


def fill_resident(world, n):
    profile = world.resident.resident_profile
    # A project has one lead, and only its latest returned request waits on the resident.
    project = Project.objects.filter(lead=profile).first() or f.project_at(
        Stage.EVENT_PREP, lead=profile, title="Discharge before noon"
    )
    _request(project, days=7, status=StageRequest.Status.RETURNED, needs_coach=True)
    for i in range(n):
        report = f.ProgressReportFactory(
            resident=profile,
            period_from=day_ago(60 + 20 * i),
            period_to=day_ago(50 + 20 * i),
            submitted=True,
            waited=12 + i,
        )
        f.report_was_reviewed(
            report,
            reviewer=world.coach,
            decision=ReportDecision.REVISION_REQUESTED,
            days_ago=10 + i,
        )
        submission = f.HomeworkSubmissionFactory(
            resident=profile,
            status=SubmissionStatus.REVISION_REQUESTED,
            submitted_at=ago(9 + i),
            assignment__course_class__course__program=world.program,
        )
        f.HomeworkReviewFactory(
            submission=submission,
            reviewer=world.coach,
            decision=ReviewDecision.REVISION_REQUESTED,
            reviewed_at=ago(8 + i),
        )
        f.MilestoneFactory(resident=profile, due_on=day_ago(i - 5))


def fill_coach(world, n):
    for i in range(n):
        profile = _resident(world, f"Cody Coachee {i}", coach=world.coach, joined=90)
        f.ProgressReportFactory(resident=profile, submitted=True, waited=6 + i)
        f.HomeworkSubmissionFactory(
            resident=profile,
            submitted_at=ago(5 + i),
            assignment__course_class__course__program=world.program,
        )
        project = f.project_at(Stage.EVENT_PREP, lead=profile, title=f"Fewer falls {i}")
        _request(project, days=4 + i, needs_coach=True)
        # Never met: no contact since the assignment 90 days ago.
        _resident(world, f"Quinn Quiet {i}", coach=world.coach, joined=90 + i)


def fill_sponsor(world, n):
    for i in range(n):
        profile = _resident(world, f"Sasha Sponsored {i}", coach=world.coach)
        f.project_at(Stage.SELECTION, lead=profile, title=f"Faster lab results {i}")
        f.SponsorRequestFactory(resident=profile, sponsor=world.sponsor, requested_at=ago(3 + i))
        accepted = f.project_at(
            Stage.EVENT_PREP,
            lead=_resident(world, f"Tara Team {i}", coach=world.coach),
            sponsor=world.sponsor,
            title=f"Quieter nights {i}",
        )
        _request(accepted, days=2 + i, needs_sponsor=True)


def fill_director(world, n):
    for i in range(n):
        applicant = f.ResidentFactory(
            program=world.program, pgy=1, user__full_name=f"Ana Apply {i}"
        )
        f.ApplicationFactory(resident=applicant, submitted_at=noon_ago(63 + i))
        uncoached = _resident(world, f"Nico Nocoach {i}", pgy=1, joined=40 + i)
        handoffs = f.project_at(Stage.EVENT_PREP, lead=uncoached, title=f"Safer handoffs {i}")
        # The stage's requirements gave the lead a coach; the coach has since left.
        CoachAssignment.objects.filter(resident=uncoached).delete()
        _request(handoffs, days=20 + i, needs_coach=True)
        late = _resident(world, f"Lena Late {i}", pgy=1, coach=world.coach)
        f.MilestoneFactory(resident=late, due_on=day_ago(30 + i))
        f.ProgressReportFactory(resident=late, submitted=True, waited=15 + i)
        f.SBPRotationFactory(
            resident=_resident(world, f"Rory Rotation {i}", pgy=1, coach=world.coach),
            starts_on=day_ago(40 + i),
            ends_on=day_ago(12 + i),
        )


def fill_coordinator(world, n):
    for i in range(n):
        f.SponsorFactory(
            user__program=world.program,
            user__full_name=f"Ivy Invited {i}",
            user__date_joined=ago(20 + i),
        )
        f.UserFactory(program=world.program, full_name=f"Norm Norole {i}", last_login=ago(3))
        proposer = _resident(world, f"Pat Proposer {i}", coach=world.coach)
        f.project_at(Stage.SELECTION, lead=proposer, title=f"Cleaner rooms {i}")
        f.SponsorRequestFactory(
            resident=proposer,
            sponsor=None,
            proposed_name=f"Dr Pro Posed {i}",
            proposed_email=f"proposed{i}@example.org",
            status=SponsorRequestStatus.AWAITING_APPROVAL,
            requested_at=ago(6 + i),
        )
        full = f.OfferingFactory(
            course__program=world.program,
            title=f"Spring cohort {i}",
            starts_on=day_ago(-20),
            ends_on=day_ago(-50),
        )
        f.ClassSessionFactory(offering=full, starts_at=ago(-25))
        f.EnrollmentFactory(
            offering=full, status=EnrollmentStatus.WAITLISTED, requested_at=ago(11 + i)
        )
        f.OfferingFactory(
            course=full.course,
            title=f"Summer cohort {i}",
            starts_on=day_ago(-30),
            ends_on=day_ago(-60),
        )
        taught = f.OfferingFactory(course=full.course, title=f"Winter cohort {i}")
        f.ClassSessionFactory(offering=taught, starts_at=ago(4 + i))
        f.EnrollmentFactory(offering=taught, resident__user__full_name=f"Eli Enrolled {i}")


FILL = {
    "resident": fill_resident,
    "coach": fill_coach,
    "sponsor": fill_sponsor,
    "director": fill_director,
    "coordinator": fill_coordinator,
}
