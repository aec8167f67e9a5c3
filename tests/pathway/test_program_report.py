"""The printable program report for one academic year (1 July – 30 June), for the annual
program evaluation."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from capstone.models import Stage, StageChange
from mentoring.models import ReportReview, ReportStatus, ReportSubmission, ReviewDecision
from pathway.core.academic import academic_year_label, academic_year_start
from pathway.dashboards.report import program_report
from pathway.models import ApplicationStatus, PathwayStatus
from tests import factories as f
from tests.pathway.program_data import at, moved, project, resident

URL = reverse("pathway:program_report")
TODAY = date(2026, 3, 15)
YEAR = 2024  # 1 July 2024 – 30 June 2025: over, so its stages come from the history
OUT = PathwayStatus.NOT_ENROLLED


def bystander(program):
    """A resident who is not in the pathway: leads or mentors without counting as a member."""
    return f.ResidentFactory(program=program, pathway_status=OUT)


def leave_pathway(*users):
    for user in users:
        user.resident_profile.pathway_status = OUT
        user.resident_profile.save()


def by_label(rows, key="count"):
    return {row["label"]: row[key] for row in rows}


# --- Numbers on hand-built data, at the year's boundaries -----------------------------------


@pytest.fixture
def year_of_work(world):
    program = world.program
    leave_pathway(world.resident, world.other_resident)

    # Applications: 30 June is the last day of the year, 1 July the first of the next.
    f.ApplicationFactory(resident=bystander(program), submitted_at=at(date(2025, 6, 30)))
    f.ApplicationFactory(resident=bystander(program), submitted_at=at(date(2025, 7, 1)))
    f.ApplicationFactory(
        resident=bystander(program),
        submitted_at=at(date(2025, 4, 1)),
        status=ApplicationStatus.ACCEPTED,
        decided_at=at(date(2025, 5, 1)),
    )
    f.ApplicationFactory(
        resident=bystander(program),
        submitted_at=at(date(2024, 6, 1)),
        status=ApplicationStatus.DECLINED,
        decided_at=at(date(2024, 6, 30)),
    )

    # Residents, by their PGY on 30 June 2025.
    resident(
        program,
        pgy=1,
        today=date(2025, 6, 30),
        joined_on=date(2025, 3, 1),
        vmps_for_leaders_completed_on=date(2024, 11, 1),
    )
    resident(
        program,
        pgy=2,
        today=date(2025, 6, 30),
        joined_on=date(2024, 6, 30),
        pathway_status=PathwayStatus.WITHDRAWN,
        withdrawn_on=date(2025, 7, 1),  # still in the pathway at year end
        leading_at_vm_completed_on=date(2025, 6, 30),
    )
    resident(
        program,
        pgy=2,
        today=date(2025, 6, 30),
        pathway_status=PathwayStatus.WITHDRAWN,
        withdrawn_on=date(2025, 6, 30),
        leading_at_vm_completed_on=date(2025, 7, 1),
    )
    resident(
        program,
        pgy=3,
        today=date(2025, 6, 30),
        pathway_status=PathwayStatus.COMPLETED,
        completed_on=date(2025, 5, 15),
        sbp_signed_off_on=date(2024, 7, 1),
    )
    resident(program, pgy=1, today=date(2025, 6, 30), joined_on=date(2025, 7, 1))
    resident(world.other_program, pgy=1, today=date(2025, 6, 30), joined_on=date(2025, 1, 1))

    # Capstones.
    reached = project(program, lead=bystander(program), title="Reached results")
    moved(reached, Stage.SELECTION, date(2024, 7, 1), kind=StageChange.Kind.START)
    moved(reached, Stage.RESULTS, date(2025, 6, 30))
    moved(reached, Stage.DISSEMINATION, date(2025, 9, 1))
    reached.event_first_day, reached.event_second_day = date(2025, 6, 29), date(2025, 6, 30)
    reached.progress_score = Decimal("3.5")
    reached.progress_confirmed_at = at(date(2025, 9, 1))
    reached.save()
    closed = project(program, lead=bystander(program), title="Closed in January")
    moved(closed, Stage.CLOSED, date(2025, 1, 15))
    withdrawn = project(program, lead=bystander(program), title="Withdrawn")
    moved(withdrawn, Stage.WITHDRAWN, date(2025, 2, 1), kind=StageChange.Kind.WITHDRAW)
    quiet = project(
        program,
        Stage.CURRENT_STATE,
        lead=bystander(program),
        title="No history",
        stage_changed_at=at(date(2025, 8, 1)),
        progress_score=Decimal("2.0"),
        progress_confirmed_at=at(date(2025, 5, 1)),
    )
    later = project(
        program,
        lead=bystander(program),
        title="Next year",
        event_first_day=date(2025, 6, 30),
        event_second_day=date(2025, 7, 1),
    )
    dates = {
        reached: date(2024, 7, 1),
        closed: date(2024, 6, 30),
        withdrawn: date(2024, 9, 1),
        quiet: date(2024, 8, 1),
        later: date(2025, 7, 1),
    }
    for made, created in dates.items():
        type(made).objects.filter(pk=made.pk).update(created_at=at(created))

    # Scholarly output.
    f.PresentationFactory(project=reached, venue="First day", presented_on=date(2024, 7, 1))
    f.PresentationFactory(project=reached, venue="Too early", presented_on=date(2024, 6, 30))
    f.PresentationFactory(project=reached, venue="Too late", presented_on=date(2025, 7, 1))
    f.PublicationFactory(project=reached, journal="Last day", published_on=date(2025, 6, 30))
    f.PresentationFactory(
        project=project(world.other_program), venue="Elsewhere", presented_on=date(2025, 1, 1)
    )

    # Peer mentoring.
    quiet_people = {
        "mentor__pathway_status": OUT,
        "mentee__pathway_status": OUT,
        "mentor__vmps_for_leaders_completed_on": date(2020, 1, 1),
    }
    mentor_program = {"mentor__program": program}
    f.PeerMentorshipFactory(
        started_on=date(2024, 5, 1), ended_on=date(2024, 7, 1), **quiet_people, **mentor_program
    )
    ongoing = f.PeerMentorshipFactory(started_on=date(2025, 1, 1), **quiet_people, **mentor_program)
    f.PeerMentorshipFactory(started_on=date(2025, 7, 1), **quiet_people, **mentor_program)
    f.PeerMentorshipFactory(
        started_on=date(2024, 5, 1), ended_on=date(2024, 6, 30), **quiet_people, **mentor_program
    )
    f.MentoringMeetingFactory(mentorship=ongoing, met_on=date(2025, 2, 1))
    f.MentoringMeetingFactory(mentorship=ongoing, met_on=date(2025, 7, 1))

    # Coaching.
    for first_submitted, review in (
        (date(2025, 6, 30), ReviewDecision.REVIEWED),
        (date(2025, 5, 1), ReviewDecision.REVISION_REQUESTED),
        (date(2025, 7, 1), ReviewDecision.REVIEWED),
    ):
        report = f.ProgressReportFactory(
            resident=bystander(program),
            status=ReportStatus.SUBMITTED,
            submitted_at=at(first_submitted),
            first_submitted_at=at(first_submitted),
        )
        submission = ReportSubmission.objects.create(
            report=report, number=1, submitted_at=at(first_submitted), content={}
        )
        ReportReview.objects.create(
            report=report,
            submission=submission,
            decision=review,
            feedback="Thanks.",
            reviewed_at=at(first_submitted, hour=16),
        )
    f.CoachingSessionFactory(resident=bystander(program), held_on=date(2024, 7, 1))
    f.CoachingSessionFactory(resident=bystander(program), held_on=date(2024, 6, 30))
    return program


def test_participation_counts_the_years_applications_and_members(world, year_of_work):
    report = program_report(program=world.program, year=YEAR, today=TODAY)
    assert report["period"].label == "2024–25" and not report["period"].in_progress
    p = report["participation"]
    assert p["applications_received"] == 2  # 30 June 2025 and 1 April 2025; not 1 July
    assert (p["applications_accepted"], p["applications_declined"]) == (1, 0)
    assert by_label(p["by_class"]) == {"PGY-1": 1, "PGY-2": 1, "PGY-3": 1}
    assert p["in_pathway"] == 3
    assert (p["joined"], p["withdrew"], p["completed"], p["graduated"]) == (1, 1, 1, 1)


def test_curriculum_completions_count_in_the_year_they_happened(world, year_of_work):
    curriculum = program_report(program=world.program, year=YEAR, today=TODAY)["curriculum"]
    assert curriculum == {"vmps": 1, "leading": 1, "sbp": 1}


def test_capstones_are_counted_by_what_happened_in_the_year(world, year_of_work):
    capstones = program_report(program=world.program, year=YEAR, today=TODAY)["capstones"]
    assert capstones["started"] == 3
    assert capstones["events_held"] == 1
    assert capstones["reached_results"] == 1
    assert (capstones["closed"], capstones["withdrawn"]) == (1, 1)
    stages = by_label(capstones["per_stage"])
    # Stages on 30 June 2025, from the history: Dissemination came later.
    assert stages["Results"] == 1 and stages["Dissemination"] == 0
    assert stages["Closed"] == 1 and stages["Withdrawn"] == 1
    assert stages["Selection"] == 1  # no history, and its current stage was set later
    assert capstones["open_at_end"] == 2
    scores = {row["score"]: row["count"] for row in capstones["scores"]}
    assert scores[Decimal("2.0")] == 1 and scores[Decimal("3.5")] == 0  # confirmed later
    assert capstones["not_scored"] == 1


def test_the_years_scholarly_output_is_listed(world, year_of_work):
    scholarly = program_report(program=world.program, year=YEAR, today=TODAY)["scholarly"]
    assert [item.venue for item in scholarly["items"]] == ["First day", "Last day"]
    assert by_label([{"label": r["kind"], "count": r["count"]} for r in scholarly["counts"]]) == {
        "Presentations": 1,
        "Abstracts accepted": 0,
        "Publications": 1,
    }


def test_mentoring_and_coaching_count_the_years_activity(world, year_of_work):
    report = program_report(program=world.program, year=YEAR, today=TODAY)
    assert report["mentoring"] == {"active": 2, "started": 1, "ended": 1, "meetings": 1}
    assert report["coaching"] == {
        "reports_submitted": 2,
        "submissions": 2,
        "reviewed": 1,
        "revisions": 1,
        "sessions": 1,
    }


def test_the_year_in_progress_runs_to_today_with_current_stages(world):
    program = world.program
    made = project(program, Stage.EVENT_PREP, lead=bystander(program))
    moved(made, Stage.IMPLEMENTATION, TODAY - timedelta(days=2))
    type(made).objects.filter(pk=made.pk).update(created_at=at(TODAY - timedelta(days=90)))
    f.PresentationFactory(project=made, presented_on=TODAY + timedelta(days=10))
    report = program_report(program=program, year=2025, today=TODAY)
    assert report["period"].in_progress and report["period"].as_of == TODAY
    assert by_label(report["capstones"]["per_stage"])["Implementation"] == 1
    assert report["scholarly"]["total"] == 0  # planned talks are not output yet


# --- The page --------------------------------------------------------------------------------


def current_label():
    return academic_year_label(academic_year_start(timezone.localdate()))


@pytest.mark.parametrize("persona", ["director", "coordinator"])
def test_program_staff_open_the_report_of_the_current_year_by_default(world, as_user, persona):
    response = as_user(getattr(world, persona)).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert f"Program report {current_label()}" in body
    assert "Pathway participation" in body and "Mentoring and coaching" in body
    assert "data-print" in body and "js/print-button.js" in body


def test_a_chosen_year_shows_that_years_report(world, as_user):
    last = academic_year_start(timezone.localdate()) - 1
    f.PresentationFactory(
        project=project(world.program, lead=bystander(world.program)),
        venue="Regional SGIM",
        presented_on=date(last, 9, 1),
    )
    body = as_user(world.director).get(f"{URL}?year={last}").content.decode()
    assert f"Program report {academic_year_label(last)}" in body
    assert "Regional SGIM" in body
    assert f"1 July {last} – 30 June {last + 1}" in body


@pytest.mark.parametrize(
    "value, message",
    [
        ("abc", "Give the year as four digits"),
        ("", "This field is required"),
        ("1900", "There is no report for 1900"),
        ("20250", "There is no report for 20250"),
        ("2025.5", "Give the year as four digits"),
    ],
)
def test_a_bad_year_gets_a_clear_message_not_an_error(world, as_user, value, message):
    response = as_user(world.director).get(URL, {"year": value})
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "Pathway participation" not in body


def test_a_year_that_has_not_started_has_no_report(world, as_user):
    future = academic_year_start(timezone.localdate()) + 1
    body = as_user(world.director).get(URL, {"year": future}).content.decode()
    assert f"There is no report for {future}" in body
    assert "Pathway participation" not in body


def test_another_programs_director_sees_only_their_programs_report(world, as_user):
    f.PresentationFactory(
        project=project(world.program, lead=bystander(world.program)),
        venue="Regional SGIM",
        presented_on=timezone.localdate(),
    )
    assert "Regional SGIM" in as_user(world.director).get(URL).content.decode()
    other = as_user(world.other_director).get(f"{URL}?program={world.program.pk}")
    assert world.other_program.name in other.content.decode()
    assert "Regional SGIM" not in other.content.decode()


def test_a_site_administrator_chooses_the_program_and_keeps_the_year(world, as_user):
    client = as_user(world.superuser)
    body = client.get(URL, {"year": 2024}).content.decode()
    assert "Choose a program" in body and "Pathway participation" not in body
    assert 'name="year" value="2024"' in body
    body = client.get(URL, {"year": 2024, "program": world.program.pk}).content.decode()
    assert "Program report 2024–25" in body and world.program.name in body


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor"])
def test_residents_coaches_and_sponsors_may_not_open_the_report(world, as_user, persona):
    assert as_user(getattr(world, persona)).get(URL).status_code == 403


def test_posting_to_the_report_is_not_allowed(world, as_user):
    assert as_user(world.director).post(URL).status_code == 405


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize("years_back", [0, 1])
def test_the_report_costs_the_same_queries_for_any_program_size(
    world, as_user, django_assert_max_num_queries, size, years_back
):
    today = timezone.localdate()
    year = academic_year_start(today) - years_back
    for index in range(size):
        lead = resident(world.program, pgy=1 + index % 3, today=today, joined_on=today)
        made = project(world.program, lead=lead, progress_score=Decimal("2.0"))
        moved(made, Stage.CURRENT_STATE, today - timedelta(days=index + 3))
        f.PresentationFactory(project=made, presented_on=today - timedelta(days=index + 3))
        f.PublicationFactory(project=made, published_on=today - timedelta(days=400 + index))
        f.ApplicationFactory(resident=lead, submitted_at=at(today - timedelta(days=index + 3)))
        f.PeerMentorshipFactory(mentor__program=world.program)
        f.CoachingSessionFactory(resident=lead, held_on=today - timedelta(days=index + 3))
    client = as_user(world.director)
    # The session with its user (and, on this first page after signing in, the session saved
    # inside a savepoint: 4), the scholarly items (3) and their co-leads, the residents, the
    # applications, the projects and, for a past year, their stage history, the projects
    # closed or withdrawn, the mentoring (1) and the coaching (3) counts.
    with django_assert_max_num_queries(17):
        response = client.get(URL, {"year": year})
    assert response.status_code == 200
    assert "Pathway participation" in response.content.decode()
