"""The resident's current KPO coach logs a coaching session with agreed actions."""

import pytest
from django.urls import reverse

from mentoring.models import CoachingAction, CoachingSession, PrivateCoachingNote
from pathway.core.dates import short_date
from tests import factories as f
from tests.mentoring.helpers import messages_of, text_of


def url(resident):
    return reverse("mentoring:session_add", args=[resident.pk])


def form_data(**overrides):
    data = {
        "held_on": f.days_ago(1).isoformat(),
        "duration_minutes": "50",
        "mode": "virtual",
        "vmps_tools": ["value_stream_map", "five_whys"],
        "notes": "Reviewed the value stream map of discharge.",
        "private_notes": "Worried about burnout.",
        "actions-TOTAL_FORMS": "3",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
        "actions-0-description": "Time 10 discharges",
        "actions-0-due_on": f.days_ago(-7).isoformat(),
        "actions-1-description": "Draft the problem statement",
        "actions-1-due_on": f.days_ago(-14).isoformat(),
    }
    data.update(overrides)
    return data


def test_the_coach_logs_a_session_with_tools_notes_private_notes_and_actions(world, as_user):
    profile = world.resident.resident_profile
    client = as_user(world.coach)
    assert client.get(url(profile)).status_code == 200

    response = client.post(url(profile), form_data(), follow=True)

    session = CoachingSession.objects.get(resident=profile)
    assert (session.coach, session.held_on, session.duration_minutes, session.mode) == (
        world.coach,
        f.days_ago(1),
        50,
        "virtual",
    )
    assert session.vmps_tools == ["value_stream_map", "five_whys"]
    assert session.vmps_tool_labels == ["Value stream mapping", "5 Whys"]
    assert PrivateCoachingNote.objects.get(session=session).text == "Worried about burnout."
    assert [(a.description, a.due_on) for a in session.actions.all()] == [
        ("Time 10 discharges", f.days_ago(-7)),
        ("Draft the problem statement", f.days_ago(-14)),
    ]
    assert messages_of(response, "success") == [
        f"Coaching session with Rosa Resident on {short_date(f.days_ago(1))} logged."
    ]


def test_no_private_note_is_stored_when_left_empty(world, as_user):
    profile = world.resident.resident_profile
    as_user(world.coach).post(url(profile), form_data(private_notes="  "))
    assert not PrivateCoachingNote.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"held_on": ""}, "This field is required."),
        ({"duration_minutes": "2"}, "greater than or equal to 5"),
        ({"duration_minutes": "600"}, "less than or equal to 480"),
        ({"mode": "telepathy"}, "Select a valid choice."),
        ({"vmps_tools": ["juggling"]}, "Select a valid choice."),
        ({"held_on": f.days_ago(-2).isoformat()}, "The session date cannot be in the future."),
        (
            {"actions-0-due_on": f.days_ago(5).isoformat()},
            "An action cannot be due before the session date.",
        ),
        ({"actions-0-due_on": ""}, "This field is required."),
    ],
)
def test_invalid_input_shows_a_clear_message_and_saves_nothing(world, as_user, overrides, message):
    response = as_user(world.coach).post(
        url(world.resident.resident_profile), form_data(**overrides)
    )
    assert response.status_code == 200
    assert message in text_of(response)
    assert not CoachingSession.objects.exists()
    assert not CoachingAction.objects.exists()


def test_a_coach_cannot_log_for_a_resident_they_do_not_coach(world, as_user):
    other = world.other_resident.resident_profile
    assert as_user(world.coach).post(url(other), form_data()).status_code == 404
    assert not CoachingSession.objects.exists()


def test_a_former_coach_cannot_log_a_new_session(world, as_user):
    profile = world.resident.resident_profile
    profile.coach_assignments.update(ended_on=f.days_ago(0))
    assert as_user(world.coach).post(url(profile), form_data()).status_code == 404


def test_a_coach_of_another_program_gets_a_404(world, as_user):
    stranger = f.coach_in(world.other_program)
    response = as_user(stranger).post(url(world.resident.resident_profile), form_data())
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["resident", "sponsor", "director", "coordinator", "superuser"])
def test_only_the_current_coach_logs_sessions(world, as_user, persona):
    response = as_user(getattr(world, persona)).post(
        url(world.resident.resident_profile), form_data()
    )
    assert response.status_code == 403
    assert not CoachingSession.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete"])
def test_other_http_methods_are_not_allowed(world, as_user, method):
    response = getattr(as_user(world.coach), method)(url(world.resident.resident_profile))
    assert response.status_code == 405
