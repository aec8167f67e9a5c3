"""The program overview: capstone pipeline, curriculum completion by class, scholarly output by
academic year and cohort comparisons, each as a chart with the same numbers in a table."""

import re
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from capstone.models import AbstractSubmission, Stage, StageChange
from pathway.dashboards.program import (
    capstone_pipeline,
    cohort_comparison,
    curriculum_completion,
)
from pathway.dashboards.scholarly import scholarly_by_year
from pathway.models import PathwayStatus
from tests import factories as f
from tests.pathway.program_data import at, moved, project, resident

URL = reverse("pathway:program_overview")
TODAY = date(2026, 3, 15)  # academic year 2025–26


def stage_rows(pipeline, key="count"):
    return {row["stage"]: row[key] for row in pipeline["stages"]}


# --- Access -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["director", "coordinator"])
def test_program_staff_see_their_programs_overview(world, as_user, persona):
    project(world.program, title="Discharge before noon")
    response = as_user(getattr(world, persona)).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Program overview" in body and world.program.name in body
    assert "Discharge before noon" in body  # waiting longest in its stage


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor"])
def test_residents_coaches_and_sponsors_may_not_open_the_overview(world, as_user, persona):
    assert as_user(getattr(world, persona)).get(URL).status_code == 403


def test_signing_in_is_required(world, as_user):
    response = as_user(None).get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_another_programs_director_sees_nothing_of_this_program(world, as_user):
    project(world.program, title="Discharge before noon")
    f.PresentationFactory(project=project(world.program), venue="SGIM regional meeting")
    body = as_user(world.other_director).get(URL).content.decode()
    assert world.other_program.name in body
    assert "Discharge before noon" not in body
    assert "All 0 capstone projects" in body
    # A ?program= of another program is ignored for program staff.
    body = as_user(world.other_director).get(f"{URL}?program={world.program.pk}").content.decode()
    assert "Discharge before noon" not in body


def test_a_site_administrator_chooses_a_program_first(world, as_user):
    project(world.program, title="Discharge before noon")
    client = as_user(world.superuser)
    body = client.get(URL).content.decode()
    assert "Choose a program" in body and "Capstone pipeline" not in body
    body = client.get(f"{URL}?program={world.program.pk}").content.decode()
    assert "Discharge before noon" in body
    assert f"{reverse('pathway:scholarly_csv')}?program={world.program.pk}" in body
    assert f"{reverse('pathway:program_report')}?program={world.program.pk}" in body


@pytest.mark.parametrize("value", ["abc", "999999", ""])
def test_a_bad_program_choice_shows_the_chooser_with_a_message(world, as_user, value):
    response = as_user(world.superuser).get(f"{URL}?program={value}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Capstone pipeline" not in body
    assert "invalid-feedback" in body or "This field is required" in body


def test_posting_to_the_overview_is_not_allowed(world, as_user):
    assert as_user(world.director).post(URL).status_code == 405


def test_the_overview_links_the_exports_and_the_report(world, as_user):
    body = as_user(world.director).get(URL).content.decode()
    for name in ("pathway:scholarly_csv", "pathway:scholarly_xlsx", "pathway:program_report"):
        assert reverse(name) in body


# --- 1. Capstone pipeline ------------------------------------------------------------------


@pytest.fixture
def pipeline_projects(world):
    program = world.program
    made = {}
    made["new"] = project(program, title="New")
    moved(made["new"], Stage.SELECTION, TODAY - timedelta(days=10), kind=StageChange.Kind.START)
    made["slow"] = project(program, title="Slow")
    moved(made["slow"], Stage.SELECTION, TODAY - timedelta(days=30), kind=StageChange.Kind.START)
    made["mapping"] = project(program, title="Mapping")
    moved(made["mapping"], Stage.SELECTION, date(2026, 1, 1), kind=StageChange.Kind.START)
    moved(made["mapping"], Stage.CURRENT_STATE, TODAY - timedelta(days=5))
    made["back"] = project(program, title="Moved back")
    moved(made["back"], Stage.CURRENT_STATE, date(2025, 12, 1))
    moved(made["back"], Stage.EVENT_PREP, date(2026, 1, 1))
    moved(made["back"], Stage.CURRENT_STATE, TODAY - timedelta(days=3), kind=StageChange.Kind.BACK)
    made["held"] = project(program, title="Paused")
    moved(made["held"], Stage.ON_HOLD, TODAY - timedelta(days=15), kind=StageChange.Kind.HOLD)
    # No history: the project's own stage_changed_at says since when.
    made["no_history"] = project(
        program, Stage.EVENT_PREP, title="Old record", stage_changed_at=at(TODAY - timedelta(14))
    )
    made["closed"] = project(program, Stage.CLOSED, title="Finished")
    made["withdrawn"] = project(program, Stage.WITHDRAWN, title="Stopped")
    project(world.other_program, title="Elsewhere")
    return made


def test_the_pipeline_counts_projects_per_stage_in_flow_order(world, pipeline_projects):
    pipeline = capstone_pipeline(program=world.program, today=TODAY)
    assert [row["stage"] for row in pipeline["stages"]][:3] == [
        Stage.SELECTION,
        Stage.CURRENT_STATE,
        Stage.EVENT_PREP,
    ]
    assert [row["stage"] for row in pipeline["stages"]][-2:] == [Stage.ON_HOLD, Stage.WITHDRAWN]
    counts = stage_rows(pipeline)
    assert counts[Stage.SELECTION] == 2
    assert counts[Stage.CURRENT_STATE] == 2
    assert counts[Stage.EVENT_PREP] == 1
    assert counts[Stage.ON_HOLD] == 1
    assert counts[Stage.CLOSED] == 1 and counts[Stage.WITHDRAWN] == 1
    assert counts[Stage.RESULTS] == 0
    assert pipeline["total"] == 8  # the other program's project is not counted


def test_time_in_stage_counts_from_the_latest_move_into_the_current_stage(world, pipeline_projects):
    pipeline = capstone_pipeline(program=world.program, today=TODAY)
    rows = {row["stage"]: row for row in pipeline["time_in_stage"]}
    assert (rows[Stage.SELECTION]["median"], rows[Stage.SELECTION]["longest"]) == (20, 30)
    # Moved back into Current state 3 days ago: its earlier stay does not count.
    assert (rows[Stage.CURRENT_STATE]["median"], rows[Stage.CURRENT_STATE]["longest"]) == (4, 5)
    assert rows[Stage.EVENT_PREP]["longest"] == 14
    assert rows[Stage.ON_HOLD]["longest"] == 15
    assert rows[Stage.RESULTS] == {
        "stage": Stage.RESULTS,
        "label": "Results",
        "projects": 0,
        "median": None,
        "longest": None,
    }
    assert Stage.CLOSED not in rows and Stage.WITHDRAWN not in rows


def test_the_projects_waiting_longest_are_listed_with_links(world, pipeline_projects):
    stuck = capstone_pipeline(program=world.program, today=TODAY)["stuck"]
    assert [(p.title, p.days) for p in stuck] == [
        ("Slow", 30),
        ("Paused", 15),
        ("Old record", 14),
        ("New", 10),
        ("Mapping", 5),
        ("Moved back", 3),
    ]
    assert stuck[0].url == pipeline_projects["slow"].get_absolute_url()


# --- 2. Curriculum completion ------------------------------------------------------------


def test_completion_rates_per_class_count_pathway_residents_only(world):
    program = world.program
    # world.resident (PGY-2) and world.other_resident (PGY-1) depend on the real date; this
    # test pins its own day, so they are moved out of the pathway.
    for user in (world.resident, world.other_resident):
        user.resident_profile.pathway_status = PathwayStatus.NOT_ENROLLED
        user.resident_profile.save()
    resident(program, pgy=1, today=TODAY, vmps_for_leaders_completed_on=date(2025, 10, 1))
    resident(program, pgy=1, today=TODAY)
    done = resident(
        program,
        pgy=2,
        today=TODAY,
        vmps_for_leaders_completed_on=date(2024, 10, 1),
        leading_at_vm_completed_on=date(2025, 3, 1),
        sbp_signed_off_on=date(2025, 5, 1),
    )
    held = project(program, Stage.RESULTS, lead=done, event_first_day=date(2026, 2, 9))
    held.event_second_day = date(2026, 2, 10)
    held.save()
    planned = resident(program, pgy=2, today=TODAY, leading_at_vm_completed_on=date(2025, 9, 1))
    project(
        program,
        Stage.EVENT_PREP,
        lead=planned,
        event_first_day=date(2026, 4, 1),
        event_second_day=date(2026, 4, 2),
    )
    resident(program, pgy=2, today=TODAY, pathway_status=PathwayStatus.WITHDRAWN)
    resident(program, pgy=2, today=TODAY, pathway_status=PathwayStatus.NOT_ENROLLED)
    closed_lead = resident(program, pgy=3, today=TODAY, pathway_status=PathwayStatus.COMPLETED)
    project(program, Stage.CLOSED, lead=closed_lead)
    resident(program, pgy=4, today=TODAY, vmps_for_leaders_completed_on=date(2023, 1, 1))
    resident(world.other_program, pgy=1, today=TODAY)

    rows = curriculum_completion(program=program, today=TODAY)["rows"]
    percents = {row["label"]: [c["percent"] for c in row["cells"]] for row in rows}
    assert [row["residents"] for row in rows] == [2, 2, 1]
    assert percents["PGY-1"] == [50, 0, 0, 0, 0]
    assert percents["PGY-2"] == [50, 100, 50, 50, 50]
    assert percents["PGY-3"] == [0, 0, 0, 0, 100]


def test_a_class_without_pathway_residents_shows_no_percentage(world):
    rows = curriculum_completion(program=world.other_program, today=TODAY)["rows"]
    assert all(cell["percent"] is None for row in rows for cell in row["cells"])


# --- 3. Scholarly output per academic year -------------------------------------------------


def test_scholarly_items_count_in_the_academic_year_of_their_date(world):
    one = project(world.program)
    f.PresentationFactory(project=one, presented_on=date(2025, 6, 30))  # 2024–25
    f.PresentationFactory(project=one, presented_on=date(2025, 7, 1))  # 2025–26
    f.AbstractSubmissionFactory(
        project=one, status=AbstractSubmission.Status.ACCEPTED, submitted_on=date(2025, 7, 1)
    )
    f.AbstractSubmissionFactory(
        project=one, status=AbstractSubmission.Status.PRESENTED, submitted_on=date(2026, 1, 5)
    )
    f.AbstractSubmissionFactory(
        project=one, status=AbstractSubmission.Status.SUBMITTED, submitted_on=date(2026, 1, 5)
    )
    f.AbstractSubmissionFactory(
        project=one, status=AbstractSubmission.Status.REJECTED, submitted_on=date(2026, 1, 5)
    )
    f.PublicationFactory(project=one, published_on=date(2026, 6, 30))  # 2025–26
    f.PublicationFactory(project=one, published_on=None, doi="10.1000/undated")
    f.PresentationFactory(project=project(world.other_program), presented_on=date(2025, 9, 1))

    by_year = scholarly_by_year(program=world.program, today=TODAY)
    rows = {row["label"]: row["counts"] for row in by_year["rows"]}
    assert list(rows) == ["2021–22", "2022–23", "2023–24", "2024–25", "2025–26"]
    assert rows["2024–25"] == [1, 0, 0]
    assert rows["2025–26"] == [1, 2, 1]
    assert by_year["totals"] == [2, 2, 2]
    assert by_year["total"] == 6
    assert by_year["earlier"] == 1  # the undated publication


# --- 4. Cohort comparisons ---------------------------------------------------------------


def test_cohorts_compare_events_time_to_results_scores_and_scholarly_output(world):
    program = world.program
    for user in (world.resident, world.other_resident):
        user.resident_profile.pathway_status = PathwayStatus.NOT_ENROLLED
        user.resident_profile.save()
    fast = resident(program, pgy=2, today=TODAY)  # class of 2027
    slow = resident(program, pgy=2, today=TODAY)
    resident(program, pgy=2, today=TODAY, pathway_status=PathwayStatus.WITHDRAWN)
    senior = resident(program, pgy=3, today=TODAY)  # class of 2026
    resident(program, pgy=3, today=TODAY, pathway_status=PathwayStatus.NOT_ENROLLED)

    held = project(
        program,
        lead=fast,
        event_first_day=date(2026, 1, 12),
        event_second_day=date(2026, 1, 13),
        progress_score=Decimal("3.0"),
    )
    moved(held, Stage.RESULTS, date(2026, 2, 12))  # 30 days: 1.0 month
    f.PresentationFactory(project=held, presented_on=date(2026, 3, 1))
    f.PublicationFactory(project=held, published_on=date(2026, 3, 2))
    f.AbstractSubmissionFactory(project=held)  # a draft does not count
    project(
        program,
        lead=slow,
        event_first_day=date(2026, 4, 6),
        event_second_day=date(2026, 4, 7),
        progress_score=Decimal("1.5"),
    )
    older = project(
        program,
        lead=senior,
        event_first_day=date(2025, 1, 6),
        event_second_day=date(2025, 1, 7),
        progress_score=Decimal("4.0"),
    )
    moved(older, Stage.RESULTS, date(2025, 7, 7))  # 181 days: 5.9 months

    rows = {row["label"]: row for row in cohort_comparison(program=program, today=TODAY)["rows"]}
    assert list(rows) == ["Class of 2026", "Class of 2027"]
    c27 = rows["Class of 2027"]
    assert (c27["residents"], c27["withdrew"], c27["held"], c27["held_percent"]) == (2, 1, 1, 50)
    assert c27["months_to_results"] == Decimal("1.0")
    assert c27["median_score"] == Decimal("2.25")
    assert (c27["scholarly"], c27["per_resident"]) == (2, Decimal("1.0"))
    c26 = rows["Class of 2026"]
    assert (c26["residents"], c26["held_percent"], c26["months_to_results"]) == (
        1,
        100,
        Decimal("5.9"),
    )
    assert c26["median_score"] == Decimal("4") and c26["per_resident"] == Decimal("0.0")


# --- Charts and their tables -------------------------------------------------------------


class Tables(HTMLParser):
    """Collects each table (by id) as rows of cell texts, and each chart's bars."""

    def __init__(self):
        super().__init__()
        self.tables, self.bars = {}, []
        self.table = self.row = self.cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self.table = self.tables.setdefault(attrs["id"], [])
        elif tag == "tr" and self.table is not None:
            self.row = []
            self.table.append(self.row)
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag == "g" and "data-value" in attrs:
            self.bars.append(attrs)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            self.table = self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def first_number(text):
    match = re.match(r"-?\d+(\.\d+)?", text)
    return float(match.group()) if match else None


def bar_values(bars, series):
    return {
        b["data-category"]: (float(b["data-value"]) if b["data-value"] else None)
        for b in bars
        if b["data-series"] == series
    }


def test_every_chart_shows_the_numbers_of_its_table(world, as_user, pipeline_projects):
    today = timezone.localdate()
    lead = resident(world.program, pgy=2, today=today)
    done = project(world.program, lead=lead)
    f.PresentationFactory(project=done, presented_on=today - timedelta(days=3))
    f.AbstractSubmissionFactory(
        project=done,
        status=AbstractSubmission.Status.ACCEPTED,
        submitted_on=today - timedelta(days=400),
    )
    page = Tables()
    page.feed(as_user(world.director).get(URL).content.decode())
    tables, bars = page.tables, page.bars
    assert len({b["data-series"] for b in bars}) >= 7

    pipeline = {row[0]: first_number(row[1]) for row in tables["pipeline-table"][1:-1]}
    assert pipeline == bar_values(bars, "Projects")

    time_rows = tables["time-in-stage-table"][1:]
    assert {r[0]: first_number(r[2]) for r in time_rows} == bar_values(bars, "Median days")
    assert {r[0]: first_number(r[3]) for r in time_rows} == bar_values(bars, "Longest days")

    header, *rows = tables["completion-table"]
    for row in rows:
        expected = {header[i]: first_number(row[i]) for i in range(2, len(header))}
        assert expected == bar_values(bars, row[0])

    header, *rows = tables["scholarly-table"]
    for column in range(1, 4):
        expected = {row[0]: first_number(row[column]) for row in rows[:-1]}
        assert expected == bar_values(bars, header[column])
    assert sum(bar_values(bars, "Presentations").values()) == 1

    cohorts = {row[0]: first_number(row[3]) for row in tables["cohort-table"][1:]}
    assert cohorts
    assert cohorts == bar_values(bars, "Held the two-day event")


def test_charts_are_labelled_images(world, as_user, pipeline_projects):
    body = as_user(world.director).get(URL).content.decode()
    charts = re.findall(r'<svg [^>]*class="bar-chart"[^>]*>', body)
    assert len(charts) == 5
    for tag in charts:
        assert 'role="img"' in tag and "aria-labelledby=" in tag
    assert '<title id="pipeline-chart-title">Capstone projects per stage</title>' in body


# --- Query count -------------------------------------------------------------------------


def program_of_size(world, size):
    today = timezone.localdate()
    for index in range(size):
        lead = resident(world.program, pgy=1 + index % 3, today=today)
        made = project(world.program, lead=lead, progress_score=Decimal("2.0"))
        moved(made, Stage.CURRENT_STATE, today - timedelta(days=index + 3))
        made.co_leads.add(f.ResidentFactory(program=world.program).user)
        f.PresentationFactory(project=made, presented_on=today - timedelta(days=index + 3))
        f.AbstractSubmissionFactory(
            project=made,
            status=AbstractSubmission.Status.ACCEPTED,
            submitted_on=today - timedelta(days=index + 3),
        )
        f.PublicationFactory(project=made, published_on=today - timedelta(days=index + 3))


@pytest.mark.parametrize("size", [2, 12])
def test_the_overview_costs_the_same_queries_for_any_program_size(
    world, as_user, django_assert_max_num_queries, size
):
    program_of_size(world, size)
    client = as_user(world.director)
    # The session with its user (and, on this first page after signing in, the session saved
    # inside a savepoint: 3), then the scholarly items' dates, the projects and the residents,
    # each read once for every section that needs them.
    with django_assert_max_num_queries(7):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count('class="bar"') > size
