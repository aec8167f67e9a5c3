"""The coordinator schedules each resident's SBP rotation block; staff and coaches list them."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from pathway.models import PathwayStatus, SBPRotation
from tests import factories as f
from tests.pathway import curriculum_setup as cs


def _dates(start, days=27):
    return {"starts_on": start.isoformat(), "ends_on": (start + timedelta(days=days)).isoformat()}


def test_coordinator_schedules_a_rotation(world, as_user):
    start = timezone.localdate()
    response = as_user(world.coordinator).post(
        reverse("pathway:sbp_rotation_add"),
        {"resident": world.resident.resident_profile.pk, **_dates(start)},
    )
    rotation = SBPRotation.objects.get()
    assert response.status_code == 302 and response.url == rotation.get_absolute_url()
    assert rotation.resident == world.resident.resident_profile
    assert rotation.scheduled_by == world.coordinator and rotation.weeks == 4


def test_only_active_residents_without_a_rotation_are_offered(world, as_user):
    cs.rotation(world)
    applicant = f.ResidentFactory(program=world.program, pathway_status=PathwayStatus.APPLICANT)
    elsewhere = f.ResidentFactory(program=world.other_program)
    form = as_user(world.coordinator).get(reverse("pathway:sbp_rotation_add")).context["form"]
    offered = set(form.fields["resident"].queryset)
    assert offered == {world.other_resident.resident_profile}
    assert applicant not in offered and elsewhere not in offered


def test_a_rotation_cannot_end_before_it_starts(world, as_user):
    start = timezone.localdate()
    response = as_user(world.coordinator).post(
        reverse("pathway:sbp_rotation_add"),
        {"resident": world.resident.resident_profile.pk, **_dates(start, days=-1)},
    )
    assert "cannot end before it starts" in response.content.decode()
    assert not SBPRotation.objects.exists()


def test_coordinator_changes_the_dates(world, as_user):
    rotation = cs.rotation(world)
    start = rotation.starts_on + timedelta(days=7)
    response = as_user(world.coordinator).post(
        reverse("pathway:sbp_rotation_edit", args=[rotation.pk]), _dates(start, days=34)
    )
    assert response.status_code == 302
    rotation.refresh_from_db()
    assert rotation.starts_on == start and rotation.weeks == 5


def test_site_administrator_first_chooses_a_program(world, as_user):
    client = as_user(world.superuser)
    assert "Choose a program" in client.get(reverse("pathway:sbp_rotation_add")).content.decode()
    url = reverse("pathway:sbp_rotation_add") + f"?program={world.program.pk}"
    assert "resident" in client.get(url).context["form"].fields


def test_scheduling_is_for_coordinators(world, as_user):
    rotation = cs.rotation(world)
    for user in (world.director, world.coach, world.resident):
        assert as_user(user).get(reverse("pathway:sbp_rotation_add")).status_code == 403
        assert (
            as_user(user).get(reverse("pathway:sbp_rotation_edit", args=[rotation.pk])).status_code
            == 403
        )
    assert (
        as_user(world.other_coordinator)
        .get(reverse("pathway:sbp_rotation_edit", args=[rotation.pk]))
        .status_code
        == 404
    )
    assert as_user(world.coordinator).put(reverse("pathway:sbp_rotation_add")).status_code == 405


def test_the_coach_lists_only_their_coachees_rotations(world, as_user):
    mine = cs.rotation(world)
    f.SBPRotationFactory(resident=world.other_resident.resident_profile)
    rows = as_user(world.coach).get(reverse("pathway:sbp_rotation_list")).context["rows"]
    assert [rotation for rotation, _ in rows] == [mine]
    rows = as_user(world.director).get(reverse("pathway:sbp_rotation_list")).context["rows"]
    assert len(rows) == 2
    assert as_user(world.director).post(reverse("pathway:sbp_rotation_list")).status_code == 405


def test_rotation_list_queries_do_not_grow(world, as_user, django_assert_max_num_queries):
    client = as_user(world.coordinator)
    requirement = cs.requirement(world, target=2)

    def fill(n):
        for _ in range(n):
            rotation = f.SBPRotationFactory(resident=f.ResidentFactory(program=world.program))
            f.SBPActivityFactory.create_batch(2, rotation=rotation, requirement=requirement)

    fill(2)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("pathway:sbp_rotation_list")).status_code == 200
    fill(18)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("pathway:sbp_rotation_list"))
    assert "2 of 2" in response.content.decode()
