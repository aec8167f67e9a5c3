"""A program edits its SBP activity list and targets."""

from django.urls import reverse

from pathway.models import SBPRequirement
from tests import factories as f
from tests.pathway import curriculum_setup as cs


def _formset_data(rows):
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(sum(1 for r in rows if r.get("id"))),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        for key, value in row.items():
            if value is True:
                value = "on"
            if value is False:
                continue
            data[f"form-{n}-{key}"] = value
    return data


def _row(requirement=None, **values):
    row = {
        "id": requirement.pk if requirement else "",
        "name": "",
        "description": "",
        "target": 1,
        "per_week": False,
        "position": 0,
        "is_active": True,
    }
    if requirement:
        row.update(
            name=requirement.name,
            target=requirement.target,
            per_week=requirement.per_week,
            position=requirement.position,
            is_active=requirement.is_active,
        )
    row.update(values)
    return row


def test_coordinator_changes_a_target_and_adds_an_activity(world, as_user):
    standups = cs.requirement(world, name="Stand-up meeting", target=8)
    response = as_user(world.coordinator).post(
        reverse("pathway:sbp_requirements"),
        _formset_data([_row(standups, target=10), _row(name="Gemba walk with a VP", target=1)]),
        follow=True,
    )
    assert "Saved the SBP activities and their targets." in response.content.decode()
    standups.refresh_from_db()
    assert standups.target == 10
    added = SBPRequirement.objects.get(name="Gemba walk with a VP")
    assert added.program == world.program


def test_a_blank_extra_row_adds_nothing(world, as_user):
    standups = cs.requirement(world, name="Stand-up meeting")
    as_user(world.director).post(
        reverse("pathway:sbp_requirements"), _formset_data([_row(standups), _row()])
    )
    assert SBPRequirement.objects.count() == 1


def test_an_activity_is_retired_rather_than_deleted(world, as_user):
    requirement = cs.requirement(world, name="Flow tour")
    as_user(world.coordinator).post(
        reverse("pathway:sbp_requirements"), _formset_data([_row(requirement, is_active=False)])
    )
    requirement.refresh_from_db()
    assert requirement.is_active is False


def test_invalid_targets_and_duplicate_names_are_refused(world, as_user):
    first = cs.requirement(world, name="Flow tour")
    second = cs.requirement(world, name="Stand-up meeting")
    response = as_user(world.coordinator).post(
        reverse("pathway:sbp_requirements"),
        _formset_data([_row(first, target=0), _row(second, name="flow  tour")]),
    )
    body = response.content.decode()
    assert "Nothing was saved" in body
    assert "At least 1." in body
    assert "Two activities have this name" in body
    second.refresh_from_db()
    assert second.name == "Stand-up meeting"


def test_another_programs_activities_are_neither_shown_nor_touched(world, as_user):
    theirs = f.SBPRequirementFactory(program=world.other_program, name="Their activity")
    response = as_user(world.coordinator).get(reverse("pathway:sbp_requirements"))
    assert "Their activity" not in response.content.decode()
    as_user(world.coordinator).post(
        reverse("pathway:sbp_requirements"),
        _formset_data([_row(theirs, target=50)]),
    )
    theirs.refresh_from_db()
    assert theirs.target == 1


def test_the_targets_page_is_for_directors_and_coordinators(world, as_user):
    for user in (world.coach, world.resident, world.sponsor):
        assert as_user(user).get(reverse("pathway:sbp_requirements")).status_code == 403
    assert as_user(world.director).put(reverse("pathway:sbp_requirements")).status_code == 405
    client = as_user(world.superuser)
    assert "Choose a program" in client.get(reverse("pathway:sbp_requirements")).content.decode()
    cs.requirement(world, name="Flow tour")
    page = client.get(reverse("pathway:sbp_requirements") + f"?program={world.program.pk}")
    assert "Flow tour" in page.content.decode()


def test_the_targets_page_queries_do_not_grow(world, as_user, django_assert_max_num_queries):
    client = as_user(world.coordinator)
    f.SBPRequirementFactory.create_batch(2, program=world.program)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("pathway:sbp_requirements")).status_code == 200
    f.SBPRequirementFactory.create_batch(18, program=world.program)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("pathway:sbp_requirements")).status_code == 200
