"""Curriculum records around the `world` personas, for the access matrix and the tests.

world.coach teaches the offerings made here and coaches world.resident; world.other_resident is
in the same program but neither coached nor taught by anyone."""

from datetime import timedelta

from django.utils import timezone

from pathway.models import AttendanceStatus, ReviewDecision, SubmissionStatus
from tests import factories as f


def course(world, **kwargs):
    return f.CourseFactory(program=world.program, **kwargs)


def course_class(world, **kwargs):
    return f.CourseClassFactory(course=course(world), **kwargs)


def offering(world, **kwargs):
    kwargs.setdefault("course", course(world))
    kwargs.setdefault("instructor", world.coach)
    return f.OfferingFactory(**kwargs)


def session(world, **kwargs):
    kwargs.setdefault("offering", offering(world))
    return f.ClassSessionFactory(**kwargs)


def enrollment(world, resident=None, **kwargs):
    kwargs.setdefault("offering", offering(world))
    profile = (resident or world.resident).resident_profile
    return f.EnrollmentFactory(resident=profile, **kwargs)


def excused_mark(world):
    taught = session(world)
    enrollment(world, offering=taught.offering)
    return f.AttendanceFactory(
        session=taught, resident=world.resident.resident_profile, status=AttendanceStatus.EXCUSED
    )


def assignment(world, **kwargs):
    kwargs.setdefault("course_class", course_class(world))
    return f.HomeworkAssignmentFactory(**kwargs)


def submission(world, resident=None, **kwargs):
    """A submission awaiting review, by world.resident unless told, in an offering world.coach
    teaches and in which the resident holds a seat."""
    homework = kwargs.pop("assignment", None) or assignment(world)
    taught = offering(world, course=homework.course_class.course)
    user = resident or world.resident
    enrollment(world, resident=user, offering=taught)
    return f.HomeworkSubmissionFactory(
        assignment=homework, resident=user.resident_profile, offering=taught, **kwargs
    )


def revision_requested(world, homework, offering, **kwargs):
    """world.resident's submission of `homework` in `offering`, sent back for revision."""
    return f.HomeworkReviewFactory(
        submission=f.HomeworkSubmissionFactory(
            assignment=homework,
            resident=world.resident.resident_profile,
            offering=offering,
            status=SubmissionStatus.REVISION_REQUESTED,
        ),
        decision=ReviewDecision.REVISION_REQUESTED,
        **kwargs,
    )


def completion(world):
    return f.CourseCompletionFactory(resident=world.resident.resident_profile, course=course(world))


def open_application(world, **kwargs):
    """world.other_resident (PGY-1, not coached) applied and waits for a decision."""
    return f.ApplicationFactory(resident=world.other_resident.resident_profile, **kwargs)


def own_application(world, **kwargs):
    return f.ApplicationFactory(resident=world.resident.resident_profile, **kwargs)


def requirement(world, **kwargs):
    return f.SBPRequirementFactory(program=world.program, **kwargs)


def rotation(world, **kwargs):
    requirement(world)
    return f.SBPRotationFactory(resident=world.resident.resident_profile, **kwargs)


def signed_off_rotation(world):
    today = timezone.localdate()
    return rotation(world, signed_off_on=today, signed_off_by=world.coach, sign_off_note="Early.")


def activity(world):
    log = rotation(world)
    return f.SBPActivityFactory(rotation=log, requirement=requirement(world))


def activity_data(world, log):
    return {
        "requirement": requirement(world).pk,
        "occurred_on": timezone.localdate().isoformat(),
        "what": "Flow tour of the infusion centre",
        "with_whom": "Nurse manager",
        "reflection": "Chairs empty while pharmacy batched orders.",
    }


def meeting(world, resident=None):
    return f.LeadershipMeetingFactory(resident=(resident or world.resident).resident_profile)


def yesterday():
    return timezone.localdate() - timedelta(days=1)
