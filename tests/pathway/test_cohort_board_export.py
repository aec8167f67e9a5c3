"""The board's CSV and Excel downloads: same people as the (filtered) board, one line each,
safe to open in a spreadsheet."""

import csv
import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from capstone.models import Stage
from pathway.core.spreadsheets import spreadsheet_safe
from pathway.dashboards.cohort_export import RESIDENT_COLUMNS
from tests import factories as f
from tests.pathway import board_setup as b

pytestmark = pytest.mark.django_db

CSV = reverse("pathway:cohort_board_csv")
XLSX = reverse("pathway:cohort_board_xlsx")
# The resident columns come from the module; the test pins the milestone columns after them.
HEADER = [
    *RESIDENT_COLUMNS,
    "Apply: status",
    "Apply: date",
    "Present: status",
    "Present: date",
]


@pytest.fixture
def data(world):
    apply, present = b.templates(world.program, names=("Apply", "Present"))
    profile = world.resident.resident_profile
    project = f.project_at(
        Stage.CURRENT_STATE,
        lead=profile,
        title="Discharge before noon",
        sponsor=world.sponsor,
        sponsor_accepted_on=b.days(-20),
    )
    project.stage_changed_at = b.moment(-12)
    project.save()
    b.milestone(profile, apply, due_in=-100, done_days_ago=110)
    b.milestone(profile, present, due_in=-4)
    b.milestone(world.other_resident.resident_profile, apply, due_in=30)
    return {"apply": apply, "present": present}


def _day(n):
    on = b.days(n)
    return f"{on.day} {on:%b %Y}"


# The board's at-risk verdict in words, as the downloads carry it.
ROSA_AT_RISK = f"1 milestone overdue since {_day(-4)} (4 days); Stalled: no progress report yet"


def rosa_details(world):
    """Rosa's line up to her stage, the same in both downloads."""
    return [
        "PGY-2",
        "Rosa Resident",
        world.resident.email,
        "Categorical",
        "Cora Coach",
        "Sam Sponsor",
        "Discharge before noon",
        "Current state",
    ]


def read_csv(response):
    text = response.content.decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_csv_has_one_line_per_resident_with_milestone_status_and_date(data, world, as_user):
    response = as_user(world.director).get(CSV)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = b.today().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="cohort-board-vm-im-{today}.csv"'
    )
    assert not response.content.startswith(b"\xef\xbb\xbf")  # no byte-order mark
    lines = read_csv(response)
    assert lines[0] == HEADER
    assert lines[1:] == [
        [
            "PGY-1",
            "Otto Other",
            world.other_resident.email,
            "Categorical",
            "",
            "",
            "",
            "",
            "",
            "Stalled: no progress report yet; No KPO coach",
            "On track",
            b.days(30).isoformat(),
            "Not applicable",
            "",
        ],
        [
            *rosa_details(world),
            "12",
            ROSA_AT_RISK,
            "Done",
            b.days(-110).isoformat(),
            "Overdue",
            b.days(-4).isoformat(),
        ],
    ]


def test_the_workbook_holds_the_same_with_real_dates(data, world, as_user):
    response = as_user(world.director).get(XLSX)

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="cohort-board-vm-im-{b.today().isoformat()}.xlsx"'
    )
    rows = read_xlsx(response)
    assert rows[0] == HEADER
    rosa = rows[2]
    assert rosa[:9] == [*rosa_details(world), 12]
    assert rosa[9:] == [
        ROSA_AT_RISK,
        "Done",
        datetime.combine(b.days(-110), datetime.min.time()),
        "Overdue",
        datetime.combine(b.days(-4), datetime.min.time()),
    ]
    assert rows[1][12:] == ["Not applicable", None]


def test_a_sponsor_who_has_not_accepted_is_marked_so(world, as_user):
    # A row from before sponsors were set only by acceptance.
    f.project_at(
        Stage.SELECTION,
        lead=world.resident.resident_profile,
        sponsor=world.sponsor,
        sponsor_accepted_on=None,
    )

    lines = read_csv(as_user(world.director).get(CSV))

    assert lines[2][5] == "Sam Sponsor (not yet accepted)"


def test_the_downloads_follow_the_boards_filters(data, world, as_user):
    client = as_user(world.director)

    csv_lines = read_csv(client.get(CSV, {"milestones": "overdue"}))
    xlsx_rows = read_xlsx(client.get(XLSX, {"cohort": "pgy1"}))

    assert [line[1] for line in csv_lines[1:]] == ["Rosa Resident"]
    assert [row[1] for row in xlsx_rows[1:]] == ["Otto Other"]


def test_a_bad_filter_sends_the_director_to_the_board_to_read_why(world, as_user):
    response = as_user(world.director).get(CSV, {"cohort": "pgy9"})

    assert response.status_code == 302
    assert response.url == f"{reverse('pathway:cohort_board')}?cohort=pgy9"


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_text_that_a_spreadsheet_would_run_as_a_formula_is_quoted(url, world, as_user):
    world.resident.full_name = '=HYPERLINK("http://evil.example","Click")'
    world.resident.save()
    f.project_at(
        Stage.SELECTION, lead=world.resident.resident_profile, title="+1 discharges @ noon"
    )
    world.other_resident.full_name = "-2 Otto"
    world.other_resident.save()

    response = as_user(world.director).get(url)

    rows = read_csv(response) if url == CSV else read_xlsx(response)
    names = {row[1] for row in rows[1:]}
    assert names == {'\'=HYPERLINK("http://evil.example","Click")', "'-2 Otto"}
    assert "'+1 discharges @ noon" in {row[6] for row in rows[1:]}
    if url == XLSX:
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize(
    "value, safe",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Rosa", "Rosa"),
        (12, 12),
        (date(2026, 1, 2), date(2026, 1, 2)),
    ],
)
def test_spreadsheet_safe_quotes_only_formula_starts(value, safe):
    assert spreadsheet_safe(value) == safe


def test_a_site_administrator_downloads_the_chosen_program(data, world, as_user):
    client = as_user(world.superuser)

    unchosen = client.get(CSV)
    chosen = client.get(CSV, {"program": world.program.pk})

    assert unchosen.status_code == 302 and unchosen.url == reverse("pathway:cohort_board")
    assert [line[1] for line in read_csv(chosen)[1:]] == ["Otto Other", "Rosa Resident"]


def test_another_programs_director_downloads_only_their_own_program(data, world, as_user):
    b.resident(world.other_program, name="Olive Elsewhere")

    response = as_user(world.other_director).get(XLSX, {"program": world.program.pk})

    assert "other-im" in response["Content-Disposition"]
    assert [row[1] for row in read_xlsx(response)[1:]] == ["Olive Elsewhere"]


@pytest.mark.parametrize("url", [CSV, XLSX])
@pytest.mark.parametrize("size", [3, 15])
def test_the_downloads_cost_the_same_queries_for_few_or_many_residents(
    url, size, world, as_user, django_assert_max_num_queries
):
    b.cohort(world.program, size, columns=b.templates(world.program))
    client = as_user(world.director)

    # As the board: the session (saved on this first page), the user, the board's six
    # queries, and the at-risk verdict's own two (it reuses the board's coaches, capstones
    # and setting).
    with django_assert_max_num_queries(13):
        response = client.get(url)

    assert response.status_code == 200
    lines = read_csv(response) if url == CSV else read_xlsx(response)
    assert len(lines) == 1 + size + 2
