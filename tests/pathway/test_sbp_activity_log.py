"""The resident logs SBP activities and sees "x of y" per activity and overall."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pathway.models import SBPActivity, SBPRequirement
from tests import factories as f
from tests.pathway import curriculum_setup as cs


@pytest.fixture
def rotation(world):
    """A four-week rotation with the standard kinds of target."""
    cs.requirement(world, name="Flow tour", target=1)
    cs.requirement(world, name="Report-out session", target=1, per_week=True)
    cs.requirement(world, name="Stand-up meeting", target=3)
    cs.requirement(world, name="Retired one", is_active=False)
    return f.SBPRotationFactory(resident=world.resident.resident_profile)


def _requirement(name):
    return SBPRequirement.objects.get(name=name)


def _log(as_user, world, rotation, name, **overrides):
    data = {
        "requirement": _requirement(name).pk,
        "occurred_on": timezone.localdate().isoformat(),
        "what": "Stand-up on 7 East",
        "with_whom": "Nursing team",
        "reflection": "Beds waited for transport: waiting and motion.",
        **overrides,
    }
    return as_user(world.resident).post(
        reverse("pathway:sbp_activity_add", args=[rotation.pk]), data, follow=True
    )


def test_resident_logs_activities_and_sees_progress_per_activity_and_overall(
    world, as_user, rotation
):
    _log(as_user, world, rotation, "Flow tour")
    _log(as_user, world, rotation, "Stand-up meeting")
    response = _log(as_user, world, rotation, "Stand-up meeting")
    assert "Logged: Stand-up meeting." in response.content.decode()
    progress = response.context["progress"]
    by_name = {item.requirement.name: (item.done, item.target) for item in progress.items}
    # Report-outs are one per rotation week: four weeks, four report-outs.
    assert by_name == {
        "Flow tour": (1, 1),
        "Report-out session": (0, 4),
        "Stand-up meeting": (2, 3),
    }
    assert (progress.done, progress.target, progress.requirements_met) == (3, 8, 1)
    body = response.content.decode()
    assert "3 of 8" in body and "2 of 3" in body and "0 of 4" in body
    assert "Retired one" not in body


def test_extra_activities_do_not_inflate_the_overall_count(world, as_user, rotation):
    for _ in range(3):
        response = _log(as_user, world, rotation, "Flow tour")
    assert response.context["progress"].done == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"occurred_on": "2001-01-01"}, "occurred_on", "log activities from those dates"),
        ({"reflection": ""}, "reflection", "This field is required."),
        ({"what": ""}, "what", "This field is required."),
        ({"requirement": "999999"}, "requirement", "Select a valid choice"),
    ],
    ids=["outside-rotation", "no-reflection", "no-what", "unknown-activity"],
)
def test_an_invalid_entry_is_refused_and_nothing_is_logged(
    world, as_user, rotation, overrides, field, message
):
    response = _log(as_user, world, rotation, "Flow tour", **overrides)
    assert message in " ".join(response.context["activity_form"].errors[field])
    assert "Nothing was saved" in response.content.decode()
    assert not SBPActivity.objects.exists()


def test_a_future_activity_is_refused(world, as_user, rotation):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _log(as_user, world, rotation, "Flow tour", occurred_on=tomorrow.isoformat())
    assert "this date is in the future" in response.content.decode()
    assert not SBPActivity.objects.exists()


def test_a_retired_activity_cannot_be_logged(world, as_user, rotation):
    response = _log(as_user, world, rotation, "Retired one")
    assert "Select a valid choice" in response.content.decode()


def test_resident_edits_and_removes_their_own_entries(world, as_user, rotation):
    _log(as_user, world, rotation, "Flow tour")
    activity = SBPActivity.objects.get()
    url = reverse("pathway:sbp_activity_edit", args=[activity.pk])
    client = as_user(world.resident)
    assert client.get(url).status_code == 200
    client.post(
        url,
        {
            "requirement": activity.requirement.pk,
            "occurred_on": activity.occurred_on.isoformat(),
            "what": "Flow tour of the infusion centre",
            "with_whom": "",
            "reflection": "Empty chairs while pharmacy batched.",
        },
    )
    activity.refresh_from_db()
    assert activity.what == "Flow tour of the infusion centre"
    assert client.get(reverse("pathway:sbp_activity_delete", args=[activity.pk])).status_code == 405
    client.post(reverse("pathway:sbp_activity_delete", args=[activity.pk]))
    assert not SBPActivity.objects.exists()


def test_another_residents_log_is_out_of_reach(world, as_user, rotation):
    _log(as_user, world, rotation, "Flow tour")
    activity = SBPActivity.objects.get()
    client = as_user(world.other_resident)
    assert client.get(reverse("pathway:sbp_rotation_detail", args=[rotation.pk])).status_code == 404
    assert client.get(reverse("pathway:sbp_activity_edit", args=[activity.pk])).status_code == 404
    assert (
        client.post(reverse("pathway:sbp_activity_delete", args=[activity.pk])).status_code == 404
    )
    response = client.post(
        reverse("pathway:sbp_activity_add", args=[rotation.pk]),
        {"requirement": _requirement("Flow tour").pk},
    )
    assert response.status_code == 404
    assert SBPActivity.objects.count() == 1


def test_the_coach_reads_the_log_but_does_not_write_in_it(world, as_user, rotation):
    _log(as_user, world, rotation, "Flow tour")
    body = (
        as_user(world.coach)
        .get(reverse("pathway:sbp_rotation_detail", args=[rotation.pk]))
        .content.decode()
    )
    assert "Beds waited for transport" in body and "Log an activity" not in body
    response = as_user(world.coach).post(
        reverse("pathway:sbp_activity_add", args=[rotation.pk]), {}
    )
    assert response.status_code == 403


def test_a_signed_off_log_is_closed(world, as_user, rotation):
    _log(as_user, world, rotation, "Flow tour")
    activity = SBPActivity.objects.get()
    rotation.signed_off_on = timezone.localdate()
    rotation.save()
    response = _log(as_user, world, rotation, "Stand-up meeting")
    assert "the log is closed" in response.content.decode()
    client = as_user(world.resident)
    client.post(reverse("pathway:sbp_activity_delete", args=[activity.pk]))
    assert SBPActivity.objects.count() == 1
    response = client.get(reverse("pathway:sbp_activity_edit", args=[activity.pk]), follow=True)
    assert "the log is closed" in response.content.decode()


def test_my_rotation_link_goes_to_the_log_or_explains_what_is_coming(world, as_user):
    cs.requirement(world, name="Flow tour")
    client = as_user(world.resident)
    response = client.get(reverse("pathway:sbp_mine"))
    assert "has not been scheduled yet" in response.content.decode()
    assert "Flow tour" in response.content.decode()
    rotation = f.SBPRotationFactory(resident=world.resident.resident_profile)
    response = client.get(reverse("pathway:sbp_mine"))
    assert response.status_code == 302 and response.url == rotation.get_absolute_url()
    assert client.post(reverse("pathway:sbp_mine")).status_code == 405


def test_rotation_page_queries_do_not_grow_with_the_log(
    world, as_user, rotation, django_assert_max_num_queries
):
    client = as_user(world.resident)
    url = reverse("pathway:sbp_rotation_detail", args=[rotation.pk])
    requirement = _requirement("Stand-up meeting")
    f.SBPActivityFactory.create_batch(2, rotation=rotation, requirement=requirement)
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200
    f.SBPActivityFactory.create_batch(18, rotation=rotation, requirement=requirement)
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200
