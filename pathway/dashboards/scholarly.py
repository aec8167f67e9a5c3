"""Scholarly output of a program's capstones: presentations, accepted abstracts and
publications, dated and counted by academic year (1 July – 30 June).

Read-only. Every function takes the program explicitly; callers have already checked that the
user may see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.urls import reverse

from capstone.models import AbstractSubmission, Determination, Presentation, Publication
from pathway.core.academic import academic_year_label, academic_year_start
from pathway.core.spreadsheets import spreadsheet_safe
from pathway.models import User

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
        return reverse("capstone:project_detail", args=[self.project_pk])

    @property
    def academic_year(self) -> int | None:
        return academic_year_start(self.on) if self.on else None

    @property
    def academic_year_label(self) -> str:
        year = self.academic_year
        return academic_year_label(year) if year is not None else ""


def _people(project) -> str:
    names = [project.lead.user.full_name]
    names += [user.full_name for user in project.co_leads.all()]
    return "; ".join(names)


def _determination(project) -> str:
    """The project's QI-or-research determination, as one line, or "" when not recorded."""
    try:
        return project.determination.summary
    except Determination.DoesNotExist:
        return ""


def _dated(queryset, field, first, last):
    if first is not None:
        queryset = queryset.filter(**{f"{field}__gte": first})
    if last is not None:
        queryset = queryset.filter(**{f"{field}__lte": last})
    return queryset


def scholarly_items(
    *, program, first: date | None = None, last: date | None = None
) -> list[ScholarlyItem]:
    """Every item of the program's capstones, newest first; with `first`/`last`, only the
    items dated in that range (undated publications then drop out)."""
    co_leads = Prefetch("project__co_leads", queryset=User.objects.order_by("full_name"))
    related = ("project__lead__user", "project__determination")
    presentations = _dated(
        Presentation.objects.filter(project__program=program), "presented_on", first, last
    )
    abstracts = _dated(
        AbstractSubmission.objects.filter(project__program=program, status__in=ACCEPTED_STATUSES),
        "submitted_on",
        first,
        last,
    )
    publications = _dated(
        Publication.objects.filter(project__program=program), "published_on", first, last
    )
    items = [
        ScholarlyItem(
            kind=PRESENTATION,
            on=p.presented_on,
            title=p.title or p.project.title,
            venue=p.venue,
            status=p.get_format_display(),
            residents=_people(p.project),
            project_title=p.project.title,
            project_pk=p.project_id,
            determination=_determination(p.project),
        )
        for p in presentations.select_related(*related).prefetch_related(co_leads)
    ]
    items += [
        ScholarlyItem(
            kind=ABSTRACT,
            on=a.submitted_on,
            title=a.title,
            venue=a.conference,
            status=a.get_status_display(),
            residents=_people(a.project),
            project_title=a.project.title,
            project_pk=a.project_id,
            determination=_determination(a.project),
        )
        for a in abstracts.select_related(*related).prefetch_related(co_leads)
    ]
    items += [
        ScholarlyItem(
            kind=PUBLICATION,
            on=p.published_on,
            title=p.citation,
            venue=p.journal,
            status="Published" if p.published_on else "Published (date not recorded)",
            residents=_people(p.project),
            project_title=p.project.title,
            project_pk=p.project_id,
            doi=p.doi,
            pmid=p.pmid,
            determination=_determination(p.project),
        )
        for p in publications.select_related(*related).prefetch_related(co_leads)
    ]
    items.sort(key=lambda item: (item.on or date.min, item.kind, item.title), reverse=True)
    return items


def count_by_kind(items) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for item in items:
        counts[item.kind] += 1
    return counts


def scholarly_by_year(*, program, today: date, years: int = YEARS_SHOWN, items=None) -> dict:
    """Counts per kind for the last `years` academic years (oldest first, the current one
    last) and the all-time totals, which include older and undated items."""
    items = scholarly_items(program=program) if items is None else items
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
