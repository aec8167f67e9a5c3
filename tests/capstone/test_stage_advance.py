"""Moving a project forward: every entry requirement of every stage is checked, explained, and
refuses the request when missing. A request moves the stage only once the program's approvers
have approved it (test_stage_requests_wait_for_the_named_approvers.py covers the approvals)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from capstone.models import FLOW, Approver, Stage, StageChange, StageRequest
from capstone.services import StageError, stage_request_approve, stage_request_create
from tests import factories as f
from tests.capstone.conftest import make_project

CHARTER_FIELDS = [
    ("process", ""),
    ("department", ""),
    ("problem_statement", ""),
    ("aim_what", ""),
    ("aim_direction", ""),
    ("aim_target", None),
    ("aim_by", None),
    ("scope_first_step", ""),
    ("scope_last_step", ""),
]


def clear(**fields):
    def breaker(project):
        for name, value in fields.items():
            setattr(project, name, value)
        project.save()

    return breaker


def delete(related):
    return lambda project: getattr(project, related).all().delete()


def no_baseline(project):
    from capstone.models import DataPoint

    DataPoint.objects.filter(measure__project=project, phase="baseline").update(
        excluded=True, excluded_reason="Wrong ward"
    )


def event_in_future(project):
    project.event_first_day, project.event_second_day = f.working_days_around(30)
    project.save()


def no_post_event_data(project):
    from capstone.models import DataPoint

    DataPoint.objects.filter(measure__project=project, phase="post_event").delete()


def nothing_adopted(project):
    project.tests_of_change.update(act="abandon")


# (stage entered, words of the requirement shown, how to break it)
GUARDS = [
    *[
        (Stage.CURRENT_STATE, "A complete charter", clear(**{name: value}))
        for name, value in CHARTER_FIELDS
    ],
    (Stage.CURRENT_STATE, "A KPO coach", lambda project: f.coach_the_lead(project.lead, None)),
    (Stage.EVENT_PREP, "A description of the current process", clear(process_description="")),
    (Stage.EVENT_PREP, "The process steps", delete("steps")),
    (Stage.EVENT_PREP, "At least one waste observation", delete("waste_observations")),
    (Stage.EVENT_PREP, "A problem analysis", delete("why_steps")),
    (Stage.EVENT_PREP, "A sponsor", clear(sponsor=None)),
    # Named but not accepted (a row from before the rule): does not count.
    (Stage.EVENT_PREP, "A sponsor", clear(sponsor_accepted_on=None)),
    (Stage.EVENT, "The event dates", clear(event_first_day=None, event_second_day=None)),
    (Stage.EVENT, "A team", delete("team_members")),
    (Stage.EVENT, "A team", lambda p: p.team_members.update(on_event_team=False)),
    (Stage.EVENT, "At least one baseline measure", delete("measures")),
    (Stage.EVENT, "At least one baseline measure", no_baseline),
    (Stage.IMPLEMENTATION, "The two-day event has taken place", event_in_future),
    (Stage.IMPLEMENTATION, "At least one test of change", delete("tests_of_change")),
    (
        Stage.IMPLEMENTATION,
        "At least one test of change",
        lambda p: p.tests_of_change.update(act=""),
    ),
    (
        Stage.IMPLEMENTATION,
        "report-out posted",
        lambda p: type(p.report_out).objects.filter(project=p).update(posted_at=None),
    ),
    (Stage.IMPLEMENTATION, "report-out posted", lambda p: p.report_out.delete()),
    (Stage.POST_EVENT, "An action plan", delete("action_items")),
    (Stage.POST_EVENT, "At least one change adopted", nothing_adopted),
    (Stage.RESULTS, "Post-event data", no_post_event_data),
    (Stage.RESULTS, "At least one follow-up", lambda p: p.follow_ups.update(held_on=None)),
    (Stage.DISSEMINATION, "What changed", clear(results_what_changed="  ")),
    (Stage.DISSEMINATION, "Lessons learned", clear(results_lessons="")),
    (Stage.DISSEMINATION, "QI-or-research determination", lambda p: p.determination.delete()),
    (Stage.CLOSED, "The results presented", delete("presentations")),
    (Stage.CLOSED, "The 90-day follow-up", lambda p: p.follow_ups.filter(day=90).delete()),
]


def approve_all(request, world):
    """Every approver the request names approves it, in turn."""
    project = request.project
    for role in request.pending_roles():
        approver = {
            Approver.COACH: project.coach,
            Approver.SPONSOR: project.sponsor,
            Approver.DIRECTOR: world.director,
        }[role]
        stage_request_approve(request=request, by=approver)


def ready_for(world, stage):
    """A project in the stage before `stage`, meeting every requirement of `stage`."""
    previous = FLOW[FLOW.index(stage) - 1]
    return make_project(world, previous, ready_for_next=True)


@pytest.mark.parametrize("stage", FLOW[1:], ids=lambda s: s.value)
def test_a_project_meeting_every_requirement_advances_with_history(stage, world):
    project = ready_for(world, stage)
    previous = project.stage
    assert project.missing_for(stage) == []
    request = stage_request_create(project=project, by=world.resident)
    if request.pending_roles():
        project.refresh_from_db()
        assert project.stage == previous  # the request alone moves nothing
        approve_all(request, world)
    project.refresh_from_db()
    assert project.stage == stage
    change = StageChange.objects.get(project=project)
    assert (change.kind, change.from_stage, change.to_stage) == ("advance", previous, stage)
    assert change.changed_by == world.resident  # who asked for it
    request.refresh_from_db()
    assert (request.status, request.change) == ("approved", change)


@pytest.mark.parametrize(
    ("stage", "words", "breaker"),
    GUARDS,
    ids=[f"{stage.value}-{index}" for index, (stage, _, _) in enumerate(GUARDS)],
)
def test_each_missing_requirement_stops_the_move_and_says_what_is_missing(
    stage, words, breaker, world
):
    project = ready_for(world, stage)
    previous = project.stage
    breaker(project)
    project.refresh_from_db()
    missing = [r.label for r in project.missing_for(stage)]
    assert any(words in label for label in missing), missing
    with pytest.raises(StageError) as refused:
        stage_request_create(project=project, by=world.resident)
    assert words in str(refused.value)
    assert any(words in r.label for r in refused.value.missing)
    project.refresh_from_db()
    assert project.stage == previous
    assert not StageChange.objects.filter(project=project).exists()
    assert not StageRequest.objects.filter(project=project).exists()


def test_every_stage_on_the_path_has_requirements(world, project):
    for stage in FLOW[1:]:
        assert project.entry_requirements(stage), stage


def test_a_cause_list_is_enough_problem_analysis_without_5_whys(world):
    project = ready_for(world, Stage.EVENT_PREP)
    project.why_steps.all().delete()
    f.CauseFactory(project=project)
    assert project.missing_for(Stage.EVENT_PREP) == []


def test_the_charter_requirement_names_each_missing_field(world):
    project = f.ProjectFactory(lead=world.resident.resident_profile, coach=world.coach)
    label = project.missing_for(Stage.CURRENT_STATE)[0].label
    assert "a problem statement" in label
    assert "the aim's target" in label


def test_an_event_on_its_last_day_counts_as_taken_place(world):
    project = ready_for(world, Stage.IMPLEMENTATION)
    today = timezone.localdate()
    project.event_first_day, project.event_second_day = today - timedelta(days=1), today
    project.save()
    labels = [r.label for r in project.missing_for(Stage.IMPLEMENTATION)]
    assert not any("taken place" in label for label in labels)


def test_a_closed_project_cannot_advance(world):
    project = make_project(world, Stage.CLOSED)
    with pytest.raises(StageError, match="cannot advance"):
        stage_request_create(project=project, by=world.resident)


def test_a_project_on_hold_must_be_resumed_before_it_advances(world):
    project = ready_for(world, Stage.CURRENT_STATE)
    project.held_from_stage, project.stage = project.stage, Stage.ON_HOLD
    project.save()
    with pytest.raises(StageError, match="resume it first"):
        stage_request_create(project=project, by=world.resident)


def test_the_service_refuses_someone_who_may_not_steer(world):
    project = ready_for(world, Stage.CURRENT_STATE)
    with pytest.raises(StageError):
        stage_request_create(project=project, by=world.sponsor)
    project.refresh_from_db()
    assert project.stage == Stage.SELECTION
    assert not StageRequest.objects.filter(project=project).exists()


# --- Through the page --------------------------------------------------------------------


def url(project):
    return reverse("capstone:stage_request", args=[project.pk])


@pytest.mark.parametrize(
    ("persona", "waiting"),
    [
        ("resident", "KPO coach, Sponsor"),
        ("coach", "Sponsor"),  # the coach approves by asking
        ("director", "KPO coach, Sponsor"),
    ],
)
def test_lead_coach_and_director_ask_to_move_a_ready_project_on(persona, waiting, world, as_user):
    project = ready_for(world, Stage.CURRENT_STATE)
    response = as_user(getattr(world, persona)).post(url(project), follow=True)
    project.refresh_from_db()
    assert project.stage == Stage.SELECTION
    assert (
        f"Your request to move to Current state is waiting for: {waiting}."
        in response.content.decode()
    )
    assert StageRequest.objects.get(project=project).requested_by == getattr(world, persona)


def test_a_stage_nobody_approves_moves_on_the_request(world, as_user):
    project = ready_for(world, Stage.EVENT_PREP)
    response = as_user(world.resident).post(url(project), follow=True)
    project.refresh_from_db()
    assert project.stage == Stage.EVENT_PREP
    assert "The project moved to Event preparation." in response.content.decode()


def test_a_co_lead_asks_to_move_the_project_on(world, as_user):
    project = ready_for(world, Stage.CURRENT_STATE)
    project.co_leads.add(world.other_resident)
    as_user(world.other_resident).post(url(project))
    request = StageRequest.objects.get(project=project)
    assert (request.requested_by, request.to_stage) == (world.other_resident, "current_state")


def test_a_refused_move_flashes_the_missing_requirements(world, as_user):
    project = make_project(world, Stage.CURRENT_STATE)
    response = as_user(world.resident).post(url(project), follow=True)
    page = response.content.decode()
    assert "Not ready for Event preparation" in page
    assert "A description of the current process" in page
    project.refresh_from_db()
    assert project.stage == Stage.CURRENT_STATE


def test_the_project_page_lists_what_the_next_stage_needs(world, as_user):
    project = make_project(world, Stage.CURRENT_STATE)
    f.ProcessStepFactory(project=project)
    response = as_user(world.resident).get(project.get_absolute_url())
    page = response.content.decode()
    assert "To move on to Event preparation" in page
    assert "Missing: </span><a" in page.replace("\n", "")
    assert "Done: </span>The process steps, in order" in page
    assert "Complete the items marked" in page


@pytest.mark.parametrize("persona", ["sponsor", "coordinator"])
def test_sponsor_and_coordinator_may_not_move_a_project(persona, world, as_user):
    project = ready_for(world, Stage.CURRENT_STATE)
    assert as_user(getattr(world, persona)).post(url(project)).status_code == 403
    project.refresh_from_db()
    assert project.stage == Stage.SELECTION


def test_another_resident_gets_a_404(world, as_user):
    project = ready_for(world, Stage.CURRENT_STATE)
    assert as_user(world.other_resident).post(url(project)).status_code == 404


def test_asking_needs_a_post(world, as_user, project):
    assert as_user(world.resident).get(url(project)).status_code == 405


@pytest.mark.parametrize("ready", [True, False], ids=["met", "unmet"])
@pytest.mark.parametrize("stage", [Stage.EVENT_PREP, Stage.POST_EVENT, Stage.CLOSED])
def test_a_stages_questions_about_the_projects_records_are_asked_in_one_query(
    stage, ready, world, django_assert_num_queries
):
    project = make_project(world, FLOW[FLOW.index(stage) - 1], ready_for_next=ready)
    project = type(project).objects.select_related("sponsor").get(pk=project.pk)
    with django_assert_num_queries(1):
        requirements = project.entry_requirements(stage)
    assert all(r.met for r in requirements) is ready
