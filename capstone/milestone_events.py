"""The capstone events that complete milestones or start their due-date clocks, registered with
the milestone events registry (pathway.core.events) when the capstone app is ready."""

from datetime import timedelta

from django.db.models import Min
from django.utils import timezone

from capstone.models import AbstractSubmission, FollowUp, Presentation, Project, Stage, StageChange
from capstone.models.choices import FLOW
from pathway.core.events import fmt, register

# --- Capstone ---------------------------------------------------------------------------------


def capstones(residents, cache) -> dict:
    """{resident id: the capstone they lead} (their latest one not withdrawn), read once per
    batch however many capstone events are asked for."""
    if "capstones" not in cache:
        projects = {}
        for project in (
            Project.objects.filter(lead__in=[r.pk for r in residents])
            .exclude(stage=Stage.WITHDRAWN)
            .order_by("pk")
        ):
            projects[project.lead_id] = project
        cache["capstones"] = projects
    return cache["capstones"]


def _per_project(residents, cache, dates_by_project, evidence):
    found = {}
    for resident_id, project in capstones(residents, cache).items():
        on = dates_by_project.get(project.pk)
        if on:
            found[resident_id] = (on, evidence(project, on))
    return found


def _first_stage_dates(residents, cache):
    """{project id: {stage: the first date it reached that stage}} from the stage history."""
    if "stage_dates" not in cache:
        projects = capstones(residents, cache).values()
        dates = {p.pk: {} for p in projects}
        for project_id, stage, changed_at in (
            StageChange.objects.filter(project__in=[p.pk for p in projects])
            .order_by("changed_at", "pk")
            .values_list("project_id", "to_stage", "changed_at")
        ):
            dates[project_id].setdefault(stage, timezone.localdate(changed_at))
        cache["stage_dates"] = dates
    return cache["stage_dates"]


@register("capstone_process_chosen", "Started a capstone (process chosen)")
def capstone_process_chosen(residents, cache):
    stage_dates = _first_stage_dates(residents, cache)
    started = {
        project.pk: min(stage_dates[project.pk].values(), default=None)
        or timezone.localdate(project.stage_changed_at)
        for project in capstones(residents, cache).values()
    }
    return _per_project(
        residents,
        cache,
        started,
        lambda project, on: f"Started the capstone “{project.title}” on {fmt(on)}",
    )


@register("sponsor_accepted", "Sponsor accepted")
def sponsor_accepted(residents, cache):
    accepted = {p.pk: p.sponsor_accepted_on for p in capstones(residents, cache).values()}
    return _per_project(
        residents,
        cache,
        accepted,
        lambda project, on: f"Sponsor accepted “{project.title}” on {fmt(on)}",
    )


def _stage_reached(stage):
    def read(residents, cache):

        later = FLOW[FLOW.index(stage) :]
        stage_dates = _first_stage_dates(residents, cache)
        reached = {}
        for project in capstones(residents, cache).values():
            history = [on for s, on in stage_dates[project.pk].items() if s in later]
            if history:
                reached[project.pk] = min(history)
            elif project.stage in later:
                # Moved there before the history was kept.
                reached[project.pk] = timezone.localdate(project.stage_changed_at)
        return _per_project(
            residents,
            cache,
            reached,
            lambda project, on: f"“{project.title}” reached {stage.label} on {fmt(on)}",
        )

    return read


def _register_stages():

    for stage in FLOW[1:]:
        register(f"stage_reached:{stage.value}", f"Capstone reached {stage.label}")(
            _stage_reached(stage)
        )


_register_stages()


def _follow_ups(residents, cache):
    """{project id: {day: FollowUp}}."""
    if "follow_ups" not in cache:
        projects = [p.pk for p in capstones(residents, cache).values()]
        found = {}
        for follow_up in FollowUp.objects.filter(project__in=projects):
            found.setdefault(follow_up.project_id, {})[follow_up.day] = follow_up
        cache["follow_ups"] = found
    return cache["follow_ups"]


def _follow_up_recorded(day):
    def read(residents, cache):
        held = {
            project_id: by_day[day].held_on
            for project_id, by_day in _follow_ups(residents, cache).items()
            if day in by_day
        }
        return _per_project(
            residents,
            cache,
            held,
            lambda project, on: f"{day}-day follow-up of “{project.title}” held on {fmt(on)}",
        )

    return read


def _follow_up_date(day):
    def read(residents, cache):
        """The follow-up's date as scheduled (and maybe moved) on the capstone; until it is
        scheduled, the event's last day plus the days."""
        scheduled = _follow_ups(residents, cache)
        dates = {}
        for project in capstones(residents, cache).values():
            follow_up = scheduled.get(project.pk, {}).get(day)
            if follow_up is not None:
                dates[project.pk] = follow_up.due_on
            elif project.event_second_day:
                dates[project.pk] = project.event_second_day + timedelta(days=day)
        return _per_project(
            residents, cache, dates, lambda project, on: f"{day}-day follow-up due {fmt(on)}"
        )

    return read


for _day in (30, 60, 90):
    register(f"follow_up_recorded:{_day}", f"{_day}-day follow-up recorded")(
        _follow_up_recorded(_day)
    )
    register(
        f"follow_up:{_day}",
        f"{_day}-day follow-up date",
        completes=False,
        after=f"the {_day}-day follow-up date",
    )(_follow_up_date(_day))


def _event_day(field, label):
    def read(residents, cache):
        days = {p.pk: getattr(p, field) for p in capstones(residents, cache).values()}
        return _per_project(
            residents, cache, days, lambda project, on: f"{label} of “{project.title}”: {fmt(on)}"
        )

    return read


register(
    "two_day_event_start",
    "Two-day event begins",
    completes=False,
    after="the two-day event begins",
)(_event_day("event_first_day", "Two-day event"))
register(
    "two_day_event_end",
    "Two-day event ends",
    completes=False,
    after="the two-day event ends",
)(_event_day("event_second_day", "Two-day event"))


@register("abstract_submitted", "Abstract submitted")
def abstract_submitted(residents, cache):

    projects = [p.pk for p in capstones(residents, cache).values()]
    first = dict(
        AbstractSubmission.objects.filter(project__in=projects, submitted_on__isnull=False)
        .values("project")
        .annotate(first=Min("submitted_on"))
        .values_list("project", "first")
    )
    return _per_project(
        residents,
        cache,
        first,
        lambda project, on: f"Abstract of “{project.title}” submitted on {fmt(on)}",
    )


@register("results_presented", "Results presented")
def results_presented(residents, cache):

    projects = [p.pk for p in capstones(residents, cache).values()]
    first = dict(
        Presentation.objects.filter(project__in=projects)
        .values("project")
        .annotate(first=Min("presented_on"))
        .values_list("project", "first")
    )
    return _per_project(
        residents,
        cache,
        first,
        lambda project, on: f"Results of “{project.title}” presented on {fmt(on)}",
    )
