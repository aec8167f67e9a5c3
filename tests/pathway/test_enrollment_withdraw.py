"""Giving up a seat: the first waitlisted resident gets it and is emailed."""

from django.core import mail
from django.urls import reverse

from pathway.curriculum.services.courses import enrollment_withdraw
from pathway.models import Enrollment, EnrollmentStatus
from tests import factories as f
from tests.pathway import curriculum_setup as cs


def _full_offering_with_waitlist(world, waiting=2):
    offering = cs.offering(world, capacity=1)
    seat = cs.enrollment(world, offering=offering)
    queue = []
    for n in range(waiting):
        resident = f.ResidentFactory(program=world.program, user__full_name=f"Waiting {n + 1}")
        queue.append(
            cs.enrollment(
                world, resident=resident.user, offering=offering, status=EnrollmentStatus.WAITLISTED
            )
        )
    return offering, seat, queue


def test_a_freed_seat_goes_to_the_first_on_the_waitlist_who_is_emailed(
    world, as_user, django_capture_on_commit_callbacks
):
    offering, seat, queue = _full_offering_with_waitlist(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(world.resident).post(
            reverse("pathway:enrollment_withdraw", args=[seat.pk])
        )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.status == EnrollmentStatus.WITHDRAWN and seat.withdrawn_at
    statuses = [Enrollment.objects.get(pk=e.pk).status for e in queue]
    assert statuses == [EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [queue[0].resident.user.email]
    assert "A seat is yours" in message.subject
    assert "You are enrolled" in message.body
    assert message.alternatives[0][0].count("You are enrolled") == 1


def test_the_waitlist_is_first_come_first_served_not_by_id(world):
    offering, seat, queue = _full_offering_with_waitlist(world)
    early, late = queue
    # The later row asked first.
    Enrollment.objects.filter(pk=late.pk).update(requested_at=early.requested_at.replace(year=2000))
    promoted = enrollment_withdraw(enrollment=seat, actor=world.resident)
    assert [e.pk for e in promoted] == [late.pk]


def test_leaving_the_waitlist_frees_no_seat_and_sends_no_mail(
    world, as_user, django_capture_on_commit_callbacks
):
    offering, seat, queue = _full_offering_with_waitlist(world)
    mover = queue[0].resident.user
    with django_capture_on_commit_callbacks(execute=True):
        as_user(mover).post(reverse("pathway:enrollment_withdraw", args=[queue[0].pk]))
    assert Enrollment.objects.get(pk=queue[0].pk).status == EnrollmentStatus.WITHDRAWN
    assert Enrollment.objects.get(pk=queue[1].pk).status == EnrollmentStatus.WAITLISTED
    assert mail.outbox == []


def test_coordinator_withdraws_a_resident_and_is_told_who_got_the_seat(
    world, as_user, django_capture_on_commit_callbacks
):
    offering, seat, queue = _full_offering_with_waitlist(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(world.coordinator).post(
            reverse("pathway:enrollment_withdraw", args=[seat.pk]), follow=True
        )
    assert "The seat went to Waiting 1" in response.content.decode()
    assert len(mail.outbox) == 1


def test_coach_and_director_cannot_withdraw_a_resident(world, as_user):
    offering, seat, queue = _full_offering_with_waitlist(world)
    for user in (world.coach, world.director):
        response = as_user(user).post(reverse("pathway:enrollment_withdraw", args=[seat.pk]))
        assert response.status_code == 403
    assert Enrollment.objects.get(pk=seat.pk).status == EnrollmentStatus.ENROLLED


def test_a_resident_cannot_withdraw_someone_else(world, as_user):
    offering, seat, queue = _full_offering_with_waitlist(world)
    response = as_user(world.other_resident).post(
        reverse("pathway:enrollment_withdraw", args=[seat.pk])
    )
    assert response.status_code == 404
    assert Enrollment.objects.get(pk=seat.pk).status == EnrollmentStatus.ENROLLED


def test_withdrawing_twice_says_so_and_changes_nothing(world, as_user):
    offering, seat, queue = _full_offering_with_waitlist(world, waiting=0)
    client = as_user(world.resident)
    client.post(reverse("pathway:enrollment_withdraw", args=[seat.pk]))
    response = client.post(reverse("pathway:enrollment_withdraw", args=[seat.pk]), follow=True)
    assert "already been given up" in response.content.decode()


def test_withdrawing_needs_a_post(world, as_user):
    offering, seat, queue = _full_offering_with_waitlist(world, waiting=0)
    response = as_user(world.resident).get(reverse("pathway:enrollment_withdraw", args=[seat.pk]))
    assert response.status_code == 405
    assert Enrollment.objects.get(pk=seat.pk).status == EnrollmentStatus.ENROLLED
