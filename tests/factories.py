"""Model factories. Each app's factories live here so every test builds data the same way."""

from datetime import date

import factory
from django.utils import timezone

from mentoring.models import CoachAssignment
from pathway.core.academic import academic_year_start
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
from decimal import Decimal  # noqa: E402

from mentoring.models import (  # noqa: E402
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
from mentoring.models import ReviewDecision as ReportDecision  # noqa: E402
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


# --- Capstone ---------------------------------------------------------------------------------

from capstone import models as cm  # noqa: E402

TINY_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TINY_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x9a\xa0"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def working_days_around(days_from_today: int) -> tuple[date, date]:
    """Two consecutive working days (Mon–Thu start) near today + days_from_today."""
    first = timezone.localdate() + timedelta(days=days_from_today)
    while first.weekday() > 3:
        first -= timedelta(days=1)
    return first, first + timedelta(days=1)


UNSET = object()


def coach_the_lead(resident, coach):
    """Make `coach` (a User, or None) the resident's current KPO coach."""
    current = resident.coach_assignments.current().first()
    if current is not None and current.coach_id == getattr(coach, "pk", None):
        return
    if current is not None:
        current.ended_on = timezone.localdate()
        current.save(update_fields=["ended_on"])
    if coach is not None:
        CoachAssignmentFactory(resident=resident, coach=coach)
    resident.__dict__.pop("current_coach", None)


class ProjectFactory(factory.django.DjangoModelFactory):
    """A capstone in Selection. `chartered=True` fills a complete charter."""

    class Meta:
        model = cm.Project
        skip_postgeneration_save = True

    class Params:
        chartered = factory.Trait(
            process="Discharge from 5 West",
            department="5 West, hospital medicine",
            problem_statement="Only 14% of patients leave before noon; beds are late for ED.",
            aim_what="Percentage of discharges before noon",
            aim_direction=cm.Direction.UP,
            aim_baseline=Decimal("14"),
            aim_target=Decimal("35"),
            aim_unit="%",
            aim_by=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=300)),
            scope_first_step="Discharge order written",
            scope_last_step="Patient leaves the unit",
        )

    lead = factory.SubFactory(ResidentFactory, pgy=2)
    program = factory.LazyAttribute(lambda o: o.lead.user.program)
    title = factory.Sequence(lambda n: f"Capstone project {n}")
    # A sponsor on a project is one who accepted (only an accepted request sets it); pass
    # sponsor_accepted_on=None for the legacy rows written before that rule.
    sponsor = None
    sponsor_accepted_on = factory.LazyAttribute(
        lambda o: timezone.localdate() - timedelta(days=30) if o.sponsor else None
    )

    @classmethod
    def _create(cls, model_class, *args, coach=UNSET, **kwargs):
        """`coach=` names the lead's KPO coach (their current coach assignment), which is
        the project's coach; coach=None leaves the lead without one."""
        project = super()._create(model_class, *args, **kwargs)
        if coach is not UNSET:
            coach_the_lead(project.lead, coach)
        return project


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.TeamMember

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Outside Person {n}")
    role = "Charge nurse"


class ProcessStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.ProcessStep

    project = factory.SubFactory(ProjectFactory)
    position = factory.Sequence(lambda n: n + 1)
    description = "Discharge order written"
    performed_by = "Resident"
    minutes = Decimal("10")


class WasteObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.WasteObservation

    project = factory.SubFactory(ProjectFactory)
    waste = cm.Waste.WAITING
    where = "Pharmacy window"
    what = "Patients wait for discharge medications"
    observed_on = factory.LazyFunction(timezone.localdate)
    estimated_impact = "45 minutes per discharge"


class TimeObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.TimeObservation

    project = factory.SubFactory(ProjectFactory)
    step = "Medication reconciliation"
    cycle_times = ["12", "15", "9.5", "14"]


class WhyStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.WhyStep

    project = factory.SubFactory(ProjectFactory)
    position = factory.Sequence(lambda n: n + 1)
    why = "are discharges late"
    because = "the discharge summary is written after rounds"


class CauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Cause

    project = factory.SubFactory(ProjectFactory)
    category = cm.FishboneCategory.METHODS
    text = "No standard time for discharge planning"


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Idea

    project = factory.SubFactory(ProjectFactory)
    idea = "Identify tomorrow's discharges at afternoon huddle"
    waste = cm.Waste.WAITING
    decision = cm.Idea.Decision.TEST_NOW


class TestOfChangeFactory(factory.django.DjangoModelFactory):
    __test__ = False

    class Meta:
        model = cm.TestOfChange

    project = factory.SubFactory(ProjectFactory)
    title = "Afternoon discharge huddle, one team"
    plan_what = "Flag likely discharges at 3 pm huddle"
    what_happened = "6 of 8 flagged patients left before noon"
    learned = "Works when the charge nurse runs it"
    act = cm.TestOfChange.Act.ADOPT


class ReportOutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.ReportOut

    project = factory.SubFactory(ProjectFactory)
    summary = "We tested an afternoon huddle and a discharge checklist."
    before = "Discharges clustered after 2 pm."
    after = "Likely discharges are known the day before."
    next_steps = "Spread the huddle to all teams."


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.ActionItem

    project = factory.SubFactory(ProjectFactory)
    what = "Train night nurses on the checklist"
    owner_name = "Nurse educator"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))


class StandardWorkDocFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.StandardWorkDoc

    project = factory.SubFactory(ProjectFactory)
    title = "Afternoon discharge huddle"


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.FollowUp

    project = factory.SubFactory(ProjectFactory)
    day = 30
    due_on = factory.LazyFunction(timezone.localdate)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Measure

    project = factory.SubFactory(ProjectFactory)
    name = "Discharges before noon"
    kind = cm.MeasureKind.OUTCOME
    unit = "%"
    direction = cm.Direction.UP


class DataPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.DataPoint

    measure = factory.SubFactory(MeasureFactory)
    period = factory.Sequence(lambda n: date(2024, 1, 1) + timedelta(days=7 * n))
    value = Decimal("14")
    phase = cm.Phase.BASELINE


class MeasureAnnotationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.MeasureAnnotation

    measure = factory.SubFactory(MeasureFactory)
    on = date(2024, 2, 5)
    text = "New discharge checklist"


def measure_series(measure, values, *, start=date(2024, 1, 1), phase_after=None, days=7):
    """Points one `days` apart; from index `phase_after` on they are post-event."""
    points = []
    for index, value in enumerate(values):
        post = phase_after is not None and index >= phase_after
        points.append(
            cm.DataPoint(
                measure=measure,
                period=start + timedelta(days=days * index),
                value=Decimal(str(value)),
                phase=cm.Phase.POST_EVENT if post else cm.Phase.BASELINE,
            )
        )
    return cm.DataPoint.objects.bulk_create(points)


class PresentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Presentation

    project = factory.SubFactory(ProjectFactory)
    venue = "Medicine grand rounds"
    presented_on = factory.LazyFunction(timezone.localdate)


class AbstractSubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.AbstractSubmission

    project = factory.SubFactory(ProjectFactory)
    title = "Discharge before noon: a resident-led kaizen"
    conference = "SGIM Annual Meeting"


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Publication

    project = factory.SubFactory(ProjectFactory)
    journal = "BMJ Open Quality"
    citation = "Resident A, et al. Discharge before noon. BMJ Open Qual. 2025;14:e002345."
    doi = "10.1136/bmjoq-2025-002345"


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Comment

    project = factory.SubFactory(ProjectFactory)
    author = factory.LazyAttribute(lambda o: o.project.lead.user)
    body = "Looks good."


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Attachment

    project = factory.SubFactory(ProjectFactory)
    section = cm.Section.CURRENT_STATE
    kind = cm.Attachment.Kind.PROCESS_MAP
    title = "Process map"
    file = factory.LazyFunction(lambda: ContentFile(TINY_PDF, name="map.pdf"))
    original_name = "map.pdf"
    file_type = "pdf"
    size = len(TINY_PDF)


# What each stage needs, added to a project so that it may enter that stage.
def _for_current_state(project):
    for name, value in {
        "process": "Discharge from 5 West",
        "department": "5 West",
        "problem_statement": "Discharges are late.",
        "aim_what": "Percentage of discharges before noon",
        "aim_direction": cm.Direction.UP,
        "aim_baseline": Decimal("14"),
        "aim_target": Decimal("35"),
        "aim_unit": "%",
        "aim_by": timezone.localdate() + timedelta(days=300),
        "scope_first_step": "Discharge order",
        "scope_last_step": "Patient leaves",
    }.items():
        if getattr(project, name) in (None, ""):
            setattr(project, name, value)
    if project.coach is None:
        coach_the_lead(project.lead, CoachFactory(user__program=project.program).user)


def _for_event_prep(project):
    project.process_description = project.process_description or "Orders, then meds, then ride."
    ProcessStepFactory(project=project)
    WasteObservationFactory(project=project)
    WhyStepFactory(project=project)
    if project.sponsor_id is None:
        project.sponsor = SponsorFactory(user__program=project.program).user
    if project.sponsor_accepted_on is None:
        project.sponsor_accepted_on = timezone.localdate() - timedelta(days=30)


def _for_event(project):
    if project.event_first_day is None:
        project.event_first_day, project.event_second_day = working_days_around(-40)
    TeamMemberFactory(project=project)
    DataPointFactory(measure=MeasureFactory(project=project), phase=cm.Phase.BASELINE)


def _for_implementation(project):
    TestOfChangeFactory(project=project).ideas.add(IdeaFactory(project=project))
    ReportOutFactory(project=project, posted_at=timezone.now())


def _for_post_event(project):
    ActionItemFactory(project=project)


def _for_results(project):
    measure = project.measures.first() or MeasureFactory(project=project)
    DataPointFactory(measure=measure, phase=cm.Phase.POST_EVENT, value=Decimal("30"))
    FollowUpFactory(project=project, day=30, held_on=timezone.localdate())


def _for_dissemination(project):
    project.results_what_changed = "Discharges before noon rose from 14% to 31%."
    project.results_lessons = "Start with the night before."
    cm.Determination.objects.get_or_create(
        project=project, defaults={"kind": cm.Determination.Kind.QI}
    )


def _for_closed(project):
    PresentationFactory(project=project)
    FollowUpFactory(project=project, day=90, held_on=timezone.localdate(), sustained="yes")


REQUIREMENT_FILLERS = {
    cm.Stage.CURRENT_STATE: _for_current_state,
    cm.Stage.EVENT_PREP: _for_event_prep,
    cm.Stage.EVENT: _for_event,
    cm.Stage.IMPLEMENTATION: _for_implementation,
    cm.Stage.POST_EVENT: _for_post_event,
    cm.Stage.RESULTS: _for_results,
    cm.Stage.DISSEMINATION: _for_dissemination,
    cm.Stage.CLOSED: _for_closed,
}


def project_at(stage, *, ready_for_next=False, **kwargs):
    """A project in `stage` whose record meets every entry requirement up to that stage
    (and of the next stage too, with ready_for_next=True). No stage history is written."""
    project = ProjectFactory(**kwargs)
    flow = cm.FLOW
    # Withdrawn and on-hold projects are made from Selection; their record stays empty.
    last = flow.index(stage) + (1 if ready_for_next else 0) if stage in flow else 0
    for target in flow[1 : last + 1]:
        REQUIREMENT_FILLERS[target](project)
    if stage == cm.Stage.ON_HOLD:
        project.held_from_stage = cm.Stage.SELECTION
        project.stage_reason = "On leave"
    elif stage == cm.Stage.WITHDRAWN:
        project.stage_reason = "No longer needed"
    project.stage = stage
    project.save()
    return project


# --- Milestones, reminders and notifications (issue 7) -----------------------------------------

from pathway.models import MANUAL, DueRule, Milestone, MilestoneTemplate, Notification  # noqa: E402


class MilestoneTemplateFactory(factory.django.DjangoModelFactory):
    """A template due on a fixed date (set due_date) unless another rule is given."""

    class Meta:
        model = MilestoneTemplate

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Milestone {n}")
    due_rule = DueRule.ABSOLUTE
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    completion_event = MANUAL


class MilestoneFactory(factory.django.DjangoModelFactory):
    """A milestone due on `due_on` (its template's rule gives the same date)."""

    class Meta:
        model = Milestone

    resident = factory.SubFactory(ResidentFactory)
    template = factory.SubFactory(
        MilestoneTemplateFactory,
        program=factory.LazyAttribute(lambda o: o.factory_parent.resident.user.program),
        due_date=factory.LazyAttribute(lambda o: o.factory_parent.due_on),
    )
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    rule_due_on = factory.LazyAttribute(lambda o: o.due_on)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    kind = "due_7"
    text = factory.Sequence(lambda n: f"“Milestone {n}” is due in 7 days")
    link = "/milestones/"
    created_at = factory.LazyFunction(timezone.now)
