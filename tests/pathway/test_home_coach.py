"""The KPO coach's home: the review queue, the caseload with residents at risk and why, and the
two-day events, follow-ups and agreed actions coming up."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from capstone.models import Stage
from pathway.dashboards.coach import coach_home
from pathway.models import PathwayStatus
from tests import factories as f
from tests.pathway.board_setup import today
from tests.pathway.home_pages import URL, page_of

pytestmark = pytest.mark.django_db


def coachee(world, name, **kwargs):
    profile = f.ResidentFactory(
        program=world.program,
        user__full_name=name,
        pathway_status=PathwayStatus.ACTIVE,
        **kwargs,
    )
    f.CoachAssignmentFactory(resident=profile, coach=world.coach)
    return profile


def stalled(row):
    return [reason.text for reason in row.reasons if reason.kind == "stalled"]


def active(world):
    profile = world.resident.resident_profile
    profile.pathway_status = PathwayStatus.ACTIVE
    profile.save()
    return profile


# --- Review queue ----------------------------------------------------------------------------


def test_the_review_queue_lists_submitted_reports_oldest_first_with_days_waiting(world, as_user):
    newer = f.ProgressReportFactory(
        resident=world.resident.resident_profile, submitted=True, waited=2
    )
    older_resident = coachee(world, "Olive Older")
    older = f.ProgressReportFactory(resident=older_resident, submitted=True, waited=9)
    f.ProgressReportFactory(resident=coachee(world, "Dan Draft"))  # a draft is not for review
    response, page = page_of(as_user(world.coach))
    queue = response.context["coach"]["queue"]["reports"]
    assert queue == [older, newer]
    assert "Waiting 9 days" in page and "Waiting 2 days" in page
    assert reverse("mentoring:report_review", args=[older.pk]) in page
    assert page.index("Olive Older") < page.index("Rosa Resident")


def test_reports_of_another_coachs_residents_are_not_in_the_queue(world, as_user):
    other_coach = f.coach_in(world.program, user__full_name="Xena Othercoach")
    theirs = f.ResidentFactory(program=world.program, user__full_name="Theo Theirs")
    f.CoachAssignmentFactory(resident=theirs, coach=other_coach)
    f.ProgressReportFactory(resident=theirs, submitted=True)
    response, page = page_of(as_user(world.coach))
    assert response.context["coach"]["queue"]["reports"] == []
    assert "No reports are waiting for your review." in page
    assert "Theo Theirs" not in page


# --- Caseload --------------------------------------------------------------------------------


def test_the_caseload_shows_project_stage_reports_contact_and_overdue_milestones(world, as_user):
    profile = active(world)
    project = f.project_at(
        Stage.CURRENT_STATE, lead=profile, coach=world.coach, title="Discharge before noon"
    )
    f.ProgressReportFactory(resident=profile, submitted=True, waited=4)
    f.CoachingSessionFactory(
        resident=profile, coach=world.coach, held_on=today() - timedelta(days=3)
    )
    f.MilestoneFactory(resident=profile, due_on=today() - timedelta(days=4))
    f.MilestoneFactory(resident=profile, due_on=today() - timedelta(days=40))
    f.MilestoneFactory(resident=profile, due_on=today() + timedelta(days=40))
    response, page = page_of(as_user(world.coach))
    [row] = response.context["coach"]["caseload"]
    assert row.resident.user == world.resident
    assert row.project == project
    assert row.overdue_milestones == 2
    assert "Discharge before noon" in page and "Current state" in page
    last_report = timezone.localdate(timezone.now() - timedelta(days=4))
    assert f"{last_report.day} {last_report:%b %Y}" in page


def test_overdue_milestones_put_a_coachee_at_risk_as_on_the_directors_board(world, as_user):
    profile = active(world)
    f.ProgressReportFactory(resident=profile, submitted=True, waited=4)
    oldest = today() - timedelta(days=40)
    f.MilestoneFactory(resident=profile, due_on=today() - timedelta(days=4))
    f.MilestoneFactory(resident=profile, due_on=oldest)
    response, page = page_of(as_user(world.coach))
    [row] = response.context["coach"]["caseload"]
    assert row.at_risk
    assert row.reasons[0].text == (
        f"2 milestones overdue, the oldest since {oldest.day} {oldest:%b %Y} (40 days)"
    )
    assert "At risk" in page and "On track" not in page


def test_a_coachee_with_nothing_wrong_is_on_track(world, as_user):
    profile = active(world)
    profile.pgy_override = 1  # no sponsor is due yet
    profile.save()
    f.ProgressReportFactory(resident=profile, submitted=True, waited=4)
    f.MilestoneFactory(resident=profile, due_on=today() + timedelta(days=40))
    response, page = page_of(as_user(world.coach))
    [row] = response.context["coach"]["caseload"]
    assert not row.at_risk, row.reasons
    assert "On track" in page


def test_a_resident_without_a_recent_report_is_flagged_stalled_with_the_reason(world, as_user):
    f.CoachingSettingsFactory(program=world.program, stalled_after_days=21)
    profile = active(world)
    f.ProgressReportFactory(resident=profile, submitted=True, waited=30)
    never = coachee(world, "Nina Never")
    fresh = coachee(world, "Fred Fresh")
    f.ProgressReportFactory(resident=fresh, submitted=True, waited=5)
    response, page = page_of(as_user(world.coach))
    rows = {row.resident.user.full_name: row for row in response.context["coach"]["caseload"]}
    last = timezone.localdate(timezone.now() - timedelta(days=30))
    assert stalled(rows["Rosa Resident"]) == [
        f"Stalled: no progress report for 30 days (since {last.day} {last:%b %Y})"
    ]
    assert stalled(rows["Nina Never"]) == ["Stalled: no progress report yet"]
    assert stalled(rows["Fred Fresh"]) == []
    assert response.context["coach"]["at_risk_count"] == 2
    assert "2 at risk" in page
    assert never.user.full_name in page


def test_a_resident_accepted_today_is_not_stalled_for_a_report_never_due(world, as_user):
    f.CoachingSettingsFactory(program=world.program, stalled_after_days=21)
    coachee(world, "Jo Joined", joined_on=today(), pgy_override=1)
    rows = {
        r.resident.user.full_name: r
        for r in page_of(as_user(world.coach))[0].context["coach"]["caseload"]
    }
    assert not rows["Jo Joined"].at_risk, rows["Jo Joined"].reasons


def test_a_resident_who_never_reported_is_stalled_counting_from_joining(world, as_user):
    f.CoachingSettingsFactory(program=world.program, stalled_after_days=21)
    joined = today() - timedelta(days=25)
    coachee(world, "Jo Joined", joined_on=joined, pgy_override=1)
    rows = {
        r.resident.user.full_name: r
        for r in page_of(as_user(world.coach))[0].context["coach"]["caseload"]
    }
    assert [r.text for r in rows["Jo Joined"].reasons] == [
        f"Stalled: no progress report in 25 days since joining the pathway on "
        f"{joined.day} {joined:%b %Y}"
    ]


def test_the_stalled_threshold_follows_the_programs_setting(world, as_user):
    f.CoachingSettingsFactory(program=world.program, stalled_after_days=40)
    f.ProgressReportFactory(resident=active(world), submitted=True, waited=30)
    [row] = page_of(as_user(world.coach))[0].context["coach"]["caseload"]
    assert stalled(row) == []


def test_the_caseload_excludes_residents_coached_by_someone_else_or_formerly(world, as_user):
    other_coach = f.coach_in(world.program)
    f.CoachAssignmentFactory(
        resident=f.ResidentFactory(program=world.program, user__full_name="Theo Theirs"),
        coach=other_coach,
    )
    f.CoachAssignmentFactory(
        resident=f.ResidentFactory(program=world.program, user__full_name="Fern Former"),
        coach=world.coach,
        started_on=today() - timedelta(days=100),
        ended_on=today() - timedelta(days=1),
    )
    response, page = page_of(as_user(world.coach))
    assert [row.resident.user for row in response.context["coach"]["caseload"]] == [world.resident]
    assert "Theo Theirs" not in page and "Fern Former" not in page
    assert "Otto Other" not in page


def test_a_coachees_capstone_is_the_coachs_whoever_coached_it_before(world, as_user):
    # One coach, one place: the capstone's coach is the lead's current coach assignment.
    profile = world.resident.resident_profile
    project = f.ProjectFactory(lead=profile, title="Handed-over capstone")
    f.coach_the_lead(profile, f.coach_in(world.program))
    f.coach_the_lead(profile, world.coach)
    response, page = page_of(as_user(world.coach))
    [row] = response.context["coach"]["caseload"]
    assert row.project == project
    assert "Handed-over capstone" in page


def test_a_coach_with_nobody_assigned_sees_empty_states(world, as_user):
    lonely = f.CoachFactory(user__program=world.program).user
    _, page = page_of(as_user(lonely))
    assert "No residents are assigned to you yet." in page
    assert "No reports are waiting for your review." in page
    assert "No two-day events are planned in that time." in page
    assert "Nothing is due" in page


# --- Coming up -------------------------------------------------------------------------------


def test_two_day_events_of_the_next_sixty_days_are_listed_soonest_first(world, as_user):
    first_day, second_day = f.working_days_around(20)
    soon = f.ProjectFactory(
        lead=world.resident.resident_profile,
        title="Pharmacy wait",
        coach=world.coach,
        event_first_day=first_day,
        event_second_day=second_day,
    )
    far_first, far_second = f.working_days_around(120)
    f.ProjectFactory(
        lead=coachee(world, "Fay Far"),
        title="Far away event",
        coach=world.coach,
        event_first_day=far_first,
        event_second_day=far_second,
    )
    theirs = f.ResidentFactory(program=world.program)
    f.CoachAssignmentFactory(resident=theirs, coach=f.coach_in(world.program))
    f.ProjectFactory(
        lead=theirs, title="Not my event", event_first_day=first_day, event_second_day=second_day
    )
    response, page = page_of(as_user(world.coach))
    assert response.context["coach"]["events"] == [soon]
    assert "Pharmacy wait" in page
    assert reverse("capstone:project_event", args=[soon.pk]) in page
    assert "Not my event" not in page


def test_follow_ups_and_agreed_actions_due_soon_are_listed_with_late_ones_marked(world, as_user):
    profile = world.resident.resident_profile
    project = f.ProjectFactory(lead=profile, coach=world.coach, title="Discharge before noon")
    f.FollowUpFactory(project=project, day=30, due_on=today() - timedelta(days=2))
    f.FollowUpFactory(project=project, day=60, due_on=today() + timedelta(days=5))
    f.FollowUpFactory(project=project, day=90, due_on=today() + timedelta(days=50))
    session = f.CoachingSessionFactory(resident=profile, coach=world.coach)
    f.CoachingActionFactory(
        session=session, description="Draft the A3", due_on=today() + timedelta(days=3)
    )
    f.CoachingActionFactory(
        session=session, description="Already done", due_on=today(), completed_on=today()
    )
    response, page = page_of(as_user(world.coach))
    items = response.context["coach"]["coming_up"]
    assert [(item.kind, item.late) for item in items] == [
        ("30-day follow-up", True),
        ("Agreed action", False),
        ("60-day follow-up", False),
    ]
    assert "Draft the A3" in page
    assert "(late)" in page
    assert "90-day follow-up" not in page
    assert "Already done" not in page


def test_the_dashboard_uses_the_day_it_is_given(world):
    f.ProgressReportFactory(resident=world.resident.resident_profile, submitted=True, waited=1)
    later = coach_home(user=world.coach, today=today() + timedelta(days=10))
    assert later["queue"]["reports"][0].waiting == 11
    assert later["queue"]["reports"][0].waiting_long


def test_post_to_the_coachs_home_is_not_allowed(world, as_user):
    assert as_user(world.coach).post(URL).status_code == 405


# --- Query count -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [2, 12])
def test_the_coachs_home_costs_the_same_queries_for_any_caseload(
    world, as_user, size, django_assert_max_num_queries
):
    for n in range(size):
        profile = coachee(world, f"Resident {n:02}")
        project = f.project_at(Stage.CURRENT_STATE, lead=profile, coach=world.coach)
        first_day, second_day = f.working_days_around(10 + n)
        project.event_first_day, project.event_second_day = first_day, second_day
        project.save()
        f.FollowUpFactory(project=project, due_on=today() + timedelta(days=3))
        f.ProgressReportFactory(resident=profile, submitted=True, waited=n + 1)
        session = f.CoachingSessionFactory(resident=profile, coach=world.coach)
        f.CoachingActionFactory(session=session, due_on=today() + timedelta(days=2))
        f.MilestoneFactory(resident=profile, due_on=today() - timedelta(days=3))
    client = as_user(world.coach)
    # The session with its user (1); the reports to review (the review queue and "Waiting on
    # you" share them); projects with their follow-ups (2); caseload (also the coachees
    # "Waiting on you" checks for contact); the at-risk verdict (5: overdue milestones, last
    # reports, coaches, active capstones, the program's setting); agreed actions; session
    # save (3); "Waiting on you" (3 more: homework, the contact setting, approvals).
    with django_assert_max_num_queries(17):
        response = client.get(URL)
    home = response.context["coach"]
    assert len(home["caseload"]) == size + 1
    assert sum(1 for row in home["caseload"] if row.project) == size
    assert len(home["events"]) == size
    assert len(home["coming_up"]) == 2 * size
