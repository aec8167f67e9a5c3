"""One fact, one truth: every page that shows a resident's milestone statuses or at-risk verdict
shows the same thing.

A generated cohort of 36 residents in every state (PGY-1 to 3, applicants, active, withdrawn and
completed; coached or not; reporting recently, long ago or never; joined today or months ago;
capstones active, on hold or none, sponsored or not; milestones done, waived, rescheduled,
overdue, due soon and upcoming) is read through: the resident's home, their timeline, the
cohort board and its CSV and XLSX downloads, the coach's caseload and the weekly director
digest. For every resident they must agree with each other and with the one verdict."""

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from capstone.models import Stage
from mentoring.at_risk import at_risk_by_resident
from pathway.dashboards.cohort import CELL_LABELS, NOT_APPLICABLE
from pathway.milestones.services import (
    milestone_complete,
    milestone_reschedule,
    milestone_templates_seed,
    milestone_waive,
    milestones_sync,
)
from pathway.models import MilestoneStatus, PathwayStatus, ResidentProfile
from pathway.reminders.digests import director_digest
from tests import factories as f

pytestmark = pytest.mark.django_db

SIZE = 36
STATUSES = [
    PathwayStatus.ACTIVE,
    PathwayStatus.ACTIVE,
    PathwayStatus.ACTIVE,
    PathwayStatus.APPLICANT,
    PathwayStatus.WITHDRAWN,
    PathwayStatus.COMPLETED,
]


def today():
    return timezone.localdate()


@pytest.fixture
def cohort(db):
    program = f.ProgramFactory(name="Consistency Internal Medicine")
    director = f.DirectorFactory(user__program=program, user__full_name="Dee Director").user
    coaches = [
        f.CoachFactory(user__program=program, user__full_name=f"Coach {n}").user for n in range(2)
    ]
    sponsor = f.SponsorFactory(user__program=program, user__full_name="Sid Sponsor").user
    f.CoachingSettingsFactory(program=program, stalled_after_days=21)
    milestone_templates_seed(program=program)
    residents = []
    for n in range(SIZE):
        profile = f.ResidentFactory(
            program=program,
            pgy=1 + n % 3,
            user__full_name=f"Resident {n:02d}",
            pathway_status=STATUSES[n % len(STATUSES)],
            joined_on=today() - timedelta(days=(n * 11) % 90),
        )
        residents.append(profile)
        if n % 4:
            f.CoachAssignmentFactory(resident=profile, coach=coaches[n % 2])
        if n % 5:
            f.ProgressReportFactory(resident=profile, submitted=True, waited=(n * 3) % 40)
        if n % 3:
            stage = [Stage.SELECTION, Stage.CURRENT_STATE, Stage.ON_HOLD][n % 3]
            accepted = {"sponsor": sponsor, "sponsor_accepted_on": f.days_ago(5)} if n % 2 else {}
            f.project_at(stage, lead=profile, **accepted)
    milestones_sync(program=program)
    # Directors' changes, through the services, on a few residents.
    for n, profile in enumerate(residents[:12]):
        milestones = list(profile.milestones.timeline())
        if not milestones:
            continue
        first = milestones[0]
        if n % 3 == 0 and first.is_open:
            milestone_complete(
                milestone=first, by=director, completed_on=today(), evidence="Seen in person"
            )
        elif n % 3 == 1:
            milestone_waive(milestone=first, by=director, reason="Prior training", today=today())
        else:
            milestone_reschedule(
                milestone=milestones[-1],
                by=director,
                due_on=today() + timedelta(days=3),
                reason="Clinic week",
            )
    return {"program": program, "director": director, "coaches": coaches, "residents": residents}


def signed_in(user):
    """A client of one's own: the `as_user` fixture signs its one client in as someone else."""
    client = Client()
    client.force_login(user)
    return client


def timeline_statuses(client, profile):
    response = client.get(reverse("pathway:resident_milestones", args=[profile.user_id]))
    assert response.status_code == 200
    return {m.template_id: m.current_status for m in response.context["milestones"]}


def home_milestones(profile):
    response = signed_in(profile.user).get(reverse("home"))
    assert response.status_code == 200
    return response.context["resident"]["milestones"]


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def by_name(table):
    header, *lines = table
    return header, {line[header.index("Name")]: line for line in lines}


def test_every_page_shows_the_same_milestone_statuses(cohort):
    director = signed_in(cohort["director"])
    board = director.get(reverse("pathway:cohort_board")).context["board"]
    rows = {row.profile_id: row for row in board.rows}
    header, lines = by_name(read_csv(director.get(reverse("pathway:cohort_board_csv"))))
    _, xlsx_lines = by_name(read_xlsx(director.get(reverse("pathway:cohort_board_xlsx"))))
    checked = 0
    for profile in cohort["residents"]:
        timeline = timeline_statuses(director, profile)
        counts = {status: 0 for status in MilestoneStatus}
        for status in timeline.values():
            counts[status] += 1
        if profile.pathway_status != PathwayStatus.WITHDRAWN:
            home = home_milestones(profile)
            assert home["total"] == len(timeline)
            assert home["done"] == counts[MilestoneStatus.DONE] + counts[MilestoneStatus.WAIVED]
            assert home["overdue"] == counts[MilestoneStatus.OVERDUE]
            assert home["due_soon"] == counts[MilestoneStatus.DUE_SOON]
            assert home["on_track"] == counts[MilestoneStatus.UPCOMING]
            for milestone in home["next"]:
                assert milestone.home_status == timeline[milestone.template_id]
        row = rows.get(profile.pk)
        if row is None:
            continue
        line, xlsx_line = lines[row.name], xlsx_lines[row.name]
        for column, cell in zip(board.columns, row.cells, strict=True):
            expected = timeline.get(column.template_id)
            assert cell.status == (expected.value if expected else NOT_APPLICABLE)
            label = CELL_LABELS[cell.status]
            assert line[header.index(f"{column.name}: status")] == label
            assert xlsx_line[header.index(f"{column.name}: status")] == label
            checked += 1
    assert checked > SIZE  # the board showed most of the cohort, column by column


def test_every_page_shows_the_same_at_risk_verdict_and_reasons(cohort):
    residents = ResidentProfile.objects.filter(user__program=cohort["program"]).select_related(
        "user"
    )
    verdicts = at_risk_by_resident(residents, today=today())
    truth = {r.user.display_name: [reason.text for reason in verdicts[r.pk]] for r in residents}
    assert sum(1 for reasons in truth.values() if reasons) >= 10
    assert sum(1 for reasons in truth.values() if not reasons) >= 5

    director = signed_in(cohort["director"])
    board = director.get(reverse("pathway:cohort_board")).context["board"]
    header, lines = by_name(read_csv(director.get(reverse("pathway:cohort_board_csv"))))
    _, xlsx_lines = by_name(read_xlsx(director.get(reverse("pathway:cohort_board_xlsx"))))
    for row in board.rows:
        texts = [reason.text for reason in row.reasons]
        assert texts == truth[row.name], row.name
        assert lines[row.name][header.index("At risk")] == "; ".join(texts)
        assert xlsx_lines[row.name][header.index("At risk")] == "; ".join(texts)

    caseloads = {}
    for coach in cohort["coaches"]:
        for row in signed_in(coach).get(reverse("home")).context["coach"]["caseload"]:
            caseloads[row.resident.user.display_name] = [reason.text for reason in row.reasons]
    assert len(caseloads) >= SIZE // 2
    for name, texts in caseloads.items():
        assert texts == truth[name], name

    digest = director_digest(cohort["program"], today())
    listed = {line["resident"]: line["reason"] for line in digest["at_risk"]}
    assert digest["at_risk_count"] == sum(1 for reasons in truth.values() if reasons)
    assert listed == {name: "; ".join(texts) for name, texts in truth.items() if texts}
