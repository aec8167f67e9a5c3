"""The coach who held a session edits it: fields, private notes, and agreed actions."""

import pytest
from django.urls import reverse

from mentoring.models import PrivateCoachingNote
from tests import factories as f
from tests.mentoring.helpers import reassign_to_a_new_coach, text_of


@pytest.fixture
def session(world):
    found = f.CoachingSessionFactory(
        resident=world.resident.resident_profile, coach=world.coach, held_on=f.days_ago(5)
    )
    f.PrivateCoachingNoteFactory(session=found, text="Old private text")
    return found


def url(session):
    return reverse("mentoring:session_edit", args=[session.pk])


def edit_data(session, **overrides):
    actions = list(session.actions.all())
    data = {
        "held_on": session.held_on.isoformat(),
        "duration_minutes": "30",
        "mode": "in_person",
        "vmps_tools": ["a3"],
        "notes": "Updated notes",
        "private_notes": "New private text",
        "actions-TOTAL_FORMS": str(len(actions) + 1),
        "actions-INITIAL_FORMS": str(len(actions)),
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
    }
    for i, action in enumerate(actions):
        data[f"actions-{i}-id"] = str(action.pk)
        data[f"actions-{i}-session"] = str(session.pk)
        data[f"actions-{i}-description"] = action.description
        data[f"actions-{i}-due_on"] = action.due_on.isoformat()
    data.update(overrides)
    return data


def test_the_coach_edits_the_session_and_private_note(world, as_user, session):
    client = as_user(world.coach)
    page = text_of(client.get(url(session)))
    assert "Old private text" in page

    response = client.post(url(session), edit_data(session))

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.duration_minutes, session.mode, session.vmps_tools, session.notes) == (
        30,
        "in_person",
        ["a3"],
        "Updated notes",
    )
    assert PrivateCoachingNote.objects.get(session=session).text == "New private text"


def test_clearing_the_private_notes_deletes_them(world, as_user, session):
    as_user(world.coach).post(url(session), edit_data(session, private_notes=""))
    assert not PrivateCoachingNote.objects.filter(session=session).exists()


def test_actions_are_added_changed_and_deleted_keeping_completion(world, as_user, session):
    keep = f.CoachingActionFactory(
        session=session, description="Keep me", completed_on=f.days_ago(1)
    )
    drop = f.CoachingActionFactory(session=session, description="Drop me")
    data = edit_data(session)
    index = {str(keep.pk): None, str(drop.pk): None}
    for key, value in list(data.items()):
        if key.endswith("-id") and value in index:
            index[value] = key.split("-")[1]
    data[f"actions-{index[str(keep.pk)]}-description"] = "Kept and renamed"
    data[f"actions-{index[str(drop.pk)]}-DELETE"] = "on"
    data["actions-2-description"] = "A brand new action"
    data["actions-2-due_on"] = f.days_ago(-3).isoformat()

    response = as_user(world.coach).post(url(session), data)

    assert response.status_code == 302
    actions = {a.description: a for a in session.actions.all()}
    assert set(actions) == {"Kept and renamed", "A brand new action"}
    assert actions["Kept and renamed"].completed_on == f.days_ago(1)


def test_invalid_input_changes_nothing(world, as_user, session):
    response = as_user(world.coach).post(url(session), edit_data(session, duration_minutes="0"))
    assert response.status_code == 200
    assert "Nothing was saved" in text_of(response)
    session.refresh_from_db()
    assert session.duration_minutes == 45
    assert PrivateCoachingNote.objects.get(session=session).text == "Old private text"


def test_a_later_coach_of_the_resident_cannot_edit_an_earlier_coachs_session(
    world, as_user, session
):
    new_coach = reassign_to_a_new_coach(world)
    assert as_user(new_coach).post(url(session), edit_data(session)).status_code == 403


def test_the_coach_who_held_it_may_still_edit_after_reassignment(world, as_user, session):
    world.resident.resident_profile.coach_assignments.update(ended_on=f.days_ago(0))
    assert as_user(world.coach).post(url(session), edit_data(session)).status_code == 302


def test_an_unrelated_coach_gets_a_404(world, as_user, session):
    assert as_user(f.coach_in(world.program)).get(url(session)).status_code == 404


@pytest.mark.parametrize("persona", ["resident", "sponsor", "director", "coordinator", "superuser"])
def test_nobody_else_edits_a_session(world, as_user, session, persona):
    response = as_user(getattr(world, persona)).post(url(session), edit_data(session))
    assert response.status_code == 403
    session.refresh_from_db()
    assert session.notes != "Updated notes"


def test_delete_is_not_allowed(world, as_user, session):
    assert as_user(world.coach).delete(url(session)).status_code == 405
