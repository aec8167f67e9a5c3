"""The program director's cohort board: every pathway resident by class, with their coach,
their capstone's stage, one cell per milestone, and who is at risk and why.

Read-only. The board costs the same few queries whatever the size of the cohort: the milestone
templates, the residents (with their last report), their current coaches, their milestones and
their capstones are each fetched once and put together in Python. Filtering happens on the
assembled rows, so the filter form, the board and the exports agree on one definition."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone

from capstone.models import Project
from capstone.models.choices import FINAL_STAGES, Stage
from mentoring.at_risk import ActiveCapstone, Reason, at_risk_by_resident, attention_order
from mentoring.models import CoachAssignment, CoachingSettings, TrackedResident
from pathway.core.compiled_lists import compiled_list
from pathway.core.dates import short_date
from pathway.core.links import link_maker
from pathway.models import (
    Milestone,
    MilestoneStatus,
    MilestoneTemplate,
    PathwayStatus,
    Track,
    User,
)

# Classes in board order.
CLASSES = {"pgy1": "PGY-1", "pgy2": "PGY-2", "pgy3": "PGY-3", "alumni": "Alumni"}

# A board cell is a milestone's status, or NOT_APPLICABLE when the resident has no such
# milestone (another track's, a PGY-1-only step they were past when the pathway began, …).
DONE, UPCOMING, DUE_SOON, OVERDUE_CELL, WAIVED = (
    MilestoneStatus.DONE.value,
    MilestoneStatus.UPCOMING.value,
    MilestoneStatus.DUE_SOON.value,
    MilestoneStatus.OVERDUE.value,
    MilestoneStatus.WAIVED.value,
)
NOT_APPLICABLE = "none"
CELL_LABELS = {
    DONE: "Done",
    UPCOMING: "On track",
    DUE_SOON: "Due soon",
    OVERDUE_CELL: "Overdue",
    WAIVED: "Waived",
    NOT_APPLICABLE: "Not applicable",
}

MILESTONE_FILTERS = {
    "overdue": "Something overdue",
    "due_soon": "Something due soon",
    "on_track": "All on track",
    "at_risk": "At risk (any reason)",
}
NO_CAPSTONE = "none"
NO_COACH = "none"

# Column headers for the standard milestone set (pathway.milestones.standard); a program's own
# templates get a shortened name. The full name is always in the header's title.
SHORT_NAMES = {
    "apply": "Apply",
    "vmps-for-leaders": "VMPS for Leaders",
    "sbp-rotation": "SBP rotation",
    "capstone-process": "Process chosen",
    "leading-at-vm": "Leading at VM",
    "sponsor": "Sponsor",
    "current-state": "Current state",
    "two-day-event": "Two-day event",
    "follow-up-30": "30-day",
    "follow-up-60": "60-day",
    "follow-up-90": "90-day",
    "post-event-data": "Post-event data",
    "abstract": "Abstract",
    "results-presented": "Presented",
}
SHORT_NAME_LENGTH = 16

# What the board reads of a resident (their user's password hash and the rest stay behind).
RESIDENT_FIELDS = (
    "user_id",
    "track",
    "residency_start",
    "expected_graduation",
    "pgy_override",
    "pathway_status",
    "joined_on",
    "user__full_name",
    "user__email",
    "user__is_active",
    "user__program_id",
)


@dataclass(frozen=True)
class Column:
    template_id: int
    name: str
    short_name: str


class Cell(NamedTuple):
    # A tuple rather than a dataclass: a cached board holds ~900 of them, and tuples come back
    # from the cache several times faster.
    status: str
    label: str  # what the cell says in words, e.g. "Overdue since 3 Oct 2026"
    on: date | None  # completed, waived or due on, as the status makes relevant
    url: str = ""


@dataclass
class BoardRow:
    profile_id: int
    user_id: int
    name: str
    email: str
    url: str
    class_key: str
    pgy: int
    track: str
    coach_id: int | None
    coach_name: str
    sponsor_name: str
    sponsor_accepted: bool
    project_id: int | None
    project_title: str
    project_url: str
    stage: str
    days_in_stage: int | None
    cells: list[Cell]
    reasons: list[Reason] = field(default_factory=list)

    @property
    def class_label(self) -> str:
        return CLASSES[self.class_key]

    @property
    def track_label(self) -> str:
        return Track(self.track).label

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label if self.stage else ""

    def count(self, status) -> int:
        return sum(1 for cell in self.cells if cell.status == status)

    @property
    def overdue_count(self) -> int:
        return self.count(OVERDUE_CELL)

    @property
    def due_soon_count(self) -> int:
        return self.count(DUE_SOON)

    @property
    def severity(self) -> int:
        return sum(reason.severity for reason in self.reasons)


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    rows: list[BoardRow]


@dataclass(frozen=True)
class BoardFilters:
    """Validated filter values; empty means no filter."""

    cohort: str = ""  # a key of CLASSES
    track: str = ""  # a Track value
    coach: str = ""  # a coach's user id, or NO_COACH
    stage: str = ""  # a Stage value, or NO_CAPSTONE
    milestones: str = ""  # a key of MILESTONE_FILTERS

    @property
    def active(self) -> bool:
        return any(vars(self).values())


@dataclass
class CohortBoard:
    program: object
    today: date
    columns: list[Column]
    rows: list[BoardRow]  # every resident on the board, in board order
    stalled_after_days: int

    @property
    def coaches(self) -> list[tuple[int, str]]:
        """The KPO coaches of residents on the board, by name: the coach filter's choices."""
        found = {row.coach_id: row.coach_name for row in self.rows if row.coach_id}
        return sorted(found.items(), key=lambda item: item[1].lower())


def _short_name(key, name) -> str:
    if key in SHORT_NAMES:
        return SHORT_NAMES[key]
    if len(name) <= SHORT_NAME_LENGTH:
        return name
    return name[: SHORT_NAME_LENGTH - 1].rstrip() + "…"


def _cell_text(due, completed, waived, today) -> tuple[str, str, date | None]:
    """(status, words, the date that goes with the status) of a milestone's dates."""
    status = Milestone.status_of(due_on=due, completed_on=completed, waived_on=waived, today=today)
    if status == MilestoneStatus.DONE:
        return DONE, f"Done {short_date(completed)}", completed
    if status == MilestoneStatus.WAIVED:
        return WAIVED, f"Waived {short_date(waived)}", waived
    if status == MilestoneStatus.OVERDUE:
        return OVERDUE_CELL, f"Overdue since {short_date(due)}", due
    if status == MilestoneStatus.DUE_SOON:
        return DUE_SOON, f"Due soon: {short_date(due)}", due
    if due is None:
        return UPCOMING, "On track: no due date yet", None
    return UPCOMING, f"On track: due {short_date(due)}", due


class _CellTexts(dict):
    """_cell_text once per distinct set of dates: a class shares most of its due dates."""

    def __init__(self, today):
        super().__init__()
        self.today = today

    def __missing__(self, dates):
        self[dates] = _cell_text(*dates, self.today)
        return self[dates]


NOT_APPLICABLE_CELL = Cell(NOT_APPLICABLE, "Not applicable", None)


def _on_board(today):
    """Pathway residents who are in the pathway now, and alumni: those who completed it, and
    those who graduated from residency while in it (their account may be closed by then)."""
    graduated = Q(expected_graduation__lt=today, pgy_override__isnull=True)
    return Q(pathway_status=PathwayStatus.COMPLETED) | Q(
        Q(user__is_active=True) | graduated, pathway_status=PathwayStatus.ACTIVE
    )


def _class_key(resident, today) -> str:
    if resident.pathway_status == PathwayStatus.COMPLETED or resident.is_alumnus(today):
        return "alumni"
    level = resident.pgy(today)
    if level <= 1:
        return "pgy1"
    return "pgy2" if level == 2 else "pgy3"


class _Names(dict):
    """User.display_name from values, without building a User for each of the board's ~120
    coach and sponsor mentions (a handful of people)."""

    def __missing__(self, key):
        full_name, preferred_name = key
        self[key] = User(
            full_name=full_name or "", preferred_name=preferred_name or ""
        ).display_name
        return self[key]


@dataclass(slots=True)
class _Capstone:
    pk: int
    title: str
    stage: str
    stage_changed_at: datetime
    sponsor_id: int | None
    sponsor_accepted_on: date | None
    sponsor_name: str

    @property
    def sponsor_accepted(self) -> bool:
        return bool(self.sponsor_id and self.sponsor_accepted_on)


def _capstones_by_lead(lead_ids, names) -> dict[int, _Capstone]:
    """Each resident's capstone for the board: the active one, else the last one to close or
    be withdrawn."""
    chosen = {}
    projects = _board_capstones(None, leads=list(lead_ids))
    for lead_id, pk, title, stage, changed, sponsor_id, full, preferred, accepted in projects:
        current = chosen.get(lead_id)
        if current is None or current.stage in FINAL_STAGES or stage not in FINAL_STAGES:
            sponsor = names[full, preferred] if sponsor_id else ""
            chosen[lead_id] = _Capstone(pk, title, stage, changed, sponsor_id, accepted, sponsor)
    return chosen


def _coaches_by_resident(resident_ids, names) -> dict[int, tuple[int, str]]:
    assignments = _board_coaches(None, ids=list(resident_ids))
    return {
        resident_id: (coach_id, names[full, preferred])
        for resident_id, coach_id, full, preferred in assignments
    }


class Links:
    """The board's links, each reversed once."""

    def __init__(self):
        self.person = link_maker("pathway:person_detail")
        self.timeline = link_maker("pathway:resident_milestones")
        self.coaching = link_maker("mentoring:resident_coaching")
        self.coach_assign = link_maker("mentoring:coach_assign")
        self.project = link_maker("capstone:project_detail")
        self.milestone = link_maker("pathway:milestone_detail")


# Their SQL is written once (CompiledList), then run for each program and day.
@compiled_list(MilestoneTemplate)
def _board_templates(_, program):
    return (
        MilestoneTemplate.objects.filter(program=program)
        .active()
        .order_by("position", "name")
        .values_list("pk", "key", "name")
    )


@compiled_list(Milestone)
def _board_milestones(_, ids, templates):
    return Milestone.objects.filter(resident_id__in=ids, template_id__in=templates).values_list(
        "pk", "resident_id", "template_id", "due_on", "completed_on", "waived_on"
    )


@compiled_list(Project)
def _board_capstones(_, leads):
    return (
        Project.objects.filter(lead_id__in=leads)
        .order_by("stage_changed_at", "pk")
        .values_list(
            "lead_id",
            "pk",
            "title",
            "stage",
            "stage_changed_at",
            "sponsor_id",
            "sponsor__full_name",
            "sponsor__preferred_name",
            "sponsor_accepted_on",
        )
    )


@compiled_list(CoachAssignment)
def _board_coaches(_, ids):
    return (
        CoachAssignment.objects.current()
        .filter(resident_id__in=ids)
        .values_list("resident_id", "coach_id", "coach__full_name", "coach__preferred_name")
    )


@compiled_list(TrackedResident)
def _board_residents(_, program, today):
    return (
        TrackedResident.objects.filter(_on_board(today), user__program=program)
        .select_related("user")
        .only(*RESIDENT_FIELDS)
    )


def cohort_board(*, program, today) -> CohortBoard:
    """Every resident on the program's board, grouped by class and by name within a class."""
    templates = _board_templates(None, program=program.pk)
    columns = [Column(pk, name, _short_name(key, name)) for pk, key, name in templates]
    residents = _board_residents(None, program=program.pk, today=today)
    ids = [resident.pk for resident in residents]
    links = Links()
    by_resident = defaultdict(dict)
    milestones = _board_milestones(None, ids=ids, templates=[c.template_id for c in columns])
    texts = _CellTexts(today)
    for pk, resident_id, template_id, *dates in milestones:
        by_resident[resident_id][template_id] = Cell(*texts[tuple(dates)], links.milestone(pk))
    names = _Names()
    capstones = _capstones_by_lead(ids, names)
    coaches = _coaches_by_resident(ids, names)
    stalled_after = CoachingSettings.for_program(program).stalled_after_days
    # The verdict reuses what the board has just read: its coaches, its capstones (the
    # active one is the one the board shows, unless that is closed or withdrawn) and its
    # setting, three queries fewer.
    verdicts = at_risk_by_resident(
        residents,
        today=today,
        coached=set(coaches),
        capstones={
            lead_id: ActiveCapstone(
                c.pk,
                c.stage,
                c.stage_changed_at,
                c.sponsor_id,
                c.sponsor_accepted_on,
                c.sponsor_name,
            )
            for lead_id, c in capstones.items()
            if c.stage not in FINAL_STAGES
        },
        stalled_after={program.pk: stalled_after},
    )
    rows = []
    for resident in residents:
        cells = by_resident.get(resident.pk, {})
        row = _row(
            resident,
            [cells.get(c.template_id, NOT_APPLICABLE_CELL) for c in columns],
            capstones.get(resident.pk),
            coaches.get(resident.pk),
            today,
            links,
        )
        row.reasons = verdicts[resident.pk]
        rows.append(row)
    order = list(CLASSES)
    rows.sort(key=lambda row: (order.index(row.class_key), row.name.lower(), row.profile_id))
    return CohortBoard(
        program=program, today=today, columns=columns, rows=rows, stalled_after_days=stalled_after
    )


def _row(resident, cells, project, coach, today, links) -> BoardRow:
    coach_id, coach_name = coach or (None, "")
    return BoardRow(
        profile_id=resident.pk,
        user_id=resident.user_id,
        name=resident.user.full_name or resident.user.email,
        email=resident.user.email,
        url=links.person(resident.user_id),
        class_key=_class_key(resident, today),
        pgy=resident.pgy(today),
        track=resident.track,
        coach_id=coach_id,
        coach_name=coach_name,
        sponsor_name=project.sponsor_name if project else "",
        sponsor_accepted=bool(project and project.sponsor_accepted),
        project_id=project.pk if project else None,
        project_title=project.title if project else "",
        project_url=links.project(project.pk) if project else "",
        stage=project.stage if project else "",
        days_in_stage=(today - timezone.localdate(project.stage_changed_at)).days
        if project
        else None,
        cells=cells,
    )


def _matches(row, filters: BoardFilters) -> bool:
    if filters.cohort and row.class_key != filters.cohort:
        return False
    if filters.track and row.track != filters.track:
        return False
    if filters.coach:
        wanted = None if filters.coach == NO_COACH else int(filters.coach)
        if row.coach_id != wanted:
            return False
    if filters.stage and (row.stage or NO_CAPSTONE) != filters.stage:
        return False
    if filters.milestones == "overdue":
        return row.overdue_count > 0
    if filters.milestones == "due_soon":
        return row.due_soon_count > 0
    if filters.milestones == "on_track":
        return not (row.overdue_count or row.due_soon_count)
    if filters.milestones == "at_risk":
        return bool(row.reasons)
    return True


def filter_rows(rows, *, filters: BoardFilters) -> list[BoardRow]:
    return [row for row in rows if _matches(row, filters)]


def board_groups(rows) -> list[Group]:
    """The rows by class, in board order, leaving out classes with nobody in them."""
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.class_key].append(row)
    return [Group(key, label, grouped[key]) for key, label in CLASSES.items() if grouped[key]]


def at_risk(rows) -> list[BoardRow]:
    """Residents with at least one reason, in the order every list of them uses."""
    return sorted(
        (row for row in rows if row.reasons),
        key=lambda row: attention_order(row.name, row.reasons),
    )
