"""Model factories. Each app's factories live here so every test builds data the same way."""

from datetime import date

import factory
from django.utils import timezone

from mentoring.models import CoachAssignment
from pathway.academic import academic_year_start
from pathway.models import (
    CoachProfile,
    CoordinatorProfile,
    DirectorProfile,
    PathwayStatus,
    Program,
    ResidentProfile,
    SponsorProfile,
    Track,
    User,
)

PASSWORD = "correct-horse-battery-staple"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Internal Medicine Program {n}")
    short_name = factory.Sequence(lambda n: f"IM {n}")
    slug = factory.Sequence(lambda n: f"im-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    program = factory.SubFactory(ProgramFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


def residency_start_for(pgy: int, on: date | None = None) -> date:
    on = on or timezone.localdate()
    return date(academic_year_start(on) - pgy + 1, 7, 1)


class ResidentFactory(factory.django.DjangoModelFactory):
    """A ResidentProfile (with its user). `pgy` sets the residency start to match today."""

    class Meta:
        model = ResidentProfile
        skip_postgeneration_save = True

    class Params:
        pgy = 1
        program = None

    user = factory.SubFactory(
        UserFactory,
        program=factory.LazyAttribute(lambda o: o.factory_parent.program or ProgramFactory()),
    )
    track = Track.CATEGORICAL
    residency_start = factory.LazyAttribute(lambda o: residency_start_for(o.pgy))
    expected_graduation = factory.LazyAttribute(lambda o: date(o.residency_start.year + 3, 6, 30))
    pathway_status = PathwayStatus.ACTIVE


class CoachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachProfile

    user = factory.SubFactory(UserFactory)
    specialty = "Flow"
    caseload_capacity = 6


class SponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SponsorProfile

    user = factory.SubFactory(UserFactory)
    department = "Nursing"


class DirectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectorProfile

    user = factory.SubFactory(UserFactory)


class CoordinatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoordinatorProfile

    user = factory.SubFactory(UserFactory)


class CoachAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachAssignment

    resident = factory.SubFactory(ResidentFactory)
    coach = factory.SubFactory(UserFactory)
    started_on = factory.LazyFunction(timezone.localdate)


# --- Mentoring ---------------------------------------------------------------------------------

from datetime import timedelta  # noqa: E402

from mentoring.models import (  # noqa: E402
    CoachingAction,
    CoachingSession,
    CoachingSettings,
    MentoringMeeting,
    MentorIntroduction,
    PeerMentorship,
    PrivateCoachingNote,
    SessionMode,
)
from pathway.models import InterestArea  # noqa: E402


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


# --- Curriculum ----------------------------------------------------------------------------
# (timedelta is imported by the section above.)

from django.core.files.base import ContentFile  # noqa: E402

from pathway.models import (  # noqa: E402
    Application,
    Attendance,
    AttendanceStatus,
    ClassSession,
    Course,
    CourseClass,
    CourseCompletion,
    CourseKind,
    Delivery,
    Enrollment,
    EnrollmentStatus,
    HomeworkAssignment,
    HomeworkReview,
    HomeworkSubmission,
    LeaderGroup,
    LeadershipMeeting,
    Offering,
    ReviewDecision,
    SBPActivity,
    SBPRequirement,
    SBPRotation,
)

# The smallest files whose content passes pathway.uploads' type checks.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Leadership course {n}")
    kind = CourseKind.OTHER
    summary = "A course."


class CourseClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseClass

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Class {n}")
    position = factory.Sequence(lambda n: n)
    is_required = True


class HomeworkAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HomeworkAssignment

    course_class = factory.SubFactory(CourseClassFactory)
    title = factory.Sequence(lambda n: f"Homework {n}")
    instructions = "Apply the tool where you work."
    is_required = True


class OfferingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offering

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Offering {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=14))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    delivery = Delivery.REMOTE
    meeting_link = "https://meet.example.org/class"
    capacity = 10
    instructor = factory.SubFactory(UserFactory, program=factory.SelfAttribute("..course.program"))


class ClassSessionFactory(factory.django.DjangoModelFactory):
    """A session that took place yesterday, unless told otherwise."""

    class Meta:
        model = ClassSession

    offering = factory.SubFactory(OfferingFactory)
    course_class = factory.SubFactory(
        CourseClassFactory, course=factory.SelfAttribute("..offering.course")
    )
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    offering = factory.SubFactory(OfferingFactory)
    resident = factory.SubFactory(
        ResidentFactory, program=factory.SelfAttribute("..offering.course.program")
    )
    status = EnrollmentStatus.ENROLLED
    enrolled_at = factory.LazyFunction(timezone.now)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(ClassSessionFactory)
    resident = factory.SubFactory(ResidentFactory)
    status = AttendanceStatus.PRESENT


class HomeworkSubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HomeworkSubmission

    assignment = factory.SubFactory(HomeworkAssignmentFactory)
    resident = factory.SubFactory(ResidentFactory)
    offering = factory.SubFactory(
        OfferingFactory, course=factory.SelfAttribute("..assignment.course_class.course")
    )
    text = "What I did on the ward and what I found."

    class Params:
        with_file = factory.Trait(
            file=factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="work.pdf")),
            file_name="work.pdf",
        )


class HomeworkReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HomeworkReview

    submission = factory.SubFactory(HomeworkSubmissionFactory)
    reviewer = factory.SubFactory(UserFactory)
    decision = ReviewDecision.ACCEPTED
    comments = "Well done."


class CourseCompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseCompletion

    resident = factory.SubFactory(ResidentFactory)
    course = factory.SubFactory(CourseFactory)
    completed_on = factory.LazyFunction(timezone.localdate)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    resident = factory.SubFactory(ResidentFactory)
    statement = "I want to learn to lead improvement work with the teams who do the work. " * 3

    class Params:
        with_cv = factory.Trait(
            cv=factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="cv.pdf")),
            cv_name="cv.pdf",
        )


class SBPRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SBPRequirement

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Activity {n}")
    target = 1
    per_week = False
    position = factory.Sequence(lambda n: n)


class SBPRotationFactory(factory.django.DjangoModelFactory):
    """Four weeks that began a week ago."""

    class Meta:
        model = SBPRotation

    resident = factory.SubFactory(ResidentFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=27))


class SBPActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SBPActivity

    rotation = factory.SubFactory(SBPRotationFactory)
    requirement = factory.SubFactory(
        SBPRequirementFactory, program=factory.SelfAttribute("..rotation.resident.user.program")
    )
    occurred_on = factory.LazyAttribute(lambda o: o.rotation.starts_on)
    what = "Stand-up on 7 East"
    with_whom = "Nursing team"
    reflection = "Waiting for beds was the biggest waste."


class LeadershipMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadershipMeeting

    resident = factory.SubFactory(ResidentFactory)
    met_on = factory.LazyFunction(timezone.localdate)
    person = factory.Faker("name")
    role = "Chief Medical Officer"
    group = LeaderGroup.PHYSICIAN
    notes = "How the organization sets its aims."
