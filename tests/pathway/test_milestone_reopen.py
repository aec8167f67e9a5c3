"""Directors undo a waiver or a completion they recorded; an event's completion stays."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db


def url(milestone):
    return reverse("pathway:milestone_reopen", args=[milestone.pk])


def test_undoing_a_waiver(world, as_user):
    milestone = f.MilestoneFactory(
        resident=world.resident.resident_profile,
        waived_on=timezone.localdate(),
        waived_reason="Mistake",
        waived_by=world.director,
    )
    response = as_user(world.director).post(url(milestone))

    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.waived_on, milestone.waived_reason, milestone.waived_by) == (None, "", None)


def test_undoing_a_recorded_completion(world, as_user):
    milestone = f.MilestoneFactory(
        resident=world.resident.resident_profile,
        completed_on=timezone.localdate(),
        completed_evidence="Typed in",
        completed_by=world.director,
    )
    as_user(world.director).post(url(milestone))
    milestone.refresh_from_db()
    assert milestone.completed_on is None


def test_an_events_completion_cannot_be_undone(world, as_user):
    milestone = f.MilestoneFactory(
        resident=world.resident.resident_profile,
        completed_on=timezone.localdate(),
        completed_evidence="Completed VMPS for Leaders",
    )
    response = as_user(world.director).post(url(milestone), follow=True)

    assert "Only a waiver or a completion recorded by hand can be undone" in (
        response.content.decode()
    )
    milestone.refresh_from_db()
    assert milestone.completed_on is not None


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor", "coordinator"])
def test_only_directors_may_reopen(persona, world, as_user):
    milestone = f.MilestoneFactory(
        resident=world.resident.resident_profile, waived_on=timezone.localdate()
    )
    assert as_user(getattr(world, persona)).post(url(milestone)).status_code == 403


def test_another_programs_director_gets_a_404(world, as_user):
    milestone = f.MilestoneFactory(resident=world.resident.resident_profile)
    assert as_user(world.other_director).post(url(milestone)).status_code == 404


def test_reopening_needs_a_post(world, as_user):
    milestone = f.MilestoneFactory(resident=world.resident.resident_profile)
    assert as_user(world.director).get(url(milestone)).status_code == 405
