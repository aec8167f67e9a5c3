"""The bench's capstone projects: stages that fit each lead's year with their stage history,
measures with weekly data points, and results (report-outs, abstracts, publications)."""

from datetime import date, timedelta
from decimal import Decimal

from capstone.models import (
    FLOW,
    AbstractSubmission,
    DataPoint,
    DataType,
    Direction,
    Measure,
    MeasureKind,
    Phase,
    Presentation,
    Project,
    Publication,
    Stage,
    StageChange,
)
from pathway.bench.common import ALUMNI, BATCH, aware
from pathway.models import (
    PathwayStatus,
)

PROCESSES = [
    ("Discharge before noon", "5 West"),
    ("Medication reconciliation at admission", "Emergency department"),
    ("Sepsis bundle timeliness", "ICU"),
    ("Outpatient referral loop closure", "Internal medicine clinic"),
    ("Inpatient falls", "6 East"),
    ("Telemetry appropriateness", "Cardiology step-down"),
    ("Time to first antibiotic", "Emergency department"),
    ("Diabetic foot exam rates", "Primary care clinic"),
]
# name, kind, data type, unit, direction
MEASURE_SHAPES = [
    ("Discharges before noon", MeasureKind.OUTCOME, DataType.PROPORTION, "%", Direction.UP),
    ("Minutes to discharge", MeasureKind.PROCESS, DataType.CONTINUOUS, "minutes", Direction.DOWN),
    ("30-day readmissions", MeasureKind.BALANCING, DataType.COUNT, "readmissions", Direction.DOWN),
]


def weekday_before(day: date) -> date:
    """The closest Monday to Thursday on or before `day`, so the two event days are
    consecutive working days."""
    while day.weekday() > 3:
        day -= timedelta(days=1)
    return day


def stage_for(resident, n, rng):
    if resident.pathway_status == PathwayStatus.WITHDRAWN:
        return Stage.WITHDRAWN
    if resident.level == ALUMNI:
        return Stage.WITHDRAWN if n // 4 % 6 == 2 else Stage.CLOSED
    if resident.level == 1:
        return rng.choice([Stage.SELECTION, Stage.SELECTION, Stage.CURRENT_STATE])
    if resident.level == 2:
        if n // 4 % 5 == 1:
            return Stage.ON_HOLD
        return rng.choice(
            [Stage.CURRENT_STATE, Stage.EVENT_PREP, Stage.EVENT, Stage.IMPLEMENTATION]
        )
    return rng.choice([Stage.IMPLEMENTATION, Stage.POST_EVENT, Stage.RESULTS, Stage.DISSEMINATION])


def seed_projects(residents, staff, coach_of, size, today, rng):
    """One capstone per resident in turn, at a stage that fits their year; beyond one each,
    the extra ones are earlier capstones their leads withdrew. Each project keeps its path
    through the stages as StageChange rows."""
    projects, histories = [], []
    for n in range(size.projects):
        resident = residents[n % len(residents)]
        stage = stage_for(resident, n, rng) if n < len(residents) else Stage.WITHDRAWN
        # The forward path the project walked before where it is now.
        if stage in (Stage.ON_HOLD, Stage.WITHDRAWN):
            reached = FLOW[rng.randint(0, 3 if stage == Stage.ON_HOLD else 5)]
        else:
            reached = stage
        path = FLOW[: FLOW.index(reached) + 1]
        began = max(resident.joined_on, resident.residency_start + timedelta(days=60))
        ended = min(today, resident.expected_graduation)
        if began > ended:
            began = ended
        steps = len(path) + (1 if stage in (Stage.ON_HOLD, Stage.WITHDRAWN) else 0)
        span = max((ended - began).days, 1)
        dates = [began + timedelta(days=span * k // steps) for k in range(steps)]
        program_staff = staff[resident.user.program_id]
        process, unit = PROCESSES[n % len(PROCESSES)]
        past_selection = len(path) > 1
        event_day = None
        if Stage.EVENT in path:
            event_day = weekday_before(dates[path.index(Stage.EVENT)])
        elif stage == Stage.EVENT_PREP:
            event_day = weekday_before(today + timedelta(days=rng.randint(14, 45)))
        sponsor = program_staff["sponsors"][n % len(program_staff["sponsors"])]
        project = Project(
            program_id=resident.user.program_id,
            title=f"{process} on {unit}",
            process=process,
            department=unit,
            problem_statement=f"{process} on {unit} falls short of what patients need.",
            aim_what=process,
            aim_direction=Direction.UP,
            aim_baseline=Decimal(rng.randint(20, 50)),
            aim_target=Decimal(rng.randint(60, 90)),
            aim_unit="%",
            aim_by=dates[0] + timedelta(days=365),
            lead=resident,
            sponsor=sponsor if past_selection else None,
            sponsor_accepted_on=dates[1] if past_selection else None,
            event_first_day=event_day,
            event_second_day=event_day + timedelta(days=1) if event_day else None,
            event_location="Conference room B" if event_day else "",
            stage=stage,
            stage_changed_at=aware(dates[-1]),
            held_from_stage=reached if stage == Stage.ON_HOLD else "",
            stage_reason={
                Stage.ON_HOLD: "Waiting for the unit's new manager.",
                Stage.WITHDRAWN: "The unit closed for renovation.",
            }.get(stage, ""),
            progress_score=Decimal(min(len(path), 10)) / 2 if past_selection else None,
            created_by=resident.user,
        )
        projects.append(project)
        histories.append((path, stage, dates, resident.user))
    Project.objects.bulk_create(projects, batch_size=BATCH)
    changes = []
    for project, (path, stage, dates, by) in zip(projects, histories, strict=True):
        previous = ""
        for k, step in enumerate(path):
            kind = StageChange.Kind.START if k == 0 else StageChange.Kind.ADVANCE
            changes.append(
                StageChange(
                    project=project,
                    kind=kind,
                    from_stage=previous,
                    to_stage=step,
                    changed_by=by,
                    changed_at=aware(dates[k]),
                )
            )
            previous = step
        if stage in (Stage.ON_HOLD, Stage.WITHDRAWN):
            changes.append(
                StageChange(
                    project=project,
                    kind=StageChange.Kind.HOLD
                    if stage == Stage.ON_HOLD
                    else StageChange.Kind.WITHDRAW,
                    from_stage=previous,
                    to_stage=stage,
                    reason=project.stage_reason,
                    changed_by=by,
                    changed_at=aware(dates[-1]),
                )
            )
    StageChange.objects.bulk_create(changes, batch_size=BATCH)
    return projects


def seed_measures(projects, size, today, rng):
    """Two or three measures for every project past selection, and `data_points` weekly
    points shared among them: baseline before the two-day event, post-event after."""
    measures = []
    for n, project in enumerate(projects):
        if project.sponsor_id is None:
            continue
        for name, kind, data_type, unit, direction in MEASURE_SHAPES[: 3 if n % 3 == 0 else 2]:
            measures.append(
                Measure(
                    project=project,
                    name=name,
                    kind=kind,
                    data_type=data_type,
                    unit=unit,
                    direction=direction,
                    target=Decimal(80 if data_type == DataType.PROPORTION else 30),
                    operational_definition=f"{name}, counted weekly from the unit's report.",
                    data_source="Epic report",
                )
            )
    Measure.objects.bulk_create(measures, batch_size=BATCH)
    if not measures:
        return measures
    share, extra = divmod(size.data_points, len(measures))
    points = []
    for n, measure in enumerate(measures):
        count = share + (1 if n < extra else 0)
        event = measure.project.event_first_day
        last = min(today, measure.project.lead.expected_graduation)
        for k in range(count):
            period = last - timedelta(days=7 * (count - k))
            phase = Phase.POST_EVENT if event and period >= event else Phase.BASELINE
            point = DataPoint(measure=measure, period=period, phase=phase)
            if measure.data_type == DataType.PROPORTION:
                point.denominator = Decimal(rng.randint(18, 30))
                point.numerator = Decimal(rng.randint(4, int(point.denominator)))
            else:
                point.value = Decimal(round(rng.gauss(45, 9), 1)).quantize(Decimal("0.1"))
            if k % 97 == 50:
                point.excluded, point.excluded_reason = True, "Report outage that week"
            points.append(point)
        if len(points) >= 10 * BATCH:
            DataPoint.objects.bulk_create(points, batch_size=BATCH)
            points = []
    DataPoint.objects.bulk_create(points, batch_size=BATCH)
    return measures


def seed_results(projects, today):
    """Report-outs for projects at results or beyond; abstracts once disseminating; a
    publication for every fourth closed project."""
    presentations, abstracts, publications = [], [], []
    for n, project in enumerate(projects):
        if project.stage not in (Stage.RESULTS, Stage.DISSEMINATION, Stage.CLOSED):
            continue
        on = min(project.stage_changed_at.date(), today)
        presentations.append(
            Presentation(
                project=project,
                title=project.title,
                venue="Medicine grand rounds",
                presented_on=on,
                format=Presentation.Format.REPORT_OUT,
            )
        )
        if project.stage == Stage.RESULTS:
            continue
        abstracts.append(
            AbstractSubmission(
                project=project,
                title=project.title,
                conference="SGIM annual meeting",
                deadline=on + timedelta(days=30),
                submitted_on=on + timedelta(days=20),
                status=[
                    AbstractSubmission.Status.SUBMITTED,
                    AbstractSubmission.Status.ACCEPTED,
                    AbstractSubmission.Status.PRESENTED,
                    AbstractSubmission.Status.REJECTED,
                ][n % 4],
            )
        )
        if project.stage == Stage.CLOSED and n % 4 == 0:
            publications.append(
                Publication(
                    project=project,
                    journal="BMJ Open Quality",
                    citation=f"Resident et al. {project.title}. BMJ Open Qual. {on.year}.",
                    doi=f"10.1136/bmjoq-bench-{project.pk}",
                    published_on=min(on + timedelta(days=200), today),
                )
            )
    Presentation.objects.bulk_create(presentations, batch_size=BATCH)
    AbstractSubmission.objects.bulk_create(abstracts, batch_size=BATCH)
    Publication.objects.bulk_create(publications, batch_size=BATCH)


# The measure page of `make bench`: one measure with thousands of daily points (a measure
# read from an electronic record every day for years), on the focus resident's capstone.
BIG_MEASURE_NAME = "Minutes to first antibiotic (daily)"


def seed_big_measure(project, count, today, rng):
    """A continuous measure with `count` daily points ending yesterday: baseline before the
    two-day event, post-event after it, with a real improvement (the mean drops by a fifth)
    so the analysis has signals to find on the full series."""
    event = project.event_first_day or today - timedelta(days=count // 2)
    measure = Measure.objects.create(
        project=project,
        name=BIG_MEASURE_NAME,
        kind=MeasureKind.PROCESS,
        data_type=DataType.CONTINUOUS,
        unit="minutes",
        direction=Direction.DOWN,
        target=Decimal(45),
        operational_definition="Minutes from triage to the first antibiotic dose, daily median.",
        data_source="Epic report",
    )
    points = []
    for k in range(count):
        period = today - timedelta(days=count - k)
        phase = Phase.POST_EVENT if period >= event else Phase.BASELINE
        mean = 48 if phase == Phase.POST_EVENT else 60
        value = Decimal(round(rng.gauss(mean, 6), 1)).quantize(Decimal("0.1"))
        points.append(DataPoint(measure=measure, period=period, phase=phase, value=value))
    DataPoint.objects.bulk_create(points, batch_size=BATCH)
    return measure
