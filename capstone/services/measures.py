"""Writes to a measure's data: every point entered (one by one, pasted or uploaded), every
edit and deletion kept in the history, phases kept in step with the event's dates."""

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from capstone.models import ChartSettings, DataPoint, DataPointChange, MeasureAnnotation, Project


def _touch(project_id):
    Project.objects.filter(pk=project_id).update(updated_at=timezone.now())


@transaction.atomic
def datapoint_save(*, point, by) -> DataPoint:
    """Save a point; a new one records who entered it, an edit records before → after."""
    if point.pk is None:
        point.entered_by = by
        point.save()
    else:
        stored = DataPoint.objects.select_for_update().select_related("measure").get(pk=point.pk)
        before, after = stored.snapshot(), point.snapshot()
        point.save()
        if before != after:
            DataPointChange.objects.create(
                measure_id=point.measure_id,
                data_point=point,
                action=DataPointChange.Action.EDIT,
                before=before,
                after=after,
                changed_by=by,
            )
    _touch(point.measure.project_id)
    return point


@transaction.atomic
def datapoint_delete(*, point, by) -> None:
    DataPointChange.objects.create(
        measure_id=point.measure_id,
        action=DataPointChange.Action.DELETE,
        before=f"{point.when}: {point.snapshot()}",
        changed_by=by,
    )
    project_id = point.measure.project_id
    point.delete()
    _touch(project_id)


@transaction.atomic
def datapoints_import(*, measure, rows, by) -> list[DataPoint]:
    """Add every row, or none: `rows` are dicts of DataPoint fields, already checked."""
    points = []
    for row in rows:
        phase = row.get("phase") or DataPoint.phase_for(measure.project, row.get("period"))
        point = DataPoint(
            measure=measure,
            period=row.get("period"),
            sequence=row.get("sequence"),
            value=row.get("value"),
            observations=row.get("observations"),
            numerator=row.get("numerator"),
            denominator=row.get("denominator"),
            note=row.get("note", ""),
            phase=phase,
            phase_overridden=bool(row.get("phase"))
            and phase != DataPoint.phase_for(measure.project, row.get("period")),
            entered_by=by,
        )
        point.full_clean(exclude=["measure"])
        points.append(point)
    # bulk_create skips the model's signals, so the audit history is written alongside.
    created = bulk_create_with_history(points, DataPoint, default_user=by)
    _touch(measure.project_id)
    return created


def datapoints_rephase(*, project, by=None) -> int:
    """After the event's dates change: every point whose phase was not set by hand follows
    the new dates. Returns how many points changed phase."""
    changed = []
    points = DataPoint.objects.filter(measure__project=project, phase_overridden=False)
    for point in points.select_for_update():
        phase = DataPoint.phase_for(project, point.period)
        if phase != point.phase:
            point.phase = phase
            changed.append(point)
    if changed:
        # One UPDATE for all, and a history row each: bulk_update skips the model's signals.
        bulk_update_with_history(changed, DataPoint, ["phase"], default_user=by)
    return len(changed)


def annotation_add(*, measure, by, on, text) -> MeasureAnnotation:
    annotation = MeasureAnnotation.objects.create(measure=measure, on=on, text=text, created_by=by)
    _touch(measure.project_id)
    return annotation


def annotation_delete(*, annotation) -> None:
    project_id = annotation.measure.project_id
    annotation.delete()
    _touch(project_id)


def chart_settings_save(*, program, rules, follow_up_window_days=None) -> ChartSettings:
    defaults = {"rules": rules}
    if follow_up_window_days is not None:
        defaults["follow_up_window_days"] = follow_up_window_days
    settings, _ = ChartSettings.objects.update_or_create(program=program, defaults=defaults)
    return settings
