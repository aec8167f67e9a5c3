"""Scholarly output of a program's capstones: presentations, accepted abstracts and
publications, dated and counted by academic year (1 July – 30 June).

Read-only. Every function takes the program explicitly; callers have already checked that the
user may see it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.db.models import CharField, Value

from capstone.models import AbstractSubmission, Determination, Presentation, Project, Publication
from pathway.core.academic import academic_year_label, academic_year_start
from pathway.core.compiled_lists import CompiledList, compiled_list
from pathway.core.links import link
from pathway.core.spreadsheets import spreadsheet_safe

PRESENTATION = "Presentation"
ABSTRACT = "Abstract accepted"
PUBLICATION = "Publication"
KINDS = (PRESENTATION, ABSTRACT, PUBLICATION)
KIND_HEADINGS = ("Presentations", "Abstracts accepted", "Publications")
# An abstract that has since been presented was accepted first: it counts as accepted.
ACCEPTED_STATUSES = (AbstractSubmission.Status.ACCEPTED, AbstractSubmission.Status.PRESENTED)
YEARS_SHOWN = 5


@dataclass(frozen=True)
class ScholarlyItem:
    kind: str
    on: date | None
    title: str
    venue: str
    status: str
    residents: str
    project_title: str
    project_pk: int
    doi: str = ""
    pmid: str = ""
    determination: str = ""

    @property
    def project_url(self) -> str:
        return link("capstone:project_detail", self.project_pk)

    @property
    def academic_year(self) -> int | None:
        return academic_year_start(self.on) if self.on else None

    @property
    def academic_year_label(self) -> str:
        year = self.academic_year
        return academic_year_label(year) if year is not None else ""


def _dated(queryset, field, first=None, last=None):
    if first is not None:
        queryset = queryset.filter(**{f"{field}__gte": first})
    if last is not None:
        queryset = queryset.filter(**{f"{field}__lte": last})
    return queryset


# Each kind's rows as plain values, in each model's own order (the final sort keeps it among
# equals). Whole presentations with their projects, leads, users and determinations cost the
# overview and the report a third of their time (make bench), for a few columns.
PROJECT_COLUMNS = ("project_id", "project__title", "project__lead__user__full_name")


def _co_leads(project_ids) -> dict[int, list[str]]:
    """The co-leads' names per project, by name."""
    names = defaultdict(list)
    for project_id, name in _co_lead_rows(None, projects=sorted(project_ids)):
        names[project_id].append(name)
    return names


def _determinations(project_ids) -> dict[int, str]:
    """The project's QI-or-research determination, as one line; absent when not recorded."""
    return {
        determination.project_id: determination.summary
        for determination in _determination_rows(None, projects=sorted(project_ids))
    }


# The lists' SQL is written once per shape (pathway.core.compiled_lists): with a date range
# or without, and per number of projects. Building it took the ORM longer than PostgreSQL took
# to answer (make bench: most of the program report's time outside its template).
def _kind_rows(model, queryset, field, *columns):
    def build(_, program, **span):
        rows = _dated(queryset().filter(project__program=program), field, **span)
        return rows.values_list(field, *columns, *PROJECT_COLUMNS)

    return CompiledList(model, build)


_presentation_rows = _kind_rows(
    Presentation, Presentation.objects.all, "presented_on", "title", "venue", "format"
)
_abstract_rows = _kind_rows(
    AbstractSubmission,
    lambda: AbstractSubmission.objects.filter(status__in=ACCEPTED_STATUSES),
    "submitted_on",
    "title",
    "conference",
    "status",
)
_publication_rows = _kind_rows(
    Publication, Publication.objects.all, "published_on", "citation", "journal", "doi", "pmid"
)
_co_lead_rows = CompiledList(
    Project.co_leads.through,
    lambda _, projects: (
        Project.co_leads.through.objects.filter(project_id__in=projects)
        .order_by("user__full_name")
        .values_list("project_id", "user__full_name")
    ),
)
_determination_rows = CompiledList(
    Determination,
    lambda _, projects: Determination.objects.filter(project_id__in=projects).only(
        "project_id", "kind", "board", "protocol_number", "approved_on"
    ),
)


def scholarly_items(
    *, program, first: date | None = None, last: date | None = None, determinations: bool = True
) -> list[ScholarlyItem]:
    """Every item of the program's capstones, newest first; with `first`/`last`, only the
    items dated in that range (undated publications then drop out). Without
    `determinations` the items leave out the QI-or-research line (a page that does not show
    it saves reading it)."""
    # Only the bounds given: a range leaves out undated publications, no range keeps them.
    span = {name: day for name, day in (("first", first), ("last", last)) if day is not None}
    presentations = _presentation_rows(None, program=program.pk, **span)
    abstracts = _abstract_rows(None, program=program.pk, **span)
    publications = _publication_rows(None, program=program.pk, **span)
    project_ids = {row[-3] for rows in (presentations, abstracts, publications) for row in rows}
    co_leads = _co_leads(project_ids) if project_ids else {}
    summaries = _determinations(project_ids) if project_ids and determinations else {}

    def people(project_id, lead) -> str:
        return "; ".join([lead, *co_leads.get(project_id, ())])

    formats = dict(Presentation.Format.choices)
    statuses = dict(AbstractSubmission.Status.choices)
    items = [
        ScholarlyItem(
            kind=PRESENTATION,
            on=on,
            title=title or project_title,
            venue=venue,
            status=formats.get(format_, format_),
            residents=people(project_id, lead),
            project_title=project_title,
            project_pk=project_id,
            determination=summaries.get(project_id, ""),
        )
        for on, title, venue, format_, project_id, project_title, lead in presentations
    ]
    items += [
        ScholarlyItem(
            kind=ABSTRACT,
            on=on,
            title=title,
            venue=conference,
            status=statuses.get(status, status),
            residents=people(project_id, lead),
            project_title=project_title,
            project_pk=project_id,
            determination=summaries.get(project_id, ""),
        )
        for on, title, conference, status, project_id, project_title, lead in abstracts
    ]
    items += [
        ScholarlyItem(
            kind=PUBLICATION,
            on=on,
            title=citation,
            venue=journal,
            status="Published" if on else "Published (date not recorded)",
            residents=people(project_id, lead),
            project_title=project_title,
            project_pk=project_id,
            doi=doi,
            pmid=pmid,
            determination=summaries.get(project_id, ""),
        )
        for on, citation, journal, doi, pmid, project_id, project_title, lead in publications
    ]
    items.sort(key=lambda item: (item.on or date.min, item.kind, item.title), reverse=True)
    return items


class Dated(NamedTuple):
    """An item's kind, date and project: all that the counts per year and per class read."""

    kind: str
    on: date | None
    project_pk: int
    academic_year: int | None


def scholarly_dates(*, program) -> list[Dated]:
    """The kind, date and project of every item of the program's capstones, in one query, in
    no particular order: for counting (the overview), where titles and names would be wasted."""
    return [
        Dated(kind, on, project_pk, academic_year_start(on) if on else None)
        for kind, on, project_pk in _dated_rows(None, program=program.pk)
    ]


# Its SQL written once (pathway.core.compiled_lists): the ORM took longer to build the union
# than PostgreSQL to answer it (make bench).
@compiled_list(Presentation)
def _dated_rows(_, program):
    def part(queryset, kind, field):
        return (
            queryset.filter(project__program=program)
            .order_by()
            .values_list(Value(kind, output_field=CharField()), field, "project_id")
        )

    return part(Presentation.objects.all(), PRESENTATION, "presented_on").union(
        part(
            AbstractSubmission.objects.filter(status__in=ACCEPTED_STATUSES),
            ABSTRACT,
            "submitted_on",
        ),
        part(Publication.objects.all(), PUBLICATION, "published_on"),
        all=True,
    )


def count_by_kind(items) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for item in items:
        counts[item.kind] += 1
    return counts


def scholarly_by_year(*, program, today: date, years: int = YEARS_SHOWN, items=None) -> dict:
    """Counts per kind for the last `years` academic years (oldest first, the current one
    last) and the all-time totals, which include older and undated items."""
    items = scholarly_dates(program=program) if items is None else items
    current = academic_year_start(today)
    shown = list(range(current - years + 1, current + 1))
    rows = []
    for year in shown:
        counts = count_by_kind(item for item in items if item.academic_year == year)
        rows.append(
            {
                "year": year,
                "label": academic_year_label(year),
                "counts": [counts[kind] for kind in KINDS],
                "total": sum(counts.values()),
            }
        )
    totals = count_by_kind(items)
    return {
        "kinds": KIND_HEADINGS,
        "rows": rows,
        "totals": [totals[kind] for kind in KINDS],
        "total": sum(totals.values()),
        "earlier": sum(
            1 for item in items if item.academic_year is None or item.academic_year < shown[0]
        ),
    }


def all_year_totals(items) -> list[dict]:
    """Counts per kind for every academic year that has an item, newest first; undated items
    last. For the spreadsheet's totals sheet."""
    years = sorted(
        {item.academic_year for item in items if item.academic_year is not None}, reverse=True
    )
    rows = []
    for year in [*years, None]:
        counts = count_by_kind(item for item in items if item.academic_year == year)
        if year is None and not any(counts.values()):
            continue
        rows.append(
            {
                "label": academic_year_label(year) if year is not None else "Undated",
                "counts": [counts[kind] for kind in KINDS],
                "total": sum(counts.values()),
            }
        )
    return rows


EXPORT_HEADER = (
    "Academic year",
    "Kind",
    "Date",
    "Title or citation",
    "Venue or journal",
    "Status",
    "Resident(s)",
    "Capstone project",
    "DOI",
    "PMID",
    "QI or research",
)


def export_rows(items) -> list[list]:
    """One row per item in EXPORT_HEADER order, already made spreadsheet-safe. Dates stay
    dates (the XLSX writer formats them; the CSV writer prints ISO dates)."""
    return [
        [
            spreadsheet_safe(value)
            for value in (
                item.academic_year_label,
                item.kind,
                item.on,
                item.title,
                item.venue,
                item.status,
                item.residents,
                item.project_title,
                item.doi,
                item.pmid,
                item.determination,
            )
        ]
        for item in items
    ]
