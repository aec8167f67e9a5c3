"""Stage requests and approvals: the program names who approves each stage; a request moves
nothing until they have; a return needs a note the resident sees; a director may override,
saying why; every decision is on the project's history; milestones follow the approved move."""

import pytest
from django.urls import reverse

from capstone.models import (
    DEFAULT_APPROVERS,
    ApprovalRule,
    Stage,
    StageChange,
    StageDecision,
    StageRequest,
)
from capstone.services import (
    ProjectError,
    StageError,
    approval_rules_save,
    project_move_back,
    stage_request_approve,
    stage_request_create,
    stage_request_override,
    stage_request_return,
)
from pathway.core.events import read_events
from pathway.models import Notification
from tests.capstone.stage_approvals_helpers import (
    ask,
    ready,
    stage_of,
)

# --- The program's rules -------------------------------------------------------------------


def test_the_default_rules_are_the_ones_the_program_asked_for(world):
    table = ApprovalRule.table_for(world.program.pk)
    assert table[Stage.CURRENT_STATE] == {"coach", "sponsor"}  # the charter
    assert table[Stage.EVENT] == {"coach"}
    assert table[Stage.RESULTS] == {"coach"}
    assert table[Stage.DISSEMINATION] == {"coach"}
    assert table[Stage.CLOSED] == {"director"}
    for stage in (Stage.EVENT_PREP, Stage.IMPLEMENTATION, Stage.POST_EVENT):
        assert table[stage] == set()
    assert set(DEFAULT_APPROVERS) == {
        Stage.CURRENT_STATE,
        Stage.EVENT,
        Stage.RESULTS,
        Stage.DISSEMINATION,
        Stage.CLOSED,
    }


def test_a_director_changes_who_approves_and_new_requests_follow(world):
    table = ApprovalRule.table_for(world.program.pk)
    table[Stage.EVENT_PREP] = {"coach", "director"}
    approval_rules_save(program=world.program, by=world.director, table=table)
    project, request = ask(world, Stage.EVENT_PREP)
    assert request.approvers == ["coach", "director"]
    assert stage_of(project) == Stage.CURRENT_STATE
    # The other program keeps the defaults.
    assert ApprovalRule.table_for(world.other_program.pk)[Stage.EVENT_PREP] == set()


def test_an_open_request_keeps_the_approvers_it_was_made_with(world):
    project, request = ask(world, Stage.EVENT)
    table = ApprovalRule.table_for(world.program.pk)
    table[Stage.EVENT] = {"director"}
    approval_rules_save(program=world.program, by=world.director, table=table)
    stage_request_approve(request=request, by=world.coach)
    assert stage_of(project) == Stage.EVENT


@pytest.mark.parametrize("persona", ["coordinator", "coach", "resident", "other_director"])
def test_only_the_programs_directors_set_the_rules(persona, world):
    with pytest.raises(ProjectError, match="directors"):
        approval_rules_save(
            program=world.program, by=getattr(world, persona), table={Stage.EVENT: set()}
        )
    assert not ApprovalRule.objects.exists()


def test_the_rules_page_saves_the_ticked_boxes(world, as_user):
    url = reverse("capstone:approval_rules")
    client = as_user(world.director)
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="current_state__sponsor"' in page.content.decode()
    data = {"event_prep__coach": "on", "closed__director": "on", "closed__coach": "on"}
    assert client.post(url, data).status_code == 302
    table = ApprovalRule.table_for(world.program.pk)
    assert table[Stage.EVENT_PREP] == {"coach"}
    assert table[Stage.CLOSED] == {"coach", "director"}
    assert table[Stage.CURRENT_STATE] == set()  # unticked: no approval needed


# --- Requests and approvals ----------------------------------------------------------------


def test_the_charter_needs_the_coach_and_the_sponsor(world):
    project, request = ask(world, Stage.CURRENT_STATE, note="Charter signed off at huddle.")
    assert (request.status, request.pending_roles()) == ("open", ["coach", "sponsor"])
    stage_request_approve(request=request, by=world.coach)
    assert stage_of(project) == Stage.SELECTION  # the sponsor has not approved yet
    assert not StageChange.objects.filter(project=project).exists()
    stage_request_approve(request=request, by=world.sponsor, note="Go ahead.")
    assert stage_of(project) == Stage.CURRENT_STATE
    change = StageChange.objects.get(project=project)
    assert change.changed_by == world.resident
    assert change.reason == (
        f"Approved by {world.coach.display_name} (KPO coach), "
        f"{world.sponsor.display_name} (Sponsor)."
    )
    request.refresh_from_db()
    assert (request.status, request.change) == ("approved", change)
    decisions = list(request.decisions.values_list("kind", "role", "decided_by", "note"))
    assert decisions == [
        ("approve", "coach", world.coach.pk, ""),
        ("approve", "sponsor", world.sponsor.pk, "Go ahead."),
    ]


def test_a_sponsor_who_has_not_accepted_cannot_approve(world):
    project = ready(world, Stage.CURRENT_STATE)
    project.sponsor_accepted_on = None
    project.save()
    request = stage_request_create(project=project, by=world.resident)
    with pytest.raises(StageError, match="not one of the approvers"):
        stage_request_approve(request=request, by=world.sponsor)
    assert stage_of(project) == Stage.SELECTION


@pytest.mark.parametrize("persona", ["sponsor", "resident", "coordinator", "other_resident"])
def test_someone_the_request_does_not_name_cannot_approve_it(persona, world):
    project, request = ask(world, Stage.EVENT)  # the coach approves the event
    with pytest.raises(StageError, match="not one of the approvers"):
        stage_request_approve(request=request, by=getattr(world, persona))
    assert stage_of(project) == Stage.EVENT_PREP
    assert not request.decisions.exists()


def test_one_approval_per_role_and_a_decided_request_is_closed(world):
    project, request = ask(world, Stage.EVENT)
    stage_request_approve(request=request, by=world.coach)
    with pytest.raises(StageError, match="already been decided"):
        stage_request_approve(request=request, by=world.coach)
    assert request.decisions.count() == 1


def test_only_one_request_waits_at_a_time(world):
    project, request = ask(world, Stage.EVENT)
    with pytest.raises(StageError, match="already waiting"):
        stage_request_create(project=project, by=world.resident)
    assert StageRequest.objects.filter(project=project).count() == 1


def test_the_coach_asking_approves_as_coach(world):
    project = ready(world, Stage.EVENT)
    request = stage_request_create(project=project, by=world.coach)
    assert request.status == "approved"
    assert stage_of(project) == Stage.EVENT


def test_closing_needs_a_director(world):
    project, request = ask(world, Stage.CLOSED)
    assert request.pending_roles() == ["director"]
    with pytest.raises(StageError):
        stage_request_approve(request=request, by=world.coach)
    stage_request_approve(request=request, by=world.director)
    assert stage_of(project) == Stage.CLOSED


def test_the_last_approval_rechecks_the_entry_requirements(world):
    project, request = ask(world, Stage.EVENT)
    project.team_members.all().delete()
    with pytest.raises(StageError, match="A team"):
        stage_request_approve(request=request, by=world.coach)
    assert stage_of(project) == Stage.EVENT_PREP
    request.refresh_from_db()
    assert request.is_open and not request.decisions.exists()


# --- Returns -------------------------------------------------------------------------------


def test_a_return_needs_a_note(world):
    project, request = ask(world, Stage.EVENT)
    with pytest.raises(StageError, match="Say what needs to change"):
        stage_request_return(request=request, by=world.coach, note="   ")
    request.refresh_from_db()
    assert request.is_open


def test_a_returned_request_keeps_the_stage_and_the_resident_asks_again(world, as_user):
    project, request = ask(world, Stage.EVENT)
    stage_request_return(request=request, by=world.coach, note="Add the charge nurse.")
    assert stage_of(project) == Stage.EVENT_PREP
    request.refresh_from_db()
    assert request.status == "returned"
    page = as_user(world.resident).get(project.get_absolute_url()).content.decode()
    assert f"Returned by {world.coach.display_name}" in page
    assert "Add the charge nurse." in page
    again = stage_request_create(project=project, by=world.resident, note="Added her.")
    stage_request_approve(request=again, by=world.coach)
    assert stage_of(project) == Stage.EVENT


def test_every_decision_is_on_the_projects_history(world, as_user):
    project, request = ask(world, Stage.EVENT, note="Dates are booked.")
    stage_request_return(request=request, by=world.coach, note="Book the room first.")
    again = stage_request_create(project=project, by=world.resident)
    stage_request_approve(request=again, by=world.coach, note="Room booked, good.")
    url = reverse("capstone:project_history", args=[project.pk])
    page = as_user(world.sponsor).get(url).content.decode()
    for text in (
        "Asked to move to Two-day event",
        "Dates are booked.",
        "Returned the request to move to Two-day event",
        "Book the room first.",
        "Approved the move to Two-day event as KPO coach",
        "Room booked, good.",
        "Advanced: Event preparation → Two-day event",
    ):
        assert text in page, text
    assert world.coach.display_name in page


# --- Overrides -----------------------------------------------------------------------------


def test_a_director_overrides_with_a_reason_that_is_recorded(world, as_user):
    project, request = ask(world, Stage.CURRENT_STATE)
    stage_request_approve(request=request, by=world.coach)
    stage_request_override(
        project=project, by=world.director, reason="Sponsor on leave; approved by email."
    )
    assert stage_of(project) == Stage.CURRENT_STATE
    request.refresh_from_db()
    assert request.status == "overridden"
    override = request.decisions.get(kind=StageDecision.Kind.OVERRIDE)
    assert (override.decided_by, override.note) == (
        world.director,
        "Sponsor on leave; approved by email.",
    )
    assert request.change.reason == "Director override: Sponsor on leave; approved by email."
    history = reverse("capstone:project_history", args=[project.pk])
    page = as_user(world.resident).get(history).content.decode()
    assert "Overrode the approvals for Current state" in page
    assert "Sponsor on leave; approved by email." in page


def test_an_override_without_a_request_makes_one(world):
    project = ready(world, Stage.RESULTS)
    stage_request_override(project=project, by=world.director, reason="Coach left the program.")
    assert stage_of(project) == Stage.RESULTS
    assert StageRequest.objects.get(project=project).status == "overridden"


@pytest.mark.parametrize("persona", ["coach", "resident", "coordinator", "sponsor"])
def test_only_a_director_overrides(persona, world):
    project, request = ask(world, Stage.EVENT)
    with pytest.raises(StageError, match="program director"):
        stage_request_override(project=project, by=getattr(world, persona), reason="Hurry.")
    assert stage_of(project) == Stage.EVENT_PREP


def test_an_override_needs_a_reason_and_the_entry_requirements(world):
    project, request = ask(world, Stage.EVENT)
    with pytest.raises(StageError, match="Say why"):
        stage_request_override(project=project, by=world.director, reason=" ")
    project.team_members.all().delete()
    with pytest.raises(StageError, match="A team"):
        stage_request_override(project=project, by=world.director, reason="Urgent.")
    assert stage_of(project) == Stage.EVENT_PREP


# --- Moving back, and milestones -----------------------------------------------------------


def test_moving_back_still_works_and_ends_the_open_request(world):
    project, request = ask(world, Stage.EVENT)
    project_move_back(
        project=project, by=world.coach, to=Stage.CURRENT_STATE, reason="Redo the map."
    )
    assert stage_of(project) == Stage.CURRENT_STATE
    request.refresh_from_db()
    assert request.status == "cancelled"
    with pytest.raises(StageError):
        stage_request_approve(request=request, by=world.coach)


def test_the_milestone_completes_with_the_approved_move_not_the_request(world):
    project, request = ask(world, Stage.RESULTS)
    profile = world.resident.resident_profile
    key = "stage_reached:results"
    assert profile.pk not in read_events([key], [profile])[key]
    stage_request_approve(request=request, by=world.coach)
    reached = read_events([key], [profile])[key]
    assert profile.pk in reached


# --- Who is told ---------------------------------------------------------------------------


def test_the_approvers_are_notified_and_emailed(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        project, request = ask(world, Stage.CURRENT_STATE, note="Ready.")
    told = set(Notification.objects.filter(kind="stage_request").values_list("user", flat=True))
    assert told == {world.coach.pk, world.sponsor.pk}
    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.coach.email, world.sponsor.email])
    assert "asks to move" in mailoutbox[0].body and "Ready." in mailoutbox[0].body


def test_the_leads_are_told_why_a_request_came_back(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    project, request = ask(world, Stage.EVENT)
    with django_capture_on_commit_callbacks(execute=True):
        stage_request_return(request=request, by=world.coach, note="Book the room.")
    note = Notification.objects.get(kind="stage_returned")
    assert note.user == world.resident and "Book the room." in note.text
    assert [m.to for m in mailoutbox] == [[world.resident.email]]
    assert "Book the room." in mailoutbox[0].body
