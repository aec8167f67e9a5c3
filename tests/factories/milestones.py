"""Milestones, their templates, and notifications."""

from datetime import timedelta

import factory
from django.utils import timezone

from pathway.models import MANUAL, DueRule, Milestone, MilestoneTemplate, Notification
from tests.factories.people import ProgramFactory, ResidentFactory, UserFactory


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
