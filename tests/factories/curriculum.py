"""Courses, offerings, enrollment, homework, applications, SBP and the leadership log."""

from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from pathway.models import (
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
from tests.factories.people import ProgramFactory, ResidentFactory, UserFactory

# The smallest files whose content passes pathway.core.uploads' type checks.
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
