"""Programs, users and their role profiles, and coach assignments."""

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
