"""The peer mentor and the mentee both log their meetings."""

import pytest
from django.urls import reverse

from mentoring.models import MentoringMeeting
from tests import factories as f
from tests.mentoring.helpers import text_of


@pytest.fixture
def pairing(world):
    return f.PeerMentorshipFactory(
        mentor=f.MentorFactory(program=world.program),
        mentee=world.resident.resident_profile,
        started_on=f.days_ago(30),
    )


def url(pairing):
    return reverse("mentoring:meeting_add", args=[pairing.pk])


def data(**overrides):
    return {
        "met_on": f.days_ago(1).isoformat(),
        "topics": "Preparing the A3",
        "notes": "Went through background and current condition.",
        **overrides,
    }


@pytest.mark.parametrize("side", ["mentor", "mentee"])
def test_either_side_logs_a_meeting(world, as_user, pairing, side):
    user = pairing.mentor.user if side == "mentor" else world.resident
    client = as_user(user)
    assert client.get(url(pairing)).status_code == 200
    response = client.post(url(pairing), data())
    assert response.url == pairing.get_absolute_url()
    meeting = MentoringMeeting.objects.get(mentorship=pairing)
    assert (meeting.met_on, meeting.topics, meeting.logged_by) == (
        f.days_ago(1),
        "Preparing the A3",
        user,
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"topics": ""}, "This field is required."),
        ({"met_on": ""}, "This field is required."),
        ({"met_on": f.days_ago(-2).isoformat()}, "The meeting date cannot be in the future."),
        ({"met_on": f.days_ago(31).isoformat()}, "the meeting cannot be earlier."),
    ],
)
def test_invalid_input_shows_a_clear_message_and_saves_nothing(
    world, as_user, pairing, overrides, message
):
    response = as_user(world.resident).post(url(pairing), data(**overrides))
    assert response.status_code == 200
    assert message in text_of(response)
    assert not MentoringMeeting.objects.exists()


def test_an_ended_pairing_takes_no_more_meetings(world, as_user, pairing):
    pairing.ended_on = f.days_ago(0)
    pairing.save()
    response = as_user(world.resident).post(url(pairing), data(), follow=True)
    assert "This pairing has ended; meetings can no longer be logged." in text_of(response)
    assert not MentoringMeeting.objects.exists()


@pytest.mark.parametrize("persona", ["director", "coordinator", "coach", "sponsor", "superuser"])
def test_people_outside_the_pair_cannot_log(world, as_user, pairing, persona):
    response = as_user(getattr(world, persona)).post(url(pairing), data())
    assert response.status_code == 403
    assert not MentoringMeeting.objects.exists()


def test_another_resident_gets_a_404(world, as_user, pairing):
    assert as_user(world.other_resident).post(url(pairing), data()).status_code == 404


def test_delete_is_not_allowed(world, as_user, pairing):
    assert as_user(world.resident).delete(url(pairing)).status_code == 405
