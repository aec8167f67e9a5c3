"""The program overview for directors: capstone pipeline, curriculum completion by class and
cohort comparisons. Read-only; each function takes the program explicitly and `today` so that
tests pin time. Scholarly output is in scholarly.py, the annual report in report.py."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from statistics import median

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from capstone.models import FLOW, Project, Stage, StageChange
from capstone.models.choices import STEP_LABELS
from pathway.core.compiled_lists import compiled_list
from pathway.core.links import link
from pathway.dashboards.scholarly import scholarly_dates
from pathway.models import PathwayStatus, ResidentProfile
from pathway.models.people import IN_PATHWAY

PIPELINE_ORDER = [*FLOW, Stage.ON_HOLD, Stage.WITHDRAWN]
# Where a project can sit and wait: every stage but the two ends of the road.
WAITING_STAGES = [stage for stage in PIPELINE_ORDER if stage not in (Stage.CLOSED, Stage.WITHDRAWN)]
# Reaching Results means the project has measured what changed.
RESULTS_OR_LATER = [Stage.RESULTS, Stage.DISSEMINATION, Stage.CLOSED]
STUCK_SHOWN = 8
CLASSES = (1, 2, 3)
COHORTS_SHOWN = 6
EVER_JOINED = (*IN_PATHWAY, PathwayStatus.WITHDRAWN)
DAYS_PER_MONTH = Decimal("30.44")
COMPLETION_COLUMNS = (
    ("vmps", "VMPS for Leaders"),
    ("leading", "Leading at Virginia Mason"),
    ("sbp", "SBP sign-off"),
    ("event", "Two-day event held"),
    ("results", "Results reached"),
)


def stage_label(stage) -> str:
    return STEP_LABELS.get(stage) or Stage(stage).label


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def middle(values) -> float | None:
    values = list(values)
    return median(values) if values else None


def _local_day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment else None


# --- Shared expressions -----------------------------------------------------------------------


def event_held(today: date) -> Q:
    """The two-day event has taken place: its second day is today or past (the stage rule for
    entering Implementation says the same)."""
    return Q(event_second_day__isnull=False, event_second_day__lte=today)


def first_results_at():
    """When the project first entered Results, from its stage history."""
    return Subquery(
        StageChange.objects.filter(project=OuterRef("pk"), to_stage=Stage.RESULTS)
        .order_by("changed_at", "pk")
        .values("changed_at")[:1]
    )


def reached_results() -> Q:
    """In Results or beyond now, or there at some point (later held or withdrawn)."""
    ever = StageChange.objects.filter(project=OuterRef("pk"), to_stage=Stage.RESULTS)
    return Q(stage__in=RESULTS_OR_LATER) | Q(Exists(ever))


# --- 1. Capstone pipeline --------------------------------------------------------------------


@dataclass(frozen=True)
class StuckProject:
    pk: int
    title: str
    lead: str
    stage: str
    since: date
    days: int
    url: str


def program_projects(program) -> list[dict]:
    """The program's capstones with what the pipeline and the cohort comparisons read, in one
    query for the two: when each entered its current stage (its latest stage change into it,
    the project's own stage_changed_at when the history has none) and first reached Results."""
    return _program_projects(None, program=program.pk)


# The overview's two big reads are CompiledLists: their SQL is written once, not per page.
@compiled_list(Project)
def _program_projects(_, program):
    entered = Subquery(
        StageChange.objects.filter(project=OuterRef("pk"), to_stage=OuterRef("stage"))
        .order_by("-changed_at", "-pk")
        .values("changed_at")[:1]
    )
    return (
        Project.objects.filter(program=program)
        .order_by()
        .annotate(
            entered_at=Coalesce(entered, F("stage_changed_at")), results_at=first_results_at()
        )
        .values(
            "pk",
            "title",
            "stage",
            "entered_at",
            "lead_id",
            "lead__user__full_name",
            "event_second_day",
            "progress_score",
            "results_at",
        )
    )


def capstone_pipeline(*, program, today: date, projects=None) -> dict:
    """Projects per stage in flow order, and how long the waiting ones have sat in their
    current stage. `projects` as program_projects() reads them (read here when not given)."""
    projects = program_projects(program) if projects is None else projects
    counts = dict.fromkeys(PIPELINE_ORDER, 0)
    days_by_stage = defaultdict(list)
    waiting = []
    for row in projects:
        counts[row["stage"]] += 1
        if row["stage"] not in WAITING_STAGES:
            continue
        since = _local_day(row["entered_at"])
        days = max((today - since).days, 0)
        days_by_stage[row["stage"]].append(days)
        waiting.append((days, row["lead__user__full_name"], row["pk"], row, since))
    waiting.sort(key=lambda item: (-item[0], item[1], item[2]))
    # Only the shown few get their link reversed.
    stuck = [
        StuckProject(
            pk=pk,
            title=row["title"],
            lead=lead,
            stage=stage_label(row["stage"]),
            since=since,
            days=days,
            url=link("capstone:project_detail", pk),
        )
        for days, lead, pk, row, since in waiting[:STUCK_SHOWN]
    ]
    return {
        "stages": [
            {"stage": stage, "label": stage_label(stage), "count": counts[stage]}
            for stage in PIPELINE_ORDER
        ],
        "total": sum(counts.values()),
        "time_in_stage": [
            {
                "stage": stage,
                "label": stage_label(stage),
                "projects": len(days_by_stage[stage]),
                "median": middle(days_by_stage[stage]),
                "longest": max(days_by_stage[stage], default=None),
            }
            for stage in WAITING_STAGES
        ],
        "stuck": stuck,
    }


# --- 2. Curriculum completion by class -------------------------------------------------------


def program_residents(program, today):
    """The program's residents who ever joined the pathway (active, completed or withdrawn),
    with what the curriculum completion and the cohort comparisons read, in one query for
    the two."""
    return _program_residents(None, program=program.pk, today=today)


@compiled_list(ResidentProfile)
def _program_residents(_, program, today):
    led = Project.objects.filter(lead=OuterRef("pk"))
    return (
        ResidentProfile.objects.filter(user__program=program, pathway_status__in=EVER_JOINED)
        .order_by()
        .annotate(
            held_event=Exists(led.filter(event_held(today))),
            has_results=Exists(led.filter(reached_results())),
        )
        .only(
            "residency_start",
            "expected_graduation",
            "pgy_override",
            "pathway_status",
            "vmps_for_leaders_completed_on",
            "leading_at_vm_completed_on",
            "sbp_signed_off_on",
        )
    )


def _done(resident, key, today) -> bool:
    if key == "event":
        return resident.held_event
    if key == "results":
        return resident.has_results
    field = {
        "vmps": "vmps_for_leaders_completed_on",
        "leading": "leading_at_vm_completed_on",
        "sbp": "sbp_signed_off_on",
    }[key]
    done_on = getattr(resident, field)
    return done_on is not None and done_on <= today


def curriculum_completion(*, program, today: date, residents=None) -> dict:
    """Per class (PGY-1, PGY-2, PGY-3 today) the share of pathway residents (active or
    completed) who have done each step of the curriculum. `residents` as program_residents()
    reads them (read here when not given)."""
    residents = program_residents(program, today) if residents is None else residents
    by_class = defaultdict(list)
    for resident in residents:
        if resident.pathway_status not in IN_PATHWAY or resident.is_alumnus(today):
            continue
        level = resident.pgy(today)
        if level in CLASSES:
            by_class[level].append(resident)
    rows = []
    for level in CLASSES:
        residents = by_class[level]
        cells = []
        for key, label in COMPLETION_COLUMNS:
            done = sum(1 for r in residents if _done(r, key, today))
            cells.append(
                {"key": key, "label": label, "done": done, "percent": percent(done, len(residents))}
            )
        rows.append({"label": f"PGY-{level}", "residents": len(residents), "cells": cells})
    return {"columns": [label for _, label in COMPLETION_COLUMNS], "rows": rows}


# --- 4. Cohort comparisons -------------------------------------------------------------------


def _plain(value: Decimal | None) -> Decimal | None:
    """2.50 as 2.5, 3.0 as 3: scores read as people write them."""
    return None if value is None else value.quantize(Decimal("0.01")).normalize()


def months_between(start: date, end: date) -> Decimal:
    return (Decimal((end - start).days) / DAYS_PER_MONTH).quantize(Decimal("0.1"))


def cohort_comparison(*, program, today: date, items=None, residents=None, projects=None) -> dict:
    """Per residency class (class of its graduation year, newest last): residents who joined
    the pathway, how many withdrew, the share who held the two-day event, the median months
    from the event to Results, the median IHI progress score and scholarly items per
    resident. `items`, `residents` and `projects` as scholarly_dates(), program_residents() and
    program_projects() read them (read here when not given)."""
    residents = program_residents(program, today) if residents is None else residents
    projects = program_projects(program) if projects is None else projects
    by_lead = defaultdict(list)
    for project in projects:
        by_lead[project["lead_id"]].append(project)
    items = scholarly_dates(program=program) if items is None else items
    leads_of = {row["pk"]: row["lead_id"] for row in projects}
    items_by_lead = defaultdict(int)
    for item in items:
        items_by_lead[leads_of.get(item.project_pk)] += 1

    classes = defaultdict(list)
    for resident in residents:
        classes[resident.expected_graduation.year].append(resident)
    rows = []
    for year in sorted(classes)[-COHORTS_SHOWN:]:
        members = [r for r in classes[year] if r.pathway_status != PathwayStatus.WITHDRAWN]
        withdrew = len(classes[year]) - len(members)
        held = 0
        month_values, score_values = [], []
        scholarly = 0
        for member in members:
            led = by_lead[member.pk]
            if any(p["event_second_day"] and p["event_second_day"] <= today for p in led):
                held += 1
            for project in led:
                if project["event_second_day"] and project["results_at"]:
                    reached = _local_day(project["results_at"])
                    if reached >= project["event_second_day"]:
                        month_values.append(months_between(project["event_second_day"], reached))
                if project["progress_score"] is not None and project["stage"] != Stage.WITHDRAWN:
                    score_values.append(project["progress_score"])
            scholarly += items_by_lead[member.pk]
        rows.append(
            {
                "label": f"Class of {year}",
                "year": year,
                "residents": len(members),
                "withdrew": withdrew,
                "held": held,
                "held_percent": percent(held, len(members)),
                "months_to_results": middle(month_values),
                "median_score": _plain(middle(score_values)),
                "scholarly": scholarly,
                "per_resident": (
                    (Decimal(scholarly) / len(members)).quantize(Decimal("0.1"))
                    if members
                    else None
                ),
            }
        )
    return {"rows": rows}
