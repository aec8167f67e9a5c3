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
