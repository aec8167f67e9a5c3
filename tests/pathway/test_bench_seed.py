"""The bench data set (make bench) at a tiny scale: the sizes asked for, the focus program, and
accounts that sign in through the real form."""

from collections import Counter
from datetime import date
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from capstone.models import DataPoint, Measure, Project, Stage, StageChange
from mentoring.models import CoachAssignment, ProgressReport
from pathway.bench.capstones import BIG_MEASURE_NAME
from pathway.bench.common import BENCH_PASSWORD, FOCUS_SLUG
from pathway.bench.seed import BenchSize, bench_data_seed
from pathway.models import Milestone, MilestoneStatus, PathwayStatus, Program, ResidentProfile

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 16)
TINY = BenchSize(
    programs=3,
    residents=12,
    focus_residents=6,
    projects=14,
    data_points=50,
    reports=30,
    big_measure_points=40,
    coaches_per_program=2,
    sponsors_per_program=1,
)


@pytest.fixture
def seeded():
    return bench_data_seed(size=TINY, today=TODAY)


def test_the_bench_data_has_the_sizes_asked_for(seeded):
    assert Program.objects.count() == 3
    assert ResidentProfile.objects.count() == 12
    assert Project.objects.count() == 14
    # The weekly points shared among the measures, and the big measure's daily ones.
    assert DataPoint.objects.count() == 50 + 40
    assert ProgressReport.objects.count() == 30
    assert seeded.counts["programs"] == 3
    assert seeded.counts["data points"] == 90
    # Director, coordinator, two coaches and a sponsor in each program.
    assert seeded.counts["staff"] == 15


def test_the_focus_program_has_exactly_the_asked_number_of_pathway_residents(seeded):
    focus = Program.objects.get(slug=FOCUS_SLUG)
    residents = ResidentProfile.objects.filter(user__program=focus)

    assert seeded.focus == focus
    assert residents.count() == 6
    assert residents.in_pathway().count() == 6
    labels = {r.pgy_label for r in residents}
    assert labels == {"PGY-1", "PGY-2", "PGY-3", "Alumni"}


def test_the_other_residents_are_shared_among_the_other_programs(seeded):
    others = ResidentProfile.objects.exclude(user__program__slug=FOCUS_SLUG)

    assert Counter(others.values_list("user__program__slug", flat=True)) == {
        "bench-01": 3,
        "bench-02": 3,
    }


def test_every_current_pathway_resident_has_a_coach(seeded):
    current = ResidentProfile.objects.filter(pathway_status=PathwayStatus.ACTIVE)

    coached = CoachAssignment.objects.current().values_list("resident", flat=True)
    assert set(current.values_list("pk", flat=True)) <= set(coached)


def test_each_project_has_a_stage_history_ending_at_its_stage(seeded):
    for project in Project.objects.all():
        latest = StageChange.objects.filter(project=project).order_by("-changed_at", "-pk")[0]
        assert latest.to_stage == project.stage
    stages = set(Project.objects.values_list("stage", flat=True))
    assert {Stage.CLOSED, Stage.WITHDRAWN} <= stages
    assert len(stages) >= 5


def test_no_progress_report_predates_its_writer_joining_the_pathway(seeded):
    reports = ProgressReport.objects.select_related("resident")

    assert all(r.period_from >= r.resident.joined_on for r in reports)
    assert all(r.period_to < TODAY for r in reports)


def test_milestones_show_every_status_and_reports_wait_for_review(seeded):
    statuses = {m.status_on(TODAY) for m in Milestone.objects.all()}

    assert {
        MilestoneStatus.DONE,
        MilestoneStatus.DUE_SOON,
        MilestoneStatus.OVERDUE,
        MilestoneStatus.UPCOMING,
    } <= statuses
    assert ProgressReport.objects.awaiting_review().exists()


def test_the_seeded_people_sign_in_with_the_bench_password(seeded, client):
    for role in ("director", "coach", "sponsor", "resident"):
        response = client.post(
            reverse("login"),
            {"username": seeded.accounts[role], "password": BENCH_PASSWORD},
        )

        assert response.status_code == 302, role
        assert response.url == reverse("home")
        assert client.get(reverse("home")).status_code == 200
        client.post(reverse("logout"))


def test_the_seed_command_prints_the_counts():
    out = StringIO()

    call_command(
        "bench_seed",
        "--programs=2",
        "--residents=8",
        "--focus-residents=4",
        "--projects=8",
        "--data-points=20",
        "--reports=10",
        stdout=out,
    )

    text = out.getvalue()
    assert "data points" in text and "20" in text
    assert f"Focus program '{FOCUS_SLUG}': 4 pathway residents" in text
    assert ResidentProfile.objects.count() == 8


def test_the_seed_command_refuses_a_database_that_holds_people(seeded):
    with pytest.raises(CommandError, match="already holds programs or people"):
        call_command("bench_seed", "--programs=2", "--residents=8", "--focus-residents=4")


def test_reset_refuses_a_database_not_named_for_the_bench(seeded):
    with (
        mock.patch.dict(connection.settings_dict, {"NAME": "qipathway"}),
        pytest.raises(CommandError, match="does not look like a bench database"),
    ):
        call_command("bench_seed", "--reset")

    assert ResidentProfile.objects.count() == 12


def test_impossible_sizes_are_refused_with_a_reason():
    with pytest.raises(CommandError, match="focus program"):
        call_command("bench_seed", "--residents=10", "--focus-residents=20")


def test_the_big_measure_has_its_daily_points_on_the_resident_accounts_capstone(seeded):
    big = Measure.objects.get(name=BIG_MEASURE_NAME)

    assert big.project.lead.user.email == seeded.accounts["resident"]
    assert big.project.program == seeded.focus
    periods = sorted(big.data_points.values_list("period", flat=True))
    assert len(periods) == 40
    assert all((b - a).days == 1 for a, b in zip(periods, periods[1:], strict=False))
    assert periods[-1] < TODAY
