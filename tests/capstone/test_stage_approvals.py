"""Stage requests and approvals: the program names who approves each stage; a request moves
nothing until they have; a return needs a note the resident sees; a director may override,
saying why; every decision is on the project's history; milestones follow the approved move."""

import pytest
from django.urls import reverse

from capstone.models import (
    DEFAULT_APPROVERS,
    ApprovalRule,
    Approver,
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
from tests import factories as f
from tests.capstone.conftest import make_project


def ready(world, stage):
    """A project ready to ask for `stage` (the stage after the one it is in)."""
    from capstone.models import FLOW

    return make_project(world, FLOW[FLOW.index(stage) - 1], ready_for_next=True)


def ask(world, stage, note=""):
    project = ready(world, stage)
    return project, stage_request_create(project=project, by=world.resident, note=note)


def stage_of(project):
    project.refresh_from_db()
    return project.stage


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


# --- Through the pages ---------------------------------------------------------------------


def approve_url(request):
    return reverse("capstone:stage_request_approve", args=[request.project_id, request.pk])


def return_url(request):
    return reverse("capstone:stage_request_return", args=[request.project_id, request.pk])


def test_the_stage_card_shows_who_must_approve_and_who_has(world, as_user):
    project, request = ask(world, Stage.CURRENT_STATE)
    stage_request_approve(request=request, by=world.coach)
    page = as_user(world.sponsor).get(project.get_absolute_url()).content.decode()
    assert "Waiting for approval to move to Current state" in page
    assert "KPO coach: approved by" in page
    assert "Sponsor (Sam Sponsor): waiting" in page
    assert approve_url(request) in page  # the sponsor may approve here
    resident_page = as_user(world.resident).get(project.get_absolute_url()).content.decode()
    assert approve_url(request) not in resident_page


def test_the_stage_card_names_the_approvers_before_anyone_asks(world, as_user):
    project = ready(world, Stage.CURRENT_STATE)
    page = as_user(world.resident).get(project.get_absolute_url()).content.decode()
    assert "Ask to move to Current state" in page
    assert "Approved by: KPO coach, Sponsor." in page


def test_the_coach_approves_on_the_page(world, as_user):
    project, request = ask(world, Stage.EVENT)
    response = as_user(world.coach).post(approve_url(request), follow=True)
    assert "Approved: the project moved to Two-day event." in response.content.decode()
    assert stage_of(project) == Stage.EVENT


def test_the_return_page_refuses_an_empty_note_and_saves_nothing(world, as_user):
    project, request = ask(world, Stage.EVENT)
    client = as_user(world.coach)
    assert client.get(return_url(request)).status_code == 200
    response = client.post(return_url(request), {"note": "  "})
    assert response.status_code == 200
    assert "Say what needs to change." in response.content.decode()
    request.refresh_from_db()
    assert request.is_open
    assert client.post(return_url(request), {"note": "Fix the team."}).status_code == 302
    request.refresh_from_db()
    assert request.status == "returned"


@pytest.mark.parametrize("persona", ["sponsor", "resident", "coordinator"])
def test_someone_not_named_gets_a_403_on_the_decision_pages(persona, world, as_user):
    project, request = ask(world, Stage.EVENT)
    client = as_user(getattr(world, persona))
    assert client.post(approve_url(request)).status_code == 403
    assert client.post(return_url(request), {"note": "No."}).status_code == 403
    assert stage_of(project) == Stage.EVENT_PREP


def test_another_program_gets_a_404_on_the_decision_pages(world, as_user):
    project, request = ask(world, Stage.EVENT)
    client = as_user(world.other_director)
    assert client.post(approve_url(request)).status_code == 404
    assert client.get(return_url(request)).status_code == 404


def test_a_request_of_another_project_is_a_404(world, as_user):
    project, request = ask(world, Stage.EVENT)
    other = make_project(world, Stage.SELECTION, lead=world.other_resident.resident_profile)
    url = reverse("capstone:stage_request_approve", args=[other.pk, request.pk])
    assert as_user(world.coach).post(url).status_code == 404


def test_approving_needs_a_post(world, as_user):
    project, request = ask(world, Stage.EVENT)
    assert as_user(world.coach).get(approve_url(request)).status_code == 405


def test_the_override_page_asks_for_a_reason(world, as_user):
    project, request = ask(world, Stage.EVENT)
    url = reverse("capstone:stage_override", args=[project.pk])
    client = as_user(world.director)
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and stage_of(project) == Stage.EVENT_PREP
    assert client.post(url, {"reason": "Coach is away for a month."}).status_code == 302
    assert stage_of(project) == Stage.EVENT
    assert as_user(world.coach).get(url).status_code == 403


def test_a_note_too_long_is_refused_with_a_message(world, as_user):
    project = ready(world, Stage.EVENT)
    url = reverse("capstone:stage_request", args=[project.pk])
    response = as_user(world.resident).post(url, {"note": "x" * 2001}, follow=True)
    assert "at most 2000 characters" in response.content.decode()
    assert not StageRequest.objects.filter(project=project).exists()


# --- The queue -----------------------------------------------------------------------------


def requests_for_coach(world, count):
    made = []
    for _ in range(count):
        lead = f.ResidentFactory(program=world.program, pgy=2)
        project = make_project(world, Stage.EVENT_PREP, lead=lead, ready_for_next=True)
        made.append(stage_request_create(project=project, by=lead.user))
    return made


def test_the_queue_lists_what_waits_for_me_and_nothing_else(world, as_user):
    mine = requests_for_coach(world, 2)
    other_coach = f.CoachFactory(user__program=world.program).user
    elsewhere = make_project(
        world,
        Stage.EVENT_PREP,
        lead=f.ResidentFactory(program=world.program, pgy=2),
        coach=other_coach,
        ready_for_next=True,
    )
    stage_request_create(project=elsewhere, by=elsewhere.lead.user)
    response = as_user(world.coach).get(reverse("capstone:approval_queue"))
    assert [r.pk for r in response.context["waiting"]] == [r.pk for r in mine]
    assert elsewhere.title not in response.content.decode()


def test_a_sponsor_sees_the_charter_waiting_and_a_director_the_closing(world, as_user):
    charter_project, charter = ask(world, Stage.CURRENT_STATE)
    sponsor_queue = as_user(world.sponsor).get(reverse("capstone:approval_queue"))
    assert [r.pk for r in sponsor_queue.context["waiting"]] == [charter.pk]
    lead = f.ResidentFactory(program=world.program, pgy=3)
    closing_project = make_project(world, Stage.DISSEMINATION, lead=lead, ready_for_next=True)
    closing = stage_request_create(project=closing_project, by=lead.user)
    director_queue = as_user(world.director).get(reverse("capstone:approval_queue"))
    assert [r.pk for r in director_queue.context["waiting"]] == [closing.pk]
    assert (
        as_user(world.other_director).get(reverse("capstone:approval_queue")).context["waiting"]
        == []
    )


def test_the_home_page_shows_the_approvers_queue(world, as_user):
    project, request = ask(world, Stage.EVENT, note="Dates booked.")
    page = as_user(world.coach).get(reverse("home")).content.decode()
    assert "Stage requests to approve" in page
    assert project.title in page and "Dates booked." in page
    resident_page = as_user(world.resident).get(reverse("home")).content.decode()
    assert "Stage requests to approve" not in resident_page


@pytest.mark.parametrize("count", [2, 12])
def test_the_queue_page_queries_do_not_grow(world, as_user, count, django_assert_max_num_queries):
    requests_for_coach(world, count)
    client = as_user(world.coach)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("capstone:approval_queue"))
    assert len(response.context["waiting"]) == count


@pytest.mark.parametrize("count", [2, 12])
def test_the_home_queue_queries_do_not_grow(world, count, django_assert_num_queries):
    from pathway.dashboards.approvals import approvals_home

    requests_for_coach(world, count)
    assert world.coach.roles  # loaded with the user on every request (UserQuerySet.with_roles)
    with django_assert_num_queries(1):
        home = approvals_home(user=world.coach)
        titles = [r.project.title for r in home["waiting"]]
        names = [r.project.lead.user.display_name for r in home["waiting"]]
    assert len(titles) == len(names) == min(count, 5)
    assert home["more"] is (count > 5)


def test_the_approver_roles_are_named_for_people(world):
    assert [a.label for a in Approver] == ["KPO coach", "Sponsor", "Program director"]


def test_the_project_list_links_the_queue_and_the_directors_rules(world, as_user):
    rules, queue = reverse("capstone:approval_rules"), reverse("capstone:approval_queue")
    director_page = as_user(world.director).get(reverse("capstone:project_list"))
    assert rules in director_page.content.decode() and queue in director_page.content.decode()
    coach_page = as_user(world.coach).get(reverse("capstone:project_list")).content.decode()
    assert queue in coach_page and rules not in coach_page
    resident_page = as_user(world.resident).get(reverse("capstone:project_list"))
    assert queue not in resident_page.content.decode()
