"""The demo capstones: one at every stage, realistic, consistent with the stage rules, and
never duplicated by a second run."""

import pytest

from capstone.models import (
    FLOW,
    DataPoint,
    Measure,
    MeasureAnnotation,
    Project,
    Stage,
    StageChange,
    event_days_problem,
)
from pathway.demo import capstone as demo
from pathway.demo import world as pathway_demo


@pytest.fixture
def seeded(db):
    world = pathway_demo.seed()
    demo.seed(world=world)
    return world


def test_there_is_a_demo_project_at_every_stage(seeded):
    stages = set(Project.objects.values_list("stage", flat=True))
    assert stages == set(Stage.values)


def test_the_demo_has_the_issues_examples(seeded):
    titles = " ".join(Project.objects.values_list("title", flat=True)).lower()
    for words in ("discharge before noon", "room turnover", "antibiotics in sepsis", "inbox"):
        assert words in titles


def test_a_second_run_duplicates_nothing(seeded):
    def counts():
        return (
            Project.objects.count(),
            StageChange.objects.count(),
            Measure.objects.count(),
            DataPoint.objects.count(),
            MeasureAnnotation.objects.count(),
        )

    before = counts()
    demo.seed(world=pathway_demo.seed())
    assert counts() == before


def test_each_resident_leads_at_most_one_active_capstone(seeded):
    leads = list(Project.objects.active().values_list("lead", flat=True))
    assert len(leads) == len(set(leads))


def test_each_demo_project_met_the_requirements_of_the_stages_it_passed(seeded):
    for project in Project.objects.filter(stage__in=FLOW):
        for stage in FLOW[1 : FLOW.index(project.stage) + 1]:
            if stage == Stage.IMPLEMENTATION:
                continue  # met when it moved; later edits may have changed the record
            assert project.missing_for(stage) == [], (project.title, stage)


def test_each_move_is_in_the_history_in_order(seeded):
    for project in Project.objects.all():
        changes = list(project.stage_changes.order_by("changed_at", "pk"))
        assert changes[0].kind == StageChange.Kind.START
        assert changes[-1].to_stage == project.stage
        assert [c.changed_at for c in changes] == sorted(c.changed_at for c in changes)


def test_demo_events_are_two_consecutive_working_days(seeded):
    for project in Project.objects.exclude(event_first_day=None):
        assert event_days_problem(project.event_first_day, project.event_second_day) is None


def test_on_hold_and_withdrawn_demo_projects_say_why(seeded):
    for project in Project.objects.filter(stage__in=[Stage.ON_HOLD, Stage.WITHDRAWN]):
        assert project.stage_reason


def test_the_demo_shows_a_score_that_moved_since_it_was_confirmed(seeded):
    flagged = [p for p in Project.objects.exclude(progress_score=None) if p.progress_status()[1]]
    assert flagged, "one demo project should show the suggestion moved since confirmation"


def test_the_demo_sign_in_resident_has_an_active_project(seeded):
    lucas = next(p for p in seeded["residents"] if p.user.full_name == "Lucas Moreau")
    assert Project.objects.active().filter(lead=lucas).exists()


def test_the_demo_charts_show_real_changes_and_a_steady_balancing_measure(seeded):
    def chart(name):
        return Measure.objects.for_charts().get(name__startswith=name).chart()

    noon = chart("Discharges before noon")
    assert noon.chart == "p"
    assert noon.summary.baseline_points == 12 and noon.summary.post_points >= 11
    assert noon.summary.signal and noon.summary.is_better
    assert noon.annotations  # the event, its tests of change, the huddle checklist

    antibiotics = chart("Minutes from triage to first antibiotic")
    assert antibiotics.chart == "i"
    assert antibiotics.summary.signal and antibiotics.summary.is_better

    falls = chart("Inpatient falls on 5 West")
    assert falls.chart == "c"
    assert not falls.summary.signal  # the balancing measure did not get worse or better
    assert all(row.ucl is not None for row in falls.rows)


def test_every_demo_move_forward_was_requested_and_approved_on_record(seeded):
    from capstone.models import StageDecision

    advances = StageChange.objects.filter(kind=StageChange.Kind.ADVANCE).select_related("request")
    assert advances.exists()
    for change in advances:
        request = change.request  # every advance came from a request
        assert request.status in ("approved", "overridden"), change
        approved = set(
            request.decisions.filter(kind=StageDecision.Kind.APPROVE).values_list("role", flat=True)
        )
        if request.status == "approved":
            assert approved == set(request.approvers), change
        else:
            assert request.decisions.get(kind=StageDecision.Kind.OVERRIDE).note
        assert request.requested_at <= change.changed_at


def test_every_demo_sponsor_accepted_a_request(seeded):
    from mentoring.models import SponsorRequest, SponsorRequestStatus

    sponsored = Project.objects.filter(sponsor__isnull=False)
    assert sponsored.exists()
    for project in sponsored:
        assert project.sponsor_accepted_on is not None
        assert SponsorRequest.objects.filter(
            project=project, sponsor=project.sponsor, status=SponsorRequestStatus.ACCEPTED
        ).exists(), project


def test_demo_projects_in_dissemination_recorded_their_determination(seeded):
    for project in Project.objects.filter(stage__in=[Stage.DISSEMINATION, Stage.CLOSED]):
        assert project.has_determination(), project
