"""Capstone projects, their tools and measures, and projects built up to a stage."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from capstone import models as cm
from tests.factories.people import (
    CoachAssignmentFactory,
    CoachFactory,
    ResidentFactory,
    SponsorFactory,
)

TINY_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TINY_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x9a\xa0"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def working_days_around(days_from_today: int) -> tuple[date, date]:
    """Two consecutive working days (Mon–Thu start) near today + days_from_today."""
    first = timezone.localdate() + timedelta(days=days_from_today)
    while first.weekday() > 3:
        first -= timedelta(days=1)
    return first, first + timedelta(days=1)


UNSET = object()


def coach_the_lead(resident, coach):
    """Make `coach` (a User, or None) the resident's current KPO coach."""
    current = resident.coach_assignments.current().first()
    if current is not None and current.coach_id == getattr(coach, "pk", None):
        return
    if current is not None:
        current.ended_on = timezone.localdate()
        current.save(update_fields=["ended_on"])
    if coach is not None:
        CoachAssignmentFactory(resident=resident, coach=coach)
    resident.__dict__.pop("current_coach", None)


class ProjectFactory(factory.django.DjangoModelFactory):
    """A capstone in Selection. `chartered=True` fills a complete charter."""

    class Meta:
        model = cm.Project
        skip_postgeneration_save = True

    class Params:
        chartered = factory.Trait(
            process="Discharge from 5 West",
            department="5 West, hospital medicine",
            problem_statement="Only 14% of patients leave before noon; beds are late for ED.",
            aim_what="Percentage of discharges before noon",
            aim_direction=cm.Direction.UP,
            aim_baseline=Decimal("14"),
            aim_target=Decimal("35"),
            aim_unit="%",
            aim_by=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=300)),
            scope_first_step="Discharge order written",
            scope_last_step="Patient leaves the unit",
        )

    lead = factory.SubFactory(ResidentFactory, pgy=2)
    program = factory.LazyAttribute(lambda o: o.lead.user.program)
    title = factory.Sequence(lambda n: f"Capstone project {n}")
    # A sponsor on a project is one who accepted (only an accepted request sets it); pass
    # sponsor_accepted_on=None for the legacy rows written before that rule.
    sponsor = None
    sponsor_accepted_on = factory.LazyAttribute(
        lambda o: timezone.localdate() - timedelta(days=30) if o.sponsor else None
    )

    @classmethod
    def _create(cls, model_class, *args, coach=UNSET, **kwargs):
        """`coach=` names the lead's KPO coach (their current coach assignment), which is
        the project's coach; coach=None leaves the lead without one."""
        project = super()._create(model_class, *args, **kwargs)
        if coach is not UNSET:
            coach_the_lead(project.lead, coach)
        return project


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.TeamMember

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Outside Person {n}")
    role = "Charge nurse"


class ProcessStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.ProcessStep

    project = factory.SubFactory(ProjectFactory)
    position = factory.Sequence(lambda n: n + 1)
    description = "Discharge order written"
    performed_by = "Resident"
    minutes = Decimal("10")


class WasteObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.WasteObservation

    project = factory.SubFactory(ProjectFactory)
    waste = cm.Waste.WAITING
    where = "Pharmacy window"
    what = "Patients wait for discharge medications"
    observed_on = factory.LazyFunction(timezone.localdate)
    estimated_impact = "45 minutes per discharge"


class TimeObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.TimeObservation

    project = factory.SubFactory(ProjectFactory)
    step = "Medication reconciliation"
    cycle_times = ["12", "15", "9.5", "14"]


class WhyStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.WhyStep

    project = factory.SubFactory(ProjectFactory)
    position = factory.Sequence(lambda n: n + 1)
    why = "are discharges late"
    because = "the discharge summary is written after rounds"


class CauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Cause

    project = factory.SubFactory(ProjectFactory)
    category = cm.FishboneCategory.METHODS
    text = "No standard time for discharge planning"


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Idea

    project = factory.SubFactory(ProjectFactory)
    idea = "Identify tomorrow's discharges at afternoon huddle"
    waste = cm.Waste.WAITING
    decision = cm.Idea.Decision.TEST_NOW


class TestOfChangeFactory(factory.django.DjangoModelFactory):
    __test__ = False

    class Meta:
        model = cm.TestOfChange

    project = factory.SubFactory(ProjectFactory)
    title = "Afternoon discharge huddle, one team"
    plan_what = "Flag likely discharges at 3 pm huddle"
    what_happened = "6 of 8 flagged patients left before noon"
    learned = "Works when the charge nurse runs it"
    act = cm.TestOfChange.Act.ADOPT


class ReportOutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.ReportOut

    project = factory.SubFactory(ProjectFactory)
    summary = "We tested an afternoon huddle and a discharge checklist."
    before = "Discharges clustered after 2 pm."
    after = "Likely discharges are known the day before."
    next_steps = "Spread the huddle to all teams."


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.ActionItem

    project = factory.SubFactory(ProjectFactory)
    what = "Train night nurses on the checklist"
    owner_name = "Nurse educator"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))


class StandardWorkDocFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.StandardWorkDoc

    project = factory.SubFactory(ProjectFactory)
    title = "Afternoon discharge huddle"


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.FollowUp

    project = factory.SubFactory(ProjectFactory)
    day = 30
    due_on = factory.LazyFunction(timezone.localdate)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Measure

    project = factory.SubFactory(ProjectFactory)
    name = "Discharges before noon"
    kind = cm.MeasureKind.OUTCOME
    unit = "%"
    direction = cm.Direction.UP


class DataPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.DataPoint

    measure = factory.SubFactory(MeasureFactory)
    period = factory.Sequence(lambda n: date(2024, 1, 1) + timedelta(days=7 * n))
    value = Decimal("14")
    phase = cm.Phase.BASELINE


class MeasureAnnotationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.MeasureAnnotation

    measure = factory.SubFactory(MeasureFactory)
    on = date(2024, 2, 5)
    text = "New discharge checklist"


def measure_series(measure, values, *, start=date(2024, 1, 1), phase_after=None, days=7):
    """Points one `days` apart; from index `phase_after` on they are post-event."""
    points = []
    for index, value in enumerate(values):
        post = phase_after is not None and index >= phase_after
        points.append(
            cm.DataPoint(
                measure=measure,
                period=start + timedelta(days=days * index),
                value=Decimal(str(value)),
                phase=cm.Phase.POST_EVENT if post else cm.Phase.BASELINE,
            )
        )
    return cm.DataPoint.objects.bulk_create(points)


class PresentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Presentation

    project = factory.SubFactory(ProjectFactory)
    venue = "Medicine grand rounds"
    presented_on = factory.LazyFunction(timezone.localdate)


class AbstractSubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.AbstractSubmission

    project = factory.SubFactory(ProjectFactory)
    title = "Discharge before noon: a resident-led kaizen"
    conference = "SGIM Annual Meeting"


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Publication

    project = factory.SubFactory(ProjectFactory)
    journal = "BMJ Open Quality"
    citation = "Resident A, et al. Discharge before noon. BMJ Open Qual. 2025;14:e002345."
    doi = "10.1136/bmjoq-2025-002345"


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Comment

    project = factory.SubFactory(ProjectFactory)
    author = factory.LazyAttribute(lambda o: o.project.lead.user)
    body = "Looks good."


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Attachment

    project = factory.SubFactory(ProjectFactory)
    section = cm.Section.CURRENT_STATE
    kind = cm.Attachment.Kind.PROCESS_MAP
    title = "Process map"
    file = factory.LazyFunction(lambda: ContentFile(TINY_PDF, name="map.pdf"))
    original_name = "map.pdf"
    file_type = "pdf"
    size = len(TINY_PDF)


# What each stage needs, added to a project so that it may enter that stage.
def _for_current_state(project):
    for name, value in {
        "process": "Discharge from 5 West",
        "department": "5 West",
        "problem_statement": "Discharges are late.",
        "aim_what": "Percentage of discharges before noon",
        "aim_direction": cm.Direction.UP,
        "aim_baseline": Decimal("14"),
        "aim_target": Decimal("35"),
        "aim_unit": "%",
        "aim_by": timezone.localdate() + timedelta(days=300),
        "scope_first_step": "Discharge order",
        "scope_last_step": "Patient leaves",
    }.items():
        if getattr(project, name) in (None, ""):
            setattr(project, name, value)
    if project.coach is None:
        coach_the_lead(project.lead, CoachFactory(user__program=project.program).user)


def _for_event_prep(project):
    project.process_description = project.process_description or "Orders, then meds, then ride."
    ProcessStepFactory(project=project)
    WasteObservationFactory(project=project)
    WhyStepFactory(project=project)
    if project.sponsor_id is None:
        project.sponsor = SponsorFactory(user__program=project.program).user
    if project.sponsor_accepted_on is None:
        project.sponsor_accepted_on = timezone.localdate() - timedelta(days=30)


def _for_event(project):
    if project.event_first_day is None:
        project.event_first_day, project.event_second_day = working_days_around(-40)
    TeamMemberFactory(project=project)
    DataPointFactory(measure=MeasureFactory(project=project), phase=cm.Phase.BASELINE)


def _for_implementation(project):
    TestOfChangeFactory(project=project).ideas.add(IdeaFactory(project=project))
    ReportOutFactory(project=project, posted_at=timezone.now())


def _for_post_event(project):
    ActionItemFactory(project=project)


def _for_results(project):
    measure = project.measures.first() or MeasureFactory(project=project)
    DataPointFactory(measure=measure, phase=cm.Phase.POST_EVENT, value=Decimal("30"))
    FollowUpFactory(project=project, day=30, held_on=timezone.localdate())


def _for_dissemination(project):
    project.results_what_changed = "Discharges before noon rose from 14% to 31%."
    project.results_lessons = "Start with the night before."
    cm.Determination.objects.get_or_create(
        project=project, defaults={"kind": cm.Determination.Kind.QI}
    )


def _for_closed(project):
    PresentationFactory(project=project)
    FollowUpFactory(project=project, day=90, held_on=timezone.localdate(), sustained="yes")


REQUIREMENT_FILLERS = {
    cm.Stage.CURRENT_STATE: _for_current_state,
    cm.Stage.EVENT_PREP: _for_event_prep,
    cm.Stage.EVENT: _for_event,
    cm.Stage.IMPLEMENTATION: _for_implementation,
    cm.Stage.POST_EVENT: _for_post_event,
    cm.Stage.RESULTS: _for_results,
    cm.Stage.DISSEMINATION: _for_dissemination,
    cm.Stage.CLOSED: _for_closed,
}


def project_at(stage, *, ready_for_next=False, **kwargs):
    """A project in `stage` whose record meets every entry requirement up to that stage
    (and of the next stage too, with ready_for_next=True). No stage history is written."""
    project = ProjectFactory(**kwargs)
    flow = cm.FLOW
    # Withdrawn and on-hold projects are made from Selection; their record stays empty.
    last = flow.index(stage) + (1 if ready_for_next else 0) if stage in flow else 0
    for target in flow[1 : last + 1]:
        REQUIREMENT_FILLERS[target](project)
    if stage == cm.Stage.ON_HOLD:
        project.held_from_stage = cm.Stage.SELECTION
        project.stage_reason = "On leave"
    elif stage == cm.Stage.WITHDRAWN:
        project.stage_reason = "No longer needed"
    project.stage = stage
    project.save()
    return project


# --- Milestones, reminders and notifications (issue 7) -----------------------------------------
