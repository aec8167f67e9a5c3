"""The demo data obeys every rule a person entering it would meet: each object passes its
model's full_clean (field validators and the clean() date rules), and the workflow rules hold
across records: no sponsor before Leading at Virginia Mason, nothing that happened dated in
the future."""

import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from capstone.models import DataPoint, Project

APPS = ("pathway", "capstone", "mentoring")
# Dates of things that have happened, on any model: none may be after today.
HAPPENED = {
    "completed_on",
    "held_on",
    "presented_on",
    "submitted_on",
    "met_on",
    "observed_on",
    "made_up_on",
    "signed_off_on",
    "occurred_on",
    "introduced_on",
    "started_on",
    "ended_on",
    "joined_on",
    "applied_on",
    "withdrawn_on",
    "waived_on",
    "sponsor_accepted_on",
    "adopted_on",
    "published_on",
    "vmps_for_leaders_completed_on",
    "leading_at_vm_completed_on",
    "sbp_signed_off_on",
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        call_command("flush", interactive=False, verbosity=0)


def demo_models():
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            if model._meta.proxy or model.__name__.startswith("Historical"):
                continue
            yield model


@pytest.mark.django_db
def test_every_demo_object_passes_full_clean(demo):
    problems = []
    for model in demo_models():
        for obj in model._default_manager.all():
            try:
                obj.full_clean()
            except ValidationError as error:
                problems.append(f"{model.__name__} {obj.pk} ({obj}): {error.message_dict}")
    assert not problems, "\n".join(problems[:40])


@pytest.mark.django_db
def test_nothing_that_happened_is_dated_in_the_future(demo):
    today = timezone.localdate()
    problems = []
    for model in demo_models():
        names = [f.name for f in model._meta.concrete_fields if f.name in HAPPENED]
        for name in names:
            for pk, day in model._default_manager.filter(**{f"{name}__gt": today}).values_list(
                "pk", name
            ):
                problems.append(f"{model.__name__} {pk}: {name} {day}")
    assert not problems, "\n".join(problems[:40])


@pytest.mark.django_db
def test_no_data_point_is_dated_in_the_future(demo):
    assert not DataPoint.objects.filter(period__gt=timezone.localdate()).exists()


@pytest.mark.django_db
def test_no_sponsor_before_leading_at_virginia_mason(demo):
    problems = []
    for project in Project.objects.filter(sponsor__isnull=False).select_related("lead__user"):
        done = project.lead.leading_at_vm_completed_on
        accepted = project.sponsor_accepted_on
        if done is None or (accepted is not None and accepted < done):
            problems.append(
                f"{project.title}: sponsor accepted {accepted}, "
                f"Leading at Virginia Mason completed {done}"
            )
    assert not problems, "\n".join(problems)
