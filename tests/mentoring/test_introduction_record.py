"""Program staff record that a resident was introduced to a potential faculty mentor."""

import pytest
from django.urls import reverse

from mentoring.models import IntroductionStatus, MentorIntroduction
from tests import factories as f
from tests.mentoring.helpers import messages_of, text_of

URL = reverse("mentoring:introduction_add")


def data(world, **overrides):
    return {
        "resident": world.other_resident.resident_profile.pk,
        "area": f.interest("patient safety").pk,
        "faculty_name": "Dr. Helena Park",
        "faculty_role": "Chief Patient Safety Officer",
        "faculty_email": "helena.park@example.org",
        "introduced_on": f.days_ago(2).isoformat(),
        **overrides,
    }


@pytest.mark.parametrize("persona", ["director", "coordinator"])
def test_staff_record_an_introduction_awaiting_follow_up(world, as_user, persona):
    client = as_user(getattr(world, persona))
    assert client.get(URL).status_code == 200
    response = client.post(URL, data(world), follow=True)
    intro = MentorIntroduction.objects.get()
    assert (intro.resident, intro.faculty_name, intro.area.name, intro.status) == (
        world.other_resident.resident_profile,
        "Dr. Helena Park",
        "patient safety",
        IntroductionStatus.AWAITING,
    )
    assert intro.introduced_by == getattr(world, persona)
    assert messages_of(response, "success") == [
        "Recorded: Otto Other was introduced to Dr. Helena Park."
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"faculty_name": ""}, "This field is required."),
        ({"area": ""}, "This field is required."),
        ({"faculty_email": "not-an-email"}, "Enter a valid email address."),
        ({"introduced_on": f.days_ago(-2).isoformat()}, "cannot be in the future."),
        ({"resident": "999999"}, "Select a valid choice."),
    ],
)
def test_invalid_input_shows_a_clear_message_and_saves_nothing(world, as_user, overrides, message):
    response = as_user(world.director).post(URL, data(world, **overrides))
    assert response.status_code == 200
    assert message in text_of(response)
    assert not MentorIntroduction.objects.exists()


def test_a_resident_of_another_program_cannot_be_chosen(world, as_user):
    stranger = f.ResidentFactory(program=world.other_program)
    response = as_user(world.director).post(URL, data(world, resident=stranger.pk))
    assert "Select a valid choice." in text_of(response)
    assert not MentorIntroduction.objects.exists()


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor"])
def test_other_roles_are_refused(world, as_user, persona):
    assert as_user(getattr(world, persona)).post(URL, data(world)).status_code == 403
    assert not MentorIntroduction.objects.exists()


def test_delete_is_not_allowed(world, as_user):
    assert as_user(world.director).delete(URL).status_code == 405
