"""At risk: the one verdict, with its reasons, that every page, download and digest shows.

The coach's caseload, the director's cohort board (and its CSV and Excel downloads) and the weekly
director digest all ask `at_risk_by_resident` and show what it says, so they cannot disagree.

Who can be at risk: a resident in the pathway now (active in the pathway, account open, not yet
graduated). The reasons, most severe first:
- overdue milestones (every open milestone past its due date);
- stalled: no progress report for the program's `stalled_after_days`, counted from the last
  report, or from joining the pathway for a resident who has not reported yet (a resident accepted
  today is not stalled for a report that was never due);
- no current KPO coach;
- the active capstone on hold;
- PGY-2 and later without an accepted sponsor on an active capstone.

Reads a fixed number of queries whatever the number of residents."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from capstone.models import Project
from capstone.models.choices import Stage
from mentoring.models import CoachAssignment, CoachingSettings
from mentoring.models.residents import last_submission_at
from pathway.core.compiled_lists import CompiledList
from pathway.core.links import link
from pathway.models import Milestone, PathwayStatus, ResidentProfile, User

OVERDUE, STALLED, NO_COACH, ON_HOLD, NO_SPONSOR = (
    "overdue",
    "stalled",
    "no_coach",
    "on_hold",
    "no_sponsor",
)
SEVERITY = {OVERDUE: 3, STALLED: 2, NO_COACH: 2, ON_HOLD: 1, NO_SPONSOR: 1}


@dataclass(frozen=True)
class Reason:
    kind: str
    text: str
    url: str
    since: date | None = None  # for overdue milestones: the oldest one's due date

    @property
    def severity(self) -> int:
        return SEVERITY[self.kind]


@dataclass(frozen=True, slots=True)
class ActiveCapstone:
    """What the reasons read of a resident's active capstone."""

    pk: int
    stage: str
    stage_changed_at: datetime
    sponsor_id: int | None
    sponsor_accepted_on: date | None
    sponsor_name: str  # the sponsor's display name; "" without one


def attention_order(name: str, reasons) -> tuple:
    """Sort key for lists of residents at risk: the most reasons first, then the most severe,
    then whoever has been overdue longest, then by name."""
    overdue = [reason.since for reason in reasons if reason.kind == OVERDUE]
    return (
        -len(reasons),
        -sum(reason.severity for reason in reasons),
        overdue[0] if overdue else date.max,
        name.lower(),
    )


def day_text(on: date) -> str:
    return f"{on.day} {on:%b %Y}"


def days_text(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def can_be_at_risk(resident, today: date) -> bool:
    """In the pathway now: active in it, with an open account, and not yet graduated."""
    return (
        resident.pathway_status == PathwayStatus.ACTIVE
        and resident.user.is_active
        and not resident.is_alumnus(today)
    )


# The verdict's reads, their SQL written once per length of the list of residents
# (pathway.core.compiled_lists): the ORM took longer to build them than PostgreSQL to answer.
_program_settings = CompiledList(
    CoachingSettings,
    lambda user, programs: CoachingSettings.objects.filter(program__in=programs).values_list(
        "program_id", "stalled_after_days"
    ),
)
_overdue_dates = CompiledList(
    Milestone,
    lambda user, ids, today: (
        Milestone.objects.overdue(today)
        .filter(resident_id__in=ids)
        .order_by("due_on")
        .values_list("resident_id", "due_on")
    ),
)


def _last_reports_query(user, ids):
    return (
        ResidentProfile.objects.filter(pk__in=ids)
        .order_by()
        .annotate(last=last_submission_at())
        .values_list("pk", "last")
    )


_last_reports = CompiledList(ResidentProfile, _last_reports_query)
_coached = CompiledList(
    CoachAssignment,
    lambda user, ids: (
        CoachAssignment.objects.current()
        .filter(resident_id__in=ids)
        .values_list("resident_id", flat=True)
    ),
)
_active_capstone_rows = CompiledList(
    Project,
    lambda user, ids: (
        Project.objects.active()
        .filter(lead_id__in=ids)
        .order_by("stage_changed_at", "pk")
        .values_list(
            "lead_id",
            "pk",
            "stage",
            "stage_changed_at",
            "sponsor_id",
            "sponsor_accepted_on",
            "sponsor__full_name",
            "sponsor__preferred_name",
        )
    ),
)


def _stalled_after(program_ids) -> dict[int, int]:
    custom = dict(_program_settings(None, programs=sorted(program_ids)))
    return {
        pid: custom.get(pid, CoachingSettings.DEFAULT_STALLED_AFTER_DAYS) for pid in program_ids
    }


def _overdue_reason(resident, dates, today):
    oldest = dates[0]
    days = days_text((today - oldest).days)
    if len(dates) == 1:
        text = f"1 milestone overdue since {day_text(oldest)} ({days})"
    else:
        text = f"{len(dates)} milestones overdue, the oldest since {day_text(oldest)} ({days})"
    return Reason(OVERDUE, text, link("pathway:resident_milestones", resident.user_id), oldest)


def _stalled_reason(resident, last_report_on, stalled_after, today):
    """None unless the resident has gone `stalled_after` days without a report that was due."""
    since = last_report_on or resident.joined_on
    if since is not None and (today - since).days < stalled_after:
        return None
    if last_report_on is not None:
        text = (
            f"Stalled: no progress report for {days_text((today - last_report_on).days)} "
            f"(since {day_text(last_report_on)})"
        )
    elif resident.joined_on is not None:
        text = (
            f"Stalled: no progress report in {days_text((today - resident.joined_on).days)} "
            f"since joining the pathway on {day_text(resident.joined_on)}"
        )
    else:
        text = "Stalled: no progress report yet"
    return Reason(STALLED, text, link("mentoring:resident_coaching", resident.pk))


def _project_reasons(resident, project, pgy, today):
    reasons = []
    if project is not None and project.stage == Stage.ON_HOLD:
        held = days_text((today - timezone.localdate(project.stage_changed_at)).days)
        reasons.append(
            Reason(
                ON_HOLD, f"Capstone on hold for {held}", link("capstone:project_detail", project.pk)
            )
        )
    if pgy in (2, 3) and not (
        project is not None and project.sponsor_id and project.sponsor_accepted_on
    ):
        if project is None:
            text, url = (
                "No sponsor: no active capstone yet",
                link("pathway:person_detail", resident.user_id),
            )
        elif project.sponsor_id:
            text = f"No sponsor yet: {project.sponsor_name} has not accepted"
            url = link("capstone:project_detail", project.pk)
        else:
            text, url = "No sponsor yet", link("capstone:project_detail", project.pk)
        reasons.append(Reason(NO_SPONSOR, text, url))
    return reasons


def _active_capstones(ids) -> dict[int, ActiveCapstone]:
    """Each resident's active capstone: the one that changed stage last, as the board shows
    it. Plain values: whole projects and sponsors cost the board a third of its time (make
    bench)."""
    names = {}
    capstones = {}
    for lead_id, pk, stage, changed, sponsor_id, accepted, full, preferred in _active_capstone_rows(
        None, ids=list(ids)
    ):
        name = ""
        if sponsor_id:
            if (full, preferred) not in names:
                names[full, preferred] = User(
                    full_name=full or "", preferred_name=preferred or ""
                ).display_name
            name = names[full, preferred]
        capstones[lead_id] = ActiveCapstone(pk, stage, changed, sponsor_id, accepted, name)
    return capstones


def at_risk_by_resident(
    residents, *, today: date, coached=None, capstones=None, stalled_after=None
) -> dict[int, list[Reason]]:
    """{resident id: the reasons, most severe first} for each resident given (ResidentProfile
    objects with their user loaded); an empty list means on track.

    A caller that has already read them may pass, for at least these residents, the ids of
    those with a current coach (`coached`), {resident id: ActiveCapstone} (`capstones`) and
    {program id: stalled_after_days} (`stalled_after`); each one not given is read here."""
    eligible = [r for r in residents if can_be_at_risk(r, today)]
    verdicts = {r.pk: [] for r in residents}
    if not eligible:
        return verdicts
    ids = [r.pk for r in eligible]
    overdue = defaultdict(list)
    for resident_id, due_on in _overdue_dates(None, ids=ids, today=today):
        overdue[resident_id].append(due_on)
    last_reports = {
        resident_id: timezone.localdate(at)
        for resident_id, at in _last_reports(None, ids=ids)
        if at is not None
    }
    if coached is None:
        coached = set(_coached(None, ids=ids))
    if capstones is None:
        capstones = _active_capstones(ids)
    if stalled_after is None:
        stalled_after = _stalled_after({r.user.program_id for r in eligible})
    for resident in eligible:
        reasons = []
        if overdue.get(resident.pk):
            reasons.append(_overdue_reason(resident, overdue[resident.pk], today))
        stalled = _stalled_reason(
            resident,
            last_reports.get(resident.pk),
            stalled_after[resident.user.program_id],
            today,
        )
        if stalled:
            reasons.append(stalled)
        if resident.pk not in coached:
            reasons.append(
                Reason(NO_COACH, "No KPO coach", link("mentoring:coach_assign", resident.pk))
            )
        reasons += _project_reasons(
            resident, capstones.get(resident.pk), resident.pgy(today), today
        )
        reasons.sort(key=lambda reason: -reason.severity)
        verdicts[resident.pk] = reasons
    return verdicts
