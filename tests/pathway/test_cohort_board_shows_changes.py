"""Every change the cohort board shows is on the very next load: each test loads the board,
changes one thing through the service the app uses for it, and loads the board again. The
board keeps no cache of its data (a cache that missed a write path would show a director
stale data), so these guard against one coming back unnoticed."""

import pytest
from django.urls import reverse

from capstone.models import Project, Stage
from capstone.services import project_hold
from mentoring.models import CoachAssignment
from mentoring.services.coaching import (
    coach_assign,
    coach_assignment_end,
    coaching_settings_update,
)
from mentoring.services.reports import report_submit
from pathway.milestones.services import (
    milestone_complete,
    milestone_reschedule,
    milestone_template_save,
    milestone_waive,
)
from pathway.people.services import person_deactivate
from tests import factories as f
from tests.pathway import board_setup as b

URL = reverse("pathway:cohort_board")


@pytest.fixture
def board(world, as_user):
    """The director's client with the board loaded once, and the board's residents."""
    columns = b.templates(world.program)
    coach = f.coach_in(world.program, user__full_name="Kim Coach")
    ada = b.resident(world.program, name="Ada Active", coach=coach, stage=Stage.CURRENT_STATE)
    nora = b.resident(world.program, name="Nora Noreport", coach=coach, reported_days_ago=None)
    milestone = b.milestone(ada, columns[0], due_in=30)
    client = as_user(world.director)
    first = page(client)
    assert "Ada Active" in first and "Nora Noreport" in first
    return {
        "client": client,
        "columns": columns,
        "coach": coach,
        "ada": ada,
        "nora": nora,
        "milestone": milestone,
        "first": first,
    }


def page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    return text[text.index("<main") : text.index("</main>")]


def test_a_completed_milestone_shows_as_done(board, world):
    assert "cb-cell cb-done" not in board["first"]
    milestone_complete(
        milestone=board["milestone"], by=world.director, completed_on=b.today(), evidence="Seen"
    )
    assert "cb-cell cb-done" in page(board["client"])


def test_a_waived_milestone_shows_as_waived(board, world):
    milestone_waive(
        milestone=board["milestone"], by=world.director, reason="Done elsewhere", today=b.today()
    )
    assert "cb-cell cb-waived" in page(board["client"])


def test_a_moved_due_date_shows_as_overdue(board, world):
    milestone_reschedule(
        milestone=board["milestone"], by=world.director, due_on=b.days(-5), reason="Earlier"
    )
    assert "cb-cell cb-overdue" in page(board["client"])


def test_a_renamed_milestone_column_shows_its_new_name(board):
    template = board["columns"][1]
    template.name = "Map the value stream"
    milestone_template_save(template=template)
    assert "Map the value stream" in page(board["client"])


def test_a_renamed_resident_shows_their_new_name(board):
    user = board["ada"].user
    user.full_name = "Ada Lovelace"
    user.save()
    assert "Ada Lovelace" in page(board["client"])


def test_a_deactivated_resident_leaves_the_board(board):
    person_deactivate(user=board["nora"].user)
    assert "Nora Noreport" not in page(board["client"])


def test_a_new_resident_joins_the_board(board, world):
    b.resident(world.program, name="Newt Newcomer")
    assert "Newt Newcomer" in page(board["client"])


def test_a_project_put_on_hold_shows_its_new_stage(board, world):
    project = Project.objects.get(lead=board["ada"])
    project_hold(project=project, by=world.director, reason="Parental leave")
    assert "Capstone on hold" in page(board["client"])


def test_a_new_coach_shows_on_the_residents_row(board, world):
    other = f.coach_in(world.program, user__full_name="Lee Newcoach")
    coach_assign(
        resident=board["ada"], coach=other, started_on=b.today(), assigned_by=world.director
    )
    assert "Lee Newcoach" in page(board["client"])


def test_an_ended_coach_assignment_puts_the_resident_at_risk(board):
    # The world's other residents are on the board too, some without a coach already.
    reason = '">No KPO coach</a>'
    before = board["first"].count(reason)
    assignment = CoachAssignment.objects.current().get(resident=board["nora"])
    coach_assignment_end(assignment=assignment, ended_on=b.today())
    assert page(board["client"]).count(reason) == before + 1


def test_a_submitted_report_ends_the_stalled_flag(board):
    reason = "Stalled: no progress report yet"
    before = board["first"].count(reason)
    report_submit(report=f.ProgressReportFactory(resident=board["nora"]))
    assert page(board["client"]).count(reason) == before - 1


def test_a_new_stalled_threshold_shows_at_once(board, world):
    coaching_settings_update(
        program=world.program,
        report_cadence_days=14,
        stalled_after_days=45,
        updated_by=world.director,
    )
    assert "no progress report for 45 days" in page(board["client"])
