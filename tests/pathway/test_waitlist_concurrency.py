"""Seats under contention (PostgreSQL, where row locks are real): two residents asking for the
last seat at the same moment cannot both get it, and a freed seat goes to one resident only."""

import threading

import pytest
from django.db import connection

from pathway.curriculum.services.courses import enrollment_request, enrollment_withdraw
from pathway.models import Enrollment, EnrollmentStatus
from tests import factories as f
from tests.pathway import curriculum_setup as cs

pytestmark = pytest.mark.services


def _race(*calls):
    """Run the calls at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
        except Exception as error:  # surfaced below, with the thread's traceback lost
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors


def test_two_residents_racing_for_the_last_seat_get_one_seat_and_one_waitlist_place(
    postgres_url, transactional_db, world
):
    for _ in range(5):
        offering = cs.offering(world, capacity=1)
        racers = [f.ResidentFactory(program=world.program) for _ in range(2)]
        _race(
            *[
                lambda r=r: enrollment_request(offering=offering, resident=r, actor=r.user)
                for r in racers
            ]
        )
        statuses = sorted(
            Enrollment.objects.filter(offering=offering).values_list("status", flat=True)
        )
        assert statuses == [EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED]


def test_two_seats_freed_at_once_go_to_two_different_waitlisted_residents(
    postgres_url, transactional_db, world
):
    offering = cs.offering(world, capacity=2)
    seats = [
        cs.enrollment(
            world, resident=f.ResidentFactory(program=world.program).user, offering=offering
        )
        for _ in range(2)
    ]
    waiting = [
        cs.enrollment(
            world,
            resident=f.ResidentFactory(program=world.program).user,
            offering=offering,
            status=EnrollmentStatus.WAITLISTED,
        )
        for _ in range(3)
    ]
    _race(*[lambda s=s: enrollment_withdraw(enrollment=s, actor=s.resident.user) for s in seats])
    statuses = [Enrollment.objects.get(pk=e.pk).status for e in waiting]
    assert statuses == [
        EnrollmentStatus.ENROLLED,
        EnrollmentStatus.ENROLLED,
        EnrollmentStatus.WAITLISTED,
    ]
    assert offering.enrollments.enrolled().count() == 2
