"""The coordinator enrols a whole class of residents at once."""

from django.urls import reverse

from pathway.models import Enrollment, EnrollmentStatus, PathwayStatus
from tests import factories as f
from tests.pathway import curriculum_setup as cs


def _url(offering, query=""):
    return reverse("pathway:offering_bulk_enroll", args=[offering.pk]) + query


def test_coordinator_enrols_residents_in_order_and_the_rest_join_the_waitlist(world, as_user):
    offering = cs.offering(world, capacity=2)
    residents = [
        f.ResidentFactory(program=world.program, pgy=1, user__full_name=name)
        for name in ("Ann One", "Ben Two", "Cat Three")
    ]
    response = as_user(world.coordinator).post(
        _url(offering), {"residents": [r.pk for r in residents]}, follow=True
    )
    body = response.content.decode()
    assert "Enrolled 2; waitlisted 1 (the offering is full)." in body
    statuses = {
        e.resident.user.full_name: e.status
        for e in Enrollment.objects.filter(offering=offering).select_related("resident__user")
    }
    assert sorted(statuses.values()) == sorted(
        [EnrollmentStatus.ENROLLED, EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED]
    )
    assert all(e.added_by == world.coordinator for e in Enrollment.objects.all())


def test_selecting_a_class_ticks_every_resident_of_that_year(world, as_user):
    offering = cs.offering(world)
    first_years = [f.ResidentFactory(program=world.program, pgy=1) for _ in range(2)]
    second_year = f.ResidentFactory(program=world.program, pgy=2)
    year = first_years[0].entry_year
    response = as_user(world.coordinator).get(_url(offering, f"?class={year}"))
    form = response.context["form"]
    assert set(form.initial["residents"]) == {r.pk for r in first_years} | {
        world.other_resident.resident_profile.pk
    }
    assert second_year.pk not in form.initial["residents"]
    assert f"Class of {year}" in response.content.decode()


def test_residents_already_placed_or_not_in_the_pathway_are_not_offered(world, as_user):
    offering = cs.offering(world)
    cs.enrollment(world, offering=offering)
    applicant = f.ResidentFactory(program=world.program, pathway_status=PathwayStatus.APPLICANT)
    other_program = f.ResidentFactory(program=world.other_program)
    response = as_user(world.coordinator).get(_url(offering))
    offered = set(response.context["form"].fields["residents"].queryset)
    assert world.resident.resident_profile not in offered
    assert applicant not in offered
    assert other_program not in offered
    assert world.other_resident.resident_profile in offered
    assert "(1)" in response.content.decode()


def test_choosing_nobody_is_a_clear_error_and_enrols_nobody(world, as_user):
    offering = cs.offering(world)
    response = as_user(world.coordinator).post(_url(offering), {"residents": []})
    assert response.status_code == 200
    assert "Choose at least one resident." in response.content.decode()
    assert not Enrollment.objects.exists()


def test_a_resident_outside_the_list_is_refused(world, as_user):
    offering = cs.offering(world)
    stranger = f.ResidentFactory(program=world.other_program)
    response = as_user(world.coordinator).post(_url(offering), {"residents": [stranger.pk]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_another_programs_coordinator_cannot_reach_the_offering(world, as_user):
    offering = cs.offering(world)
    response = as_user(world.other_coordinator).get(_url(offering))
    assert response.status_code == 404


def test_bulk_enrolment_page_refuses_other_methods(world, as_user):
    offering = cs.offering(world)
    assert as_user(world.coordinator).put(_url(offering)).status_code == 405


def test_bulk_enrolment_queries_do_not_grow_with_residents(
    world, as_user, django_assert_max_num_queries
):
    offering = cs.offering(world)
    client = as_user(world.coordinator)
    for _ in range(2):
        cs.enrollment(
            world, resident=f.ResidentFactory(program=world.program).user, offering=offering
        )
    with django_assert_max_num_queries(12):
        assert client.get(_url(offering)).status_code == 200
    for _ in range(18):
        cs.enrollment(
            world, resident=f.ResidentFactory(program=world.program).user, offering=offering
        )
        f.ResidentFactory(program=world.program)
    with django_assert_max_num_queries(12):
        assert client.get(_url(offering)).status_code == 200
