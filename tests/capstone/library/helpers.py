"""Library entries for the tests: a capstone that reached Results with its move approved, its
key measure charted (improved, no change or worse), an adopted countermeasure and lessons."""

from capstone.models import Phase, Stage, StageRequest, TestOfChange
from tests import factories as f

BASELINE = [10, 12, 11, 13, 12, 11, 12, 10]
POST = {
    "improved": [30, 32, 31, 33, 30, 32, 31, 33],
    "no_change": [11, 12, 11, 12, 11, 12, 12, 11],
    "worse": [5, 6, 4, 5, 6, 5, 4, 5],
}


def approve_results(project):
    """The move into Results approved through a stage request (the trusted workflow)."""
    return StageRequest.objects.create(
        project=project,
        from_stage=Stage.POST_EVENT,
        to_stage=Stage.RESULTS,
        needs_coach=True,
        status=StageRequest.Status.APPROVED,
    )


def library_entry(
    *,
    lead=None,
    program=None,
    title="Discharge before noon",
    outcome="improved",
    approved=True,
    stage=Stage.RESULTS,
    countermeasure="Night-before checklist",
    lessons="Start with the night before.",
    **fields,
):
    """A project in the library. `lead` a ResidentProfile (else a new resident of `program`)."""
    if lead is None:
        lead = f.ResidentFactory(program=program, pgy=2) if program else f.ResidentFactory(pgy=2)
    project = f.ProjectFactory(
        lead=lead, title=title, stage=stage, results_lessons=lessons, chartered=True, **fields
    )
    if countermeasure:
        f.TestOfChangeFactory(project=project, title=countermeasure, act=TestOfChange.Act.ADOPT)
    if outcome:
        measure = f.MeasureFactory(project=project, unit="minutes")
        values = BASELINE + POST[outcome]
        f.measure_series(measure, values, phase_after=len(BASELINE))
        assert measure.data_points.filter(phase=Phase.POST_EVENT).count() == len(POST[outcome])
    if approved:
        approve_results(project)
    return project
