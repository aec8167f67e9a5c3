"""The coach or a director signs the SBP rotation off once its targets are met (earlier only
with a written reason); the sign-off is the fact other features rely on."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import CoachAssignment
from pathway.curriculum.services.sbp import SBPError, sbp_rotation_reopen, sbp_rotation_sign_off
from pathway.models import SBPRequirement
from tests import factories as f
from tests.pathway import curriculum_setup as cs


@pytest.fixture
def rotation(world):
    requirement = cs.requirement(world, name="Flow tour", target=2)
    rotation = f.SBPRotationFactory(resident=world.resident.resident_profile)
    f.SBPActivityFactory(rotation=rotation, requirement=requirement)
    return rotation


def _complete(rotation, world):
    f.SBPActivityFactory(
        rotation=rotation, requirement=SBPRequirement.objects.get(name="Flow tour")
    )


def _fact(world):
    profile = world.resident.resident_profile
    profile.refresh_from_db()
    return profile.sbp_signed_off_on


def _sign_off(as_user, user, rotation, note="", follow=True):
    return as_user(user).post(
        reverse("pathway:sbp_sign_off", args=[rotation.pk]), {"note": note}, follow=follow
    )


def test_coach_signs_off_a_complete_rotation_and_the_fact_is_recorded(world, as_user, rotation):
    _complete(rotation, world)
    response = _sign_off(as_user, world.coach, rotation)
    assert "Signed off the SBP rotation of Rosa Resident." in response.content.decode()
    rotation.refresh_from_db()
    assert rotation.signed_off_on == timezone.localdate() and rotation.signed_off_by == world.coach
    assert _fact(world) == timezone.localdate()


def test_signing_off_early_needs_a_written_reason(world, as_user, rotation):
    response = _sign_off(as_user, world.coach, rotation)
    assert response.status_code == 200
    assert "Not every target is met yet (1 of 2). To sign off early, write the reason." in (
        response.content.decode()
    )
    assert _fact(world) is None
    _sign_off(as_user, world.coach, rotation, "Rotation cut short by parental leave.")
    rotation.refresh_from_db()
    assert rotation.sign_off_note == "Rotation cut short by parental leave."
    assert _fact(world) == timezone.localdate()


def test_a_director_may_sign_off(world, as_user, rotation):
    _complete(rotation, world)
    _sign_off(as_user, world.director, rotation)
    assert _fact(world) is not None


def test_coordinators_residents_and_former_coaches_may_not(world, as_user, rotation):
    _complete(rotation, world)
    for user in (world.coordinator, world.resident, world.sponsor):
        assert _sign_off(as_user, user, rotation, follow=False).status_code == 403
    CoachAssignment.objects.update(ended_on=cs.yesterday())
    assert _sign_off(as_user, world.coach, rotation, follow=False).status_code == 404
    assert _sign_off(as_user, world.other_director, rotation, follow=False).status_code == 404
    assert _fact(world) is None


def test_signing_off_twice_changes_nothing(world, as_user, rotation):
    _complete(rotation, world)
    _sign_off(as_user, world.coach, rotation)
    response = _sign_off(as_user, world.director, rotation)
    assert "already signed off" in response.content.decode()
    rotation.refresh_from_db()
    assert rotation.signed_off_by == world.coach
    with pytest.raises(SBPError, match="already signed off"):
        sbp_rotation_sign_off(rotation=rotation, actor=world.director)


def test_a_director_reopens_a_rotation_and_the_fact_is_cleared(world, as_user, rotation):
    _complete(rotation, world)
    sbp_rotation_sign_off(rotation=rotation, actor=world.coach)
    assert (
        as_user(world.coach).post(reverse("pathway:sbp_reopen", args=[rotation.pk])).status_code
        == 403
    )
    response = as_user(world.director).post(
        reverse("pathway:sbp_reopen", args=[rotation.pk]), follow=True
    )
    assert "open again" in response.content.decode()
    rotation.refresh_from_db()
    assert rotation.signed_off_on is None and rotation.signed_off_by is None
    assert _fact(world) is None
    with pytest.raises(SBPError):
        sbp_rotation_reopen(rotation=rotation, actor=world.director)


def test_sign_off_and_reopen_need_a_post(world, as_user, rotation):
    assert (
        as_user(world.coach).get(reverse("pathway:sbp_sign_off", args=[rotation.pk])).status_code
        == 405
    )
    assert (
        as_user(world.director).get(reverse("pathway:sbp_reopen", args=[rotation.pk])).status_code
        == 405
    )


def test_the_rotation_page_offers_sign_off_to_those_who_may(world, as_user, rotation):
    url = reverse("pathway:sbp_rotation_detail", args=[rotation.pk])
    assert "Sign off the rotation" in as_user(world.coach).get(url).content.decode()
    assert "Sign off the rotation" not in as_user(world.coordinator).get(url).content.decode()
    assert "Sign off the rotation" not in as_user(world.resident).get(url).content.decode()
