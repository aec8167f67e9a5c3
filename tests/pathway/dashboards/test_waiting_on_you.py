""" "Waiting on you" at the top of each home: exactly the items the issue lists per role, oldest
first with the days waited, each one click from its action."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import CoachAssignment, CoachingSettings
from pathway.dashboards.waiting import waiting_on
from pathway.models import Application
from pathway.models.courses import SubmissionStatus
from tests import factories as f
from tests.pathway.dashboards.waiting_setup import FILL, ago

pytestmark = pytest.mark.django_db

KINDS = {
    "director": {
        "Application to decide",
        "Needs your override",
        "At risk",
        "No KPO coach",
        "No sponsor",
        "Report waiting on a coach",
        "Rotation to sign off",
    },
    "coordinator": {
        "Invitation not accepted",
        "No role",
        "Proposed sponsor",
        "Waitlist",
        "No sessions",
        "Attendance not taken",
    },
    "coach": {"Report to review", "Homework to review", "Stage request to approve", "No contact"},
    "sponsor": {"Sponsor request", "Stage request to approve"},
    "resident": {"Revision requested", "Stage request returned", "Milestone due"},
}


def waiting_of(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.context["waiting"], response.content.decode()


@pytest.mark.parametrize("role", sorted(FILL))
def test_each_role_sees_the_kinds_the_issue_lists_oldest_first(world, as_user, role, monkeypatch):
    monkeypatch.setattr("pathway.dashboards.waiting_items.SHOWN", 100)
    FILL[role](world, 1)
    waiting, page = waiting_of(as_user(getattr(world, role)))
    items = waiting["items"]
    assert {item.kind for item in items} == KINDS[role]
    dated = [item.since for item in items if item.since is not None]
    assert dated == sorted(dated)
    assert page.index("Waiting on you") < page.index("Welcome") + 2000
    for item in items:
        assert f'href="{item.url}"' in page


def test_the_director_sees_an_application_that_waited_63_days_first_with_its_decide_link(
    world, as_user
):
    FILL["director"](world, 1)
    waiting, page = waiting_of(as_user(world.director))
    oldest = waiting["items"][0]
    assert (oldest.kind, oldest.text, oldest.action) == (
        "Application to decide",
        "Ana Apply 0",
        "Decide",
    )
    assert oldest.waiting_text == "waiting 63 days"
    assert "waiting 63 days" in page
    application = Application.objects.get(resident__user__full_name="Ana Apply 0")
    assert oldest.url == reverse("pathway:application_detail", args=[application.pk])


def test_at_risk_residents_show_their_reasons_each_with_its_link(world, as_user):
    FILL["director"](world, 1)
    waiting, page = waiting_of(as_user(world.director))
    at_risk = [item for item in waiting["items"] if item.text == "Lena Late 0"]
    assert [item.kind for item in at_risk] == ["At risk"]
    texts = [text for text, _ in at_risk[0].details]
    assert any("1 milestone overdue since" in text for text in texts)
    assert "1 milestone overdue since" in page


def test_reports_wait_on_a_coach_for_the_programs_limit_before_the_director_sees_them(
    world, as_user
):
    FILL["director"](world, 1)  # Lena Late's report has waited 15 days
    client = as_user(world.director)
    kinds = {item.kind for item in waiting_of(client)[0]["items"]}
    assert "Report waiting on a coach" in kinds
    CoachingSettings.objects.create(program=world.program, review_within_days=20)
    kinds = {item.kind for item in waiting_of(client)[0]["items"]}
    assert "Report waiting on a coach" not in kinds


def test_coachees_out_of_touch_follow_the_programs_contact_limit(world, as_user):
    FILL["coach"](world, 1)  # never met since their assignment 90 days ago
    client = as_user(world.coach)
    quiet = [i for i in waiting_of(client)[0]["items"] if i.kind == "No contact"]
    # Cody Coachee reported 6 days ago; Quinn Quiet was never met since the assignment.
    assert [i.text for i in quiet] == ["Quinn Quiet 0: no session, report or review yet"]
    assert quiet[0].waiting_text == "waiting 90 days"
    assert all(i.action == "Get in touch" for i in quiet)
    CoachingSettings.objects.create(program=world.program, contact_within_days=120)
    assert not [i for i in waiting_of(client)[0]["items"] if i.kind == "No contact"]


def test_the_coachs_home_lists_from_its_own_rows_what_the_panel_reads_alone(world, as_user):
    FILL["coach"](world, 2)
    # Met long ago (a report 200 days back); and a quiet coachee whose account is closed.
    long_ago = f.ResidentFactory(program=world.program, user__full_name="Lena Longago")
    f.CoachAssignmentFactory(resident=long_ago, coach=world.coach, started_on=ago(300).date())
    f.ProgressReportFactory(resident=long_ago, submitted=True, waited=200)
    closed = f.ResidentFactory(program=world.program, user__is_active=False)
    f.CoachAssignmentFactory(resident=closed, coach=world.coach, started_on=ago(300).date())
    waiting, _ = waiting_of(as_user(world.coach))
    world.coach.refresh_from_db()
    alone = waiting_on(user=world.coach, today=timezone.localdate())
    assert waiting == alone
    quiet = [i.text for i in alone["items"] if i.kind == "No contact"]
    assert quiet[0].startswith("Lena Longago: no session, report or review since ")
    assert quiet[1:] == [
        "Quinn Quiet 1: no session, report or review yet",
        "Quinn Quiet 0: no session, report or review yet",
    ]
    assert [i.kind for i in alone["items"]].count("Report to review") == 3


def test_a_homework_revision_answered_by_a_new_submission_waits_no_more(world, as_user):
    FILL["resident"](world, 1)
    client = as_user(world.resident)
    revision = world.resident.resident_profile.homework_submissions.get()
    assert "Revision requested" in {
        i.kind for i in waiting_of(client)[0]["items"] if "homework" in i.text
    }
    f.HomeworkSubmissionFactory(
        resident=revision.resident,
        assignment=revision.assignment,
        offering=revision.offering,
        status=SubmissionStatus.SUBMITTED,
        submitted_at=ago(1),
    )
    assert not [i for i in waiting_of(client)[0]["items"] if "homework" in i.text]


def test_the_residents_next_milestone_says_when_it_is_due(world, as_user):
    FILL["resident"](world, 2)  # due 5 days ahead and 4 days ahead
    waiting, page = waiting_of(as_user(world.resident))
    due = [i.waiting_text for i in waiting["items"] if i.kind == "Milestone due"]
    assert due == ["due in 4 days", "due in 5 days"]


@pytest.mark.parametrize(
    ("ended_days_ago", "waiting_text"),
    [(12, "due in 2 days"), (14, "due today"), (20, "overdue 6 days"), (5, None)],
)
def test_a_progress_report_due_soon_waits_on_the_resident_on_the_report_cards_date(
    world, as_user, ended_days_ago, waiting_text
):
    CoachingSettings.objects.create(program=world.program, report_cadence_days=14)
    f.fortnight_report(world.resident, ended_days_ago=ended_days_ago)
    client = as_user(world.resident)
    waiting, page = waiting_of(client)
    due = [i for i in waiting["items"] if i.kind == "Progress report due"]
    if waiting_text is None:  # due in 9 days: not yet
        assert not due
        return
    [item] = due
    card = client.get(reverse("home")).context["resident"]["reports"]
    assert item.since == card.due_on
    assert item.waiting_text == waiting_text
    assert item.text == "Your next progress report"
    assert f'href="{reverse("mentoring:report_add")}"' in page


def test_a_report_being_written_or_a_first_one_not_due_yet_waits_on_no_one(world, as_user):
    CoachingSettings.objects.create(program=world.program, report_cadence_days=14)
    client = as_user(world.resident)
    # Never reported, taken on by the coach today: the first report is due in 14 days.
    CoachAssignment.objects.filter(resident__user=world.resident).update(
        started_on=timezone.localdate()
    )
    assert not [i for i in waiting_of(client)[0]["items"] if i.kind == "Progress report due"]
    f.fortnight_report(world.resident, ended_days_ago=20)
    f.ProgressReportFactory(resident=world.resident.resident_profile)  # the next one, a draft
    assert not [i for i in waiting_of(client)[0]["items"] if i.kind == "Progress report due"]


def test_people_with_no_role_are_listed_but_not_an_offerings_instructor(world, as_user):
    FILL["coordinator"](world, 1)
    waiting, page = waiting_of(as_user(world.coordinator))
    no_role = [item.text for item in waiting["items"] if item.kind == "No role"]
    assert no_role == ["Norm Norole 0 holds no role"]


def test_another_programs_director_sees_none_of_it(world, as_user):
    FILL["director"](world, 1)
    FILL["coordinator"](world, 1)
    waiting, page = waiting_of(as_user(world.other_director))
    assert waiting["items"] == []
    assert "Nothing is waiting on you." in page
    assert "Ana Apply" not in page


def post_limits(client, *, review, contact):
    return client.post(
        reverse("mentoring:coaching_settings"),
        {
            "report_cadence_days": 14,
            "stalled_after_days": 21,
            "review_within_days": review,
            "contact_within_days": contact,
        },
    )


def test_staff_set_the_two_limits_with_the_coaching_settings(world, as_user):
    response = post_limits(as_user(world.director), review=5, contact=45)
    assert response.status_code == 302
    found = CoachingSettings.objects.get(program=world.program)
    assert (found.review_within_days, found.contact_within_days) == (5, 45)


def test_a_limit_out_of_range_is_refused_and_nothing_is_saved(world, as_user):
    response = post_limits(as_user(world.director), review=0, contact=45)
    assert response.status_code == 200
    assert "review_within_days" in response.context["form"].errors
    assert not CoachingSettings.objects.filter(program=world.program).exists()
