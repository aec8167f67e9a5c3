"""The resident's home: next milestones, the capstone's next step, progress reports and their
feedback, courses and the SBP rotation, the people who help, unread notifications."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from capstone.models import Stage
from mentoring.models import CoachAssignment, ReportStatus
from pathway.dashboards.resident import resident_home
from tests import factories as f
from tests.pathway.board_setup import today
from tests.pathway.home_pages import URL, page_of


def coached_since(user):
    return CoachAssignment.objects.get(resident__user=user, ended_on=None).started_on


pytestmark = pytest.mark.django_db


# --- Milestones ------------------------------------------------------------------------------


def test_the_resident_sees_their_next_open_milestones_with_status_and_a_timeline_link(
    world, as_user
):
    profile = world.resident.resident_profile
    f.MilestoneFactory(
        resident=profile, template__name="Choose a sponsor", due_on=today() - timedelta(days=5)
    )
    f.MilestoneFactory(
        resident=profile, template__name="Charter done", due_on=today() + timedelta(days=6)
    )
    f.MilestoneFactory(
        resident=profile, template__name="Two-day event", due_on=today() + timedelta(days=90)
    )
    f.MilestoneFactory(
        resident=profile,
        template__name="Join the pathway",
        due_on=today() - timedelta(days=200),
        completed_on=today() - timedelta(days=210),
    )
    f.MilestoneFactory(
        resident=world.other_resident.resident_profile, template__name="Someone else's step"
    )
    response, page = page_of(as_user(world.resident))
    milestones = response.context["resident"]["milestones"]
    assert [m.name for m in milestones["next"]] == [
        "Choose a sponsor",
        "Charter done",
        "Two-day event",
    ]
    assert "1 of 4 done" in page
    charter_due = today() + timedelta(days=6)
    assert f"Due {charter_due.day} {charter_due:%b %Y}" in page
    assert "1 overdue" in page and "1 due soon" in page and "1 on track" in page
    assert 'class="badge status-overdue">Overdue' in page
    assert 'class="badge status-due-soon">Due soon' in page
    assert "Join the pathway" not in page  # done: counted, not listed
    assert "Someone else&#x27;s step" not in page and "Someone else's step" not in page
    assert reverse("pathway:my_milestones") in page


def test_waiting_on_you_lists_the_open_milestones_of_the_next_30_days_as_the_card_does(
    world, as_user
):
    profile = world.resident.resident_profile
    for name, days, done in [
        ("Overdue step", -3, False),
        ("Soon step", 10, False),
        ("Waived step", 12, None),
        ("Done step", 14, True),
        ("Later step", 29, False),
        ("Far step", 45, False),
    ]:
        f.MilestoneFactory(
            resident=profile,
            template__name=name,
            due_on=today() + timedelta(days=days),
            completed_on=today() if done else None,
            waived_on=today() if done is None else None,
        )
    response, _ = page_of(as_user(world.resident))

    card = response.context["resident"]["milestones"]["next"]
    due = [
        (i.text, i.url) for i in response.context["waiting"]["items"] if i.kind == "Milestone due"
    ]
    soon = [(m.name, m.url) for m in card if m.due_on <= today() + timedelta(days=30)]
    assert (
        due
        == soon
        == [
            (name, reverse("pathway:milestone_detail", args=[m.pk]))
            for name, m in zip(["Overdue step", "Soon step", "Later step"], card, strict=False)
        ]
    )


def test_a_resident_with_every_milestone_done_is_congratulated(world, as_user):
    f.MilestoneFactory(
        resident=world.resident.resident_profile, completed_on=today() - timedelta(days=3)
    )
    assert "Every milestone is done" in page_of(as_user(world.resident))[1]


def test_a_resident_without_milestones_is_told_when_they_come(world, as_user):
    assert "No milestones yet" in page_of(as_user(world.resident))[1]


# --- Capstone --------------------------------------------------------------------------------


def test_a_resident_without_a_capstone_is_shown_how_to_start_one(world, as_user):
    _, page = page_of(as_user(world.resident))
    assert "You have no capstone project yet" in page
    assert reverse("capstone:project_add") in page


def test_the_capstone_shows_its_stage_on_the_stepper_and_what_is_missing_for_the_next(
    world, as_user
):
    project = f.ProjectFactory(
        lead=world.resident.resident_profile,
        title="Discharge before noon",
        chartered=True,
        coach=None,
    )
    response, page = page_of(as_user(world.resident))
    assert "Discharge before noon" in page
    assert 'aria-current="step"' in page and "Project stages" in page
    assert "To move on to Current state, 1 thing is still missing:" in page
    assert "A KPO coach on the project" in page
    assert reverse("capstone:project_detail", args=[project.pk]) in page
    step = response.context["resident"]["capstone"]["next_step"]
    assert [label for label, _ in step.missing] == ["A KPO coach on the project"]


def test_a_capstone_ready_to_move_on_says_so(world, as_user):
    f.project_at(Stage.SELECTION, ready_for_next=True, lead=world.resident.resident_profile)
    _, page = page_of(as_user(world.resident))
    assert (
        "Everything needed for Current state is done: move your project on from its page." in page
    )


def test_a_capstone_on_hold_says_how_to_resume(world, as_user):
    f.project_at(Stage.ON_HOLD, lead=world.resident.resident_profile)
    _, page = page_of(as_user(world.resident))
    assert "Your project is on hold (On leave)" in page
    assert "Resume it in Selection (charter)" in page


def test_another_residents_capstone_is_not_shown(world, as_user):
    f.ProjectFactory(lead=world.other_resident.resident_profile, title="Otto's project")
    _, page = page_of(as_user(world.resident))
    assert "Otto" not in page
    assert "You have no capstone project yet" in page


# --- Progress reports ------------------------------------------------------------------------


def test_the_latest_reviewed_report_shows_the_coachs_feedback(world, as_user):
    report = f.ProgressReportFactory(
        resident=world.resident.resident_profile, submitted=True, waited=10
    )
    f.report_was_reviewed(report, reviewer=world.coach, days_ago=8)
    response, page = page_of(as_user(world.resident))
    assert f"Latest report: {report.period_label}" in page
    assert "Reviewed" in page
    assert "Good progress; add the baseline median next time." in page
    assert "Cora Coach" in page
    due = report.period_to + timedelta(days=14)
    assert response.context["resident"]["reports"].due_on == due


@pytest.mark.parametrize("reported", [True, False])
def test_the_report_cadence_is_the_programs_with_or_without_a_report(world, as_user, reported):
    f.CoachingSettingsFactory(program=world.program, report_cadence_days=30)
    f.CoachingSettingsFactory(program=world.other_program, report_cadence_days=7)
    if reported:
        report = f.ProgressReportFactory(resident=world.resident.resident_profile, submitted=True)
    response, page = page_of(as_user(world.resident))
    line = response.context["resident"]["reports"]
    assert line.cadence == 30 and "(every 30 days)" in page
    # Never reported: the first report is due a cadence after the coach took them on.
    start = report.period_to if reported else coached_since(world.resident)
    assert line.due_on == start + timedelta(days=30)


def test_without_saved_coaching_settings_reports_are_due_every_fourteen_days(world, as_user):
    report = f.ProgressReportFactory(resident=world.resident.resident_profile, submitted=True)
    response, page = page_of(as_user(world.resident))
    assert "(every 14 days)" in page
    assert response.context["resident"]["reports"].due_on == report.period_to + timedelta(days=14)


def test_a_report_sent_back_for_revision_is_offered_for_editing(world, as_user):
    report = f.ProgressReportFactory(resident=world.resident.resident_profile, submitted=True)
    f.report_was_reviewed(report, reviewer=world.coach, decision="revision")
    _, page = page_of(as_user(world.resident))
    assert "Your coach asked you to revise your report" in page
    assert reverse("mentoring:report_edit", args=[report.pk]) in page
    assert reverse("mentoring:report_add") not in page


def test_a_resident_whose_report_is_due_is_offered_to_write_the_next(world, as_user):
    report = f.ProgressReportFactory(
        resident=world.resident.resident_profile,
        period_from=today() - timedelta(days=30),
        period_to=today() - timedelta(days=20),
        submitted=True,
        waited=19,
    )
    f.report_was_reviewed(report, reviewer=world.coach, days_ago=15)
    _, page = page_of(as_user(world.resident))
    assert "Next report overdue since" in page
    assert reverse("mentoring:report_add") in page
    assert "Write your next report" in page


def test_a_report_not_due_yet_shows_its_date_without_the_button(world, as_user):
    report = f.ProgressReportFactory(
        resident=world.resident.resident_profile,
        period_from=today() - timedelta(days=10),
        period_to=today() - timedelta(days=1),
        submitted=True,
        waited=1,
    )
    f.report_was_reviewed(report, reviewer=world.coach, days_ago=0)
    _, page = page_of(as_user(world.resident))
    due = report.period_to + timedelta(days=14)
    assert f"Next report due {due.day} {due:%b %Y}" in page
    assert "Write your next report" not in page


@pytest.mark.parametrize("reported", [False, True])
def test_the_home_and_the_reports_page_give_the_same_next_due_date(world, as_user, reported):
    if reported:
        f.ProgressReportFactory(
            resident=world.resident.resident_profile,
            period_from=today() - timedelta(days=20),
            period_to=today() - timedelta(days=3),
            submitted=True,
        )
        f.ProgressReportFactory(resident=world.resident.resident_profile)  # a later draft
    client = as_user(world.resident)
    home, _ = page_of(client)
    reports_page = client.get(reverse("mentoring:report_list"))
    assert home.context["resident"]["reports"].due_on == reports_page.context["due_on"]


def test_a_resident_who_never_reported_is_told_how_reports_work(world, as_user):
    _, page = page_of(as_user(world.resident))
    due = coached_since(world.resident) + timedelta(days=14)
    assert "No progress report yet" in page
    assert f"Your first report is due {due:%-d %b %Y}" in page
    assert "Write your first report" in page


def test_an_uncoached_resident_who_never_reported_is_due_today(world, as_user):
    CoachAssignment.objects.filter(resident__user=world.resident).delete()
    _, page = page_of(as_user(world.resident))
    assert "Your first report is due today" in page


def test_a_draft_is_not_shown_as_the_latest_report_but_offered_to_continue(world, as_user):
    draft = f.ProgressReportFactory(resident=world.resident.resident_profile)
    response, page = page_of(as_user(world.resident))
    assert response.context["resident"]["reports"].latest is None
    assert draft.status == ReportStatus.DRAFT
    assert "You have a draft report" in page
    assert reverse("mentoring:report_edit", args=[draft.pk]) in page


# --- Courses, SBP, people, notifications -------------------------------------------------------


def test_course_and_sbp_progress_are_shown_as_x_of_y(world, as_user):
    profile = world.resident.resident_profile
    course = f.CourseFactory(
        program=world.program, name="VMPS for Leaders", kind="vmps_for_leaders"
    )
    f.CourseClassFactory.create_batch(3, course=course)
    rotation = f.SBPRotationFactory(resident=profile)
    first = f.SBPRequirementFactory(program=world.program, name="Flow tour", target=2)
    f.SBPRequirementFactory(program=world.program, name="Report-out", target=1)
    f.SBPActivityFactory(rotation=rotation, requirement=first)
    _, page = page_of(as_user(world.resident))
    assert "VMPS for Leaders" in page
    assert "0 of 3" in page
    assert "1 of 3" in page  # one of three SBP activities
    assert "0 of 2 activity targets met" in page
    assert reverse("pathway:my_courses") in page


def test_without_courses_or_rotation_the_resident_is_told_who_sets_them_up(world, as_user):
    _, page = page_of(as_user(world.resident))
    assert "No courses are offered yet" in page
    assert "Not scheduled yet: the coordinator schedules your rotation." in page


def test_the_resident_sees_their_coach_sponsor_and_peer_mentor_with_emails(world, as_user):
    profile = world.resident.resident_profile
    f.ProjectFactory(lead=profile, sponsor=world.sponsor, sponsor_accepted_on=today())
    mentor = f.MentorFactory(program=world.program, user__full_name="Mia Mentor")
    f.PeerMentorshipFactory(mentor=mentor, mentee=profile)
    _, page = page_of(as_user(world.resident))
    for person in (world.coach, world.sponsor, mentor.user):
        assert person.display_name in page
        assert f"mailto:{person.email}" in page


def test_a_resident_without_a_sponsor_or_mentor_is_told_what_to_do(world, as_user):
    _, page = page_of(as_user(world.resident))
    assert reverse("mentoring:sponsor_choose") in page
    assert "the program pairs PGY-1 and PGY-2 residents with a PGY-3 mentor" in page


def test_unread_notifications_show_their_count_and_the_latest(world, as_user):
    for n in range(4):
        f.NotificationFactory(
            user=world.resident,
            text=f"Reminder {n}",
            created_at=timezone.now() - timedelta(hours=10 - n),
        )
    f.NotificationFactory(user=world.other_resident, text="Not for Rosa")
    world.resident.unread_notifications = 4
    world.resident.save()
    _, page = page_of(as_user(world.resident))
    assert "4 unread" in page
    assert "Reminder 3" in page and "Reminder 1" in page
    assert "Reminder 0" not in page  # only the latest few
    assert "Not for Rosa" not in page
    assert reverse("pathway:notification_list") in page


def test_with_nothing_unread_the_resident_is_told_they_are_up_to_date(world, as_user):
    assert "No unread notifications" in page_of(as_user(world.resident))[1]


def test_the_dashboard_is_assembled_for_a_pinned_day(world):
    f.MilestoneFactory(
        resident=world.resident.resident_profile, due_on=today() + timedelta(days=20)
    )
    later = resident_home(user=world.resident, today=today() + timedelta(days=30))
    assert later["milestones"]["overdue"] == 1


def test_post_to_the_home_is_not_allowed(world, as_user):
    assert as_user(world.resident).post(URL).status_code == 405


# --- Query count -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [3, 14])
def test_the_residents_home_costs_the_same_queries_for_any_amount_of_data(
    world, as_user, size, django_assert_max_num_queries
):
    profile = world.resident.resident_profile
    for n in range(size):
        f.MilestoneFactory(resident=profile, due_on=today() + timedelta(days=n * 5 - 10))
    f.project_at(Stage.CURRENT_STATE, lead=profile, sponsor=world.sponsor)
    for n in range(size):
        report = f.ProgressReportFactory(
            resident=profile,
            period_from=today() - timedelta(days=20 * n + 15),
            period_to=today() - timedelta(days=20 * n + 2),
            submitted=True,
        )
        f.report_was_reviewed(report, reviewer=world.coach)
    for n in range(size):
        course = f.CourseFactory(program=world.program)
        f.CourseClassFactory.create_batch(2, course=course)
    rotation = f.SBPRotationFactory(resident=profile)
    for _ in range(size):
        f.SBPActivityFactory(rotation=rotation)
    f.PeerMentorshipFactory(mentor=f.MentorFactory(program=world.program), mentee=profile)
    f.NotificationFactory.create_batch(size, user=world.resident)
    world.resident.unread_notifications = size
    world.resident.save()
    client = as_user(world.resident)
    # The session with its user (1); capstone and its stage rules (5); milestones; reports (with the
    # program's report cadence) and the latest review (2); courses (5); rotation, activities,
    # requirements (3); coach, peer mentor, notifications (3); session save (3); "Waiting on
    # you" (4: report and homework revisions, returned stage requests, next milestones).
    with django_assert_max_num_queries(27):
        response = client.get(URL)
    assert response.status_code == 200
