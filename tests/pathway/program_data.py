"""Hand-built program data for the overview, export and report tests: dated stage history and
residents in a given class on a pinned day."""

from datetime import date, datetime

from django.utils import timezone

from capstone.models import Stage, StageChange
from pathway.core.academic import academic_year_start
from tests import factories as f


def at(day: date, hour: int = 12) -> datetime:
    """Midday in the site's time zone: far from midnight, so local dates are unambiguous."""
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def resident(program, *, pgy: int, today: date, **fields):
    """A pathway resident who is at PGY `pgy` on `today`."""
    start = date(academic_year_start(today) - pgy + 1, 7, 1)
    return f.ResidentFactory(program=program, residency_start=start, **fields)


def project(program, stage=Stage.SELECTION, *, lead=None, **fields):
    if stage == Stage.ON_HOLD:
        fields.setdefault("held_from_stage", Stage.SELECTION)
    lead = lead or f.ResidentFactory(program=program)
    return f.ProjectFactory(lead=lead, stage=stage, **fields)


def moved(project, to_stage, on: date, *, kind=StageChange.Kind.ADVANCE):
    """Record a stage change on `on` and leave the project in `to_stage`, as the services do."""
    change = StageChange.objects.create(
        project=project,
        kind=kind,
        from_stage=project.stage,
        to_stage=to_stage,
        changed_at=at(on),
    )
    project.stage = to_stage
    project.stage_changed_at = change.changed_at
    if to_stage == Stage.ON_HOLD:
        project.held_from_stage = change.from_stage or Stage.SELECTION
    project.save()
    return change
