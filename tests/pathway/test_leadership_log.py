"""The resident's log of meetings with leaders."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pathway.models import LeaderGroup, LeadershipMeeting
from tests import factories as f
from tests.pathway import curriculum_setup as cs


def _data(**overrides):
    return {
        "met_on": timezone.localdate().isoformat(),
        "person": "Eleanor Price",
        "role": "Chief Medical Officer",
        "group": LeaderGroup.PHYSICIAN,
        "notes": "How the organization chooses its improvement priorities.",
        **overrides,
    }


def test_resident_logs_a_meeting(world, as_user):
    response = as_user(world.resident).post(reverse("pathway:leadership_log"), _data(), follow=True)
    assert "Logged your meeting with Eleanor Price." in response.content.decode()
    meeting = LeadershipMeeting.objects.get()
    assert meeting.resident == world.resident.resident_profile
    assert "Chief Medical Officer" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"person": ""}, "This field is required."),
        ({"met_on": (timezone.localdate() + timedelta(days=3)).isoformat()}, "in the future"),
        ({"group": "celebrity"}, "Select a valid choice"),
    ],
    ids=["nobody", "future", "bad-group"],
)
def test_an_invalid_meeting_is_refused(world, as_user, overrides, message):
    response = as_user(world.resident).post(reverse("pathway:leadership_log"), _data(**overrides))
    assert message in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert not LeadershipMeeting.objects.exists()


def test_resident_edits_and_removes_a_meeting(world, as_user):
    meeting = cs.meeting(world)
    client = as_user(world.resident)
    url = reverse("pathway:leadership_edit", args=[meeting.pk])
    assert client.get(url).status_code == 200
    client.post(url, _data(person="Marcus Bell", group=LeaderGroup.NON_PHYSICIAN))
    meeting.refresh_from_db()
    assert meeting.person == "Marcus Bell" and meeting.group == LeaderGroup.NON_PHYSICIAN
    response = client.post(url, _data(person=""))
    assert "This field is required." in response.content.decode()
    assert client.get(reverse("pathway:leadership_delete", args=[meeting.pk])).status_code == 405
    client.post(reverse("pathway:leadership_delete", args=[meeting.pk]))
    assert not LeadershipMeeting.objects.exists()


def test_another_residents_meetings_are_out_of_reach(world, as_user):
    meeting = cs.meeting(world)
    client = as_user(world.other_resident)
    assert meeting.person not in client.get(reverse("pathway:leadership_log")).content.decode()
    assert client.get(reverse("pathway:leadership_edit", args=[meeting.pk])).status_code == 404
    assert client.post(reverse("pathway:leadership_delete", args=[meeting.pk])).status_code == 404
    assert LeadershipMeeting.objects.exists()


def test_the_coach_reads_the_log_on_the_residents_curriculum_page_but_cannot_edit(world, as_user):
    meeting = cs.meeting(world)
    body = (
        as_user(world.coach)
        .get(reverse("pathway:resident_curriculum", args=[world.resident.pk]))
        .content.decode()
    )
    assert meeting.person in body
    assert (
        as_user(world.coach).get(reverse("pathway:leadership_edit", args=[meeting.pk])).status_code
        == 403
    )


def test_the_log_is_for_residents(world, as_user):
    assert as_user(world.director).get(reverse("pathway:leadership_log")).status_code == 403
    assert as_user(world.resident).put(reverse("pathway:leadership_log")).status_code == 405


def test_log_queries_do_not_grow(world, as_user, django_assert_max_num_queries):
    client = as_user(world.resident)
    f.LeadershipMeetingFactory.create_batch(2, resident=world.resident.resident_profile)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("pathway:leadership_log")).status_code == 200
    f.LeadershipMeetingFactory.create_batch(18, resident=world.resident.resident_profile)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("pathway:leadership_log"))
    assert "20 meetings" in response.content.decode()
