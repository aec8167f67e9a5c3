"""Scholarly output downloads: one row per presentation, accepted abstract and publication, as
CSV and as an Excel workbook with a second sheet of totals per academic year."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from capstone.models import AbstractSubmission, Determination
from pathway.core.spreadsheets import spreadsheet_safe
from tests import factories as f
from tests.pathway.program_data import project

CSV_URL = reverse("pathway:scholarly_csv")
XLSX_URL = reverse("pathway:scholarly_xlsx")


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel needs the mark to read UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(response):
    return load_workbook(io.BytesIO(response.content))


@pytest.fixture
def output(world):
    lead = f.ResidentFactory(program=world.program, user__full_name="Amara Okafor")
    made = project(world.program, lead=lead, title="Discharge before noon")
    made.co_leads.add(f.ResidentFactory(program=world.program, user__full_name="Ben Ito").user)
    f.PresentationFactory(
        project=made, title="Noon discharges", venue="Grand rounds", presented_on=date(2025, 6, 30)
    )
    f.AbstractSubmissionFactory(
        project=made,
        title="Discharge before noon",
        conference="SGIM",
        status=AbstractSubmission.Status.ACCEPTED,
        submitted_on=date(2025, 7, 1),
    )
    f.AbstractSubmissionFactory(project=made, title="Still a draft")
    f.PublicationFactory(
        project=made,
        journal="BMJ Open Quality",
        doi="10.1136/bmjoq-2025-002345",
        pmid="37012345",
        published_on=date(2026, 1, 15),
    )
    f.PresentationFactory(project=project(world.other_program), venue="Somewhere else")
    Determination.objects.create(
        project=made,
        kind=Determination.Kind.IRB,
        board="VM IRB",
        protocol_number="2025-117",
        approved_on=date(2025, 3, 3),
    )
    return made


def test_the_csv_lists_every_item_with_its_academic_year(world, as_user, output):
    response = as_user(world.director).get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    today = timezone.localdate()
    assert (
        f'filename="scholarly-output-vm-im-{today:%Y-%m-%d}.csv"' in response["Content-Disposition"]
    )
    header, *rows = read_csv(response)
    assert header[:4] == ["Academic year", "Kind", "Date", "Title or citation"]
    assert header[-3:] == ["DOI", "PMID", "QI or research"]
    by_kind = {row[1]: row for row in rows}
    assert len(rows) == 3  # the draft abstract and the other program's talk are left out
    assert by_kind["Presentation"][:5] == [
        "2024–25",
        "Presentation",
        "2025-06-30",
        "Noon discharges",
        "Grand rounds",
    ]
    assert by_kind["Abstract accepted"][0] == "2025–26"
    assert by_kind["Abstract accepted"][5] == "Accepted"
    publication = by_kind["Publication"]
    assert publication[6] == "Amara Okafor; Ben Ito"
    assert publication[7] == "Discharge before noon"
    assert publication[8:10] == ["10.1136/bmjoq-2025-002345", "37012345"]
    assert publication[10] == "IRB-approved: VM IRB, protocol 2025-117, 3 Mar 2025"
    assert by_kind["Presentation"][10] == publication[10]  # per project, on each of its rows


def test_the_workbook_has_the_items_and_the_totals_per_year(world, as_user, output):
    response = as_user(world.coordinator).get(XLSX_URL)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(
        f'scholarly-output-vm-im-{timezone.localdate():%Y-%m-%d}.xlsx"'
    )
    book = read_xlsx(response)
    assert book.sheetnames == ["Scholarly output", "Totals per year"]
    items = list(book["Scholarly output"].values)
    assert items[0][0] == "Academic year" and len(items) == 4
    presentation = next(row for row in items if row[1] == "Presentation")
    assert presentation[2].date() == date(2025, 6, 30)  # a real date cell, not text
    totals = list(book["Totals per year"].values)
    assert totals[0] == (
        "Academic year",
        "Presentations",
        "Abstracts accepted",
        "Publications",
        "Total",
    )
    assert totals[1:] == [("2025–26", 0, 1, 1, 2), ("2024–25", 1, 0, 0, 1)]


def test_undated_publications_are_totalled_apart(world, as_user):
    f.PublicationFactory(project=project(world.program), published_on=None)
    book = read_xlsx(as_user(world.director).get(XLSX_URL))
    assert list(book["Totals per year"].values)[1:] == [("Undated", 0, 0, 1, 1)]
    rows = read_csv(as_user(world.director).get(CSV_URL))
    assert rows[1][0] == "" and rows[1][5] == "Published (date not recorded)"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_cells_that_would_run_as_formulas_are_quoted(world, as_user, start):
    title = f'{start}HYPERLINK("http://evil.example","x")'
    f.PresentationFactory(project=project(world.program), title=title, venue=f"{start}1+1")
    client = as_user(world.director)
    row = read_csv(client.get(CSV_URL))[1]
    assert row[3] == f"'{title}" and row[4] == f"'{start}1+1"
    sheet = read_xlsx(client.get(XLSX_URL))["Scholarly output"]
    assert sheet["D2"].value == f"'{title}"
    assert sheet["D2"].data_type == "s"


def test_plain_text_and_dates_pass_through_the_formula_guard():
    assert spreadsheet_safe("Grand rounds") == "Grand rounds"
    assert spreadsheet_safe(date(2025, 7, 1)) == date(2025, 7, 1)
    assert spreadsheet_safe("\t=1") == "'\t=1"


def test_another_programs_director_downloads_only_their_own_program(world, as_user, output):
    rows = read_csv(as_user(world.other_director).get(CSV_URL))
    assert [row[4] for row in rows[1:]] == ["Somewhere else"]
    response = as_user(world.other_director).get(f"{XLSX_URL}?program={world.program.pk}")
    assert "other-im" in response["Content-Disposition"]
    assert len(list(read_xlsx(response)["Scholarly output"].values)) == 2


def test_a_site_administrator_downloads_the_chosen_program(world, as_user, output):
    client = as_user(world.superuser)
    response = client.get(CSV_URL)
    assert response.status_code == 302 and response.url == reverse("pathway:program_overview")
    rows = read_csv(client.get(f"{CSV_URL}?program={world.program.pk}"))
    assert len(rows) == 4
    rows = read_csv(client.get(f"{CSV_URL}?program={world.other_program.pk}"))
    assert len(rows) == 2


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor"])
@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_people_outside_the_programs_staff_may_not_download(world, as_user, persona, url):
    assert as_user(getattr(world, persona)).get(url).status_code == 403


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_posting_to_an_export_is_not_allowed(world, as_user, url):
    assert as_user(world.director).post(url).status_code == 405


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_an_export_costs_the_same_queries_for_any_number_of_items(
    world, as_user, django_assert_max_num_queries, size, url
):
    today = timezone.localdate()
    for index in range(size):
        made = project(world.program)
        made.co_leads.add(f.ResidentFactory(program=world.program).user)
        f.PresentationFactory(project=made, presented_on=today - timedelta(days=index))
        f.AbstractSubmissionFactory(
            project=made, status=AbstractSubmission.Status.ACCEPTED, submitted_on=today
        )
        f.PublicationFactory(project=made, published_on=today - timedelta(days=index))
    client = as_user(world.director)
    with django_assert_max_num_queries(11):
        response = client.get(url)
    assert response.status_code == 200
