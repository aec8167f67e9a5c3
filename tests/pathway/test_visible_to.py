"""Who sees whom: `.visible_to(user)` on User, ResidentProfile and CoachAssignment."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from mentoring.models import CoachAssignment
from pathway.models import ResidentProfile, User
from tests import factories as f

pytestmark = pytest.mark.django_db


def users(viewer):
    return set(User.objects.visible_to(viewer))


def residents(viewer):
    return {p.user for p in ResidentProfile.objects.visible_to(viewer)}


def assignments(viewer):
    return set(CoachAssignment.objects.visible_to(viewer))


def end_assignment(world):
    assignment = CoachAssignment.objects.get(resident__user=world.resident)
    assignment.ended_on = timezone.localdate() - timedelta(days=1)
    assignment.save()
    return assignment


@pytest.fixture
def theirs(world):
    """A resident, coach and assignment in the other program."""
    resident = f.ResidentFactory(program=world.other_program, pgy=2).user
    coach = f.CoachFactory(user__program=world.other_program).user
    f.CoachAssignmentFactory(resident=resident.resident_profile, coach=coach)
    return resident


def program_members(program):
    return set(User.objects.filter(program=program))


# --- Residents -------------------------------------------------------------------------------


def test_resident_sees_only_their_own_user(world, theirs):
    assert users(world.resident) == {world.resident}


def test_resident_sees_only_their_own_resident_record(world, theirs):
    assert residents(world.resident) == {world.resident}


def test_resident_sees_only_their_own_coach_assignment(world, theirs):
    f.CoachAssignmentFactory(resident=world.other_resident.resident_profile, coach=world.coach)
    assert {a.resident.user for a in assignments(world.resident)} == {world.resident}


# --- KPO coaches -----------------------------------------------------------------------------


def test_coach_sees_themselves_and_their_current_coachee_among_users(world, theirs):
    assert users(world.coach) == {world.coach, world.resident}


def test_coach_sees_the_resident_record_of_their_current_coachee(world, theirs):
    assert residents(world.coach) == {world.resident}


def test_coach_sees_their_current_assignment(world, theirs):
    assert {a.resident.user for a in assignments(world.coach)} == {world.resident}


def test_coach_cannot_see_an_unassigned_resident(world):
    assert world.other_resident not in users(world.coach)
    assert world.other_resident not in residents(world.coach)


def test_coach_cannot_see_a_resident_after_the_assignment_ended(world):
    ended = end_assignment(world)
    assert world.resident not in users(world.coach)
    assert world.resident not in residents(world.coach)
    assert ended not in assignments(world.coach)


def test_coach_sees_only_the_new_coachs_resident_after_a_handover(world):
    end_assignment(world)
    new_coach = f.CoachFactory(user__program=world.program).user
    f.CoachAssignmentFactory(resident=world.resident.resident_profile, coach=new_coach)
    assert residents(new_coach) == {world.resident}
    assert residents(world.coach) == set()


def test_resident_still_sees_their_coaching_history_after_a_handover(world):
    ended = end_assignment(world)
    assert ended in assignments(world.resident)


def test_coach_sees_each_resident_once_despite_several_past_assignments(world):
    profile = world.other_resident.resident_profile
    today = timezone.localdate()
    f.CoachAssignmentFactory(
        resident=profile,
        coach=world.coach,
        started_on=today - timedelta(days=90),
        ended_on=today - timedelta(days=30),
    )
    f.CoachAssignmentFactory(resident=profile, coach=world.coach, started_on=today)
    assert list(ResidentProfile.objects.visible_to(world.coach)).count(profile) == 1
    assert list(User.objects.visible_to(world.coach)).count(world.other_resident) == 1


# --- Sponsors --------------------------------------------------------------------------------


def test_sponsor_sees_no_residents_yet(world, theirs):
    assert residents(world.sponsor) == set()
    assert users(world.sponsor) == {world.sponsor}
    assert assignments(world.sponsor) == set()


# --- Program staff ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["director", "coordinator"])
def test_program_staff_see_everyone_in_their_program_only(world, theirs, role):
    viewer = getattr(world, role)
    assert users(viewer) == program_members(world.program)
    assert residents(viewer) == {world.resident, world.other_resident}
    assert {a.resident.user for a in assignments(viewer)} == {world.resident}


@pytest.mark.parametrize("role", ["other_director", "other_coordinator"])
def test_the_other_programs_staff_see_none_of_our_people(world, theirs, role):
    viewer = getattr(world, role)
    ours = program_members(world.program)
    assert not users(viewer) & ours
    assert not residents(viewer) & ours
    assert residents(viewer) == {theirs}
    assert {a.resident.user for a in assignments(viewer)} == {theirs}


def test_a_coach_in_another_program_cannot_see_our_residents_even_if_assigned(world):
    outsider = f.CoachFactory(user__program=world.other_program).user
    f.CoachAssignmentFactory(resident=world.other_resident.resident_profile, coach=outsider)
    assert residents(outsider) == set()
    assert users(outsider) == {outsider}
    assert assignments(outsider) == set()


def test_staff_without_a_program_see_only_themselves(world):
    stray = f.DirectorFactory(user__program=None).user
    assert users(stray) == {stray}
    assert residents(stray) == set()


# --- Site administrators and anonymous -------------------------------------------------------


def test_superuser_sees_everyone_in_every_program(world, theirs):
    assert users(world.superuser) == set(User.objects.all())
    assert residents(world.superuser) == {world.resident, world.other_resident, theirs}
    assert assignments(world.superuser) == set(CoachAssignment.objects.all())


def test_anonymous_sees_nobody(world, theirs):
    anonymous = AnonymousUser()
    assert users(anonymous) == set()
    assert residents(anonymous) == set()
    assert assignments(anonymous) == set()
