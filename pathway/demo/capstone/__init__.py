"""Demo capstone projects, one at every stage, for the demo residents.

Each project is built the way a resident would build it: record first, then the stage moves
through the real services, so every demo project meets its stages' entry requirements. The
history is then dated to look lived-in. Idempotent: a project is keyed on its lead and title,
and an existing one is left alone."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from capstone.documents import abstract_prefill, load_for_documents
from capstone.models import (
    FLOW,
    AbstractDraft,
    AbstractSubmission,
    ActionItem,
    Approver,
    Cause,
    Comment,
    DataPoint,
    Determination,
    FollowUp,
    Idea,
    Measure,
    MeasureAnnotation,
    Phase,
    Presentation,
    ProcessStep,
    Project,
    Publication,
    ReportOut,
    Stage,
    StageChange,
    StageDecision,
    StageRequest,
    StandardWorkDoc,
    TeamMember,
    TestOfChange,
    TimeObservation,
    WasteObservation,
    WhyStep,
)
from capstone.services import (
    ProjectError,
    determination_save,
    followups_schedule,
    progress_confirm,
    project_create,
    project_event_update,
    project_hold,
    project_update,
    project_withdraw,
    stage_request_approve,
    stage_request_create,
    stage_request_override,
)
from mentoring.services import sponsorship_record
from pathway.demo.capstone import projects_early, projects_late, projects_middle

# Days after the event's first day on which a project typically entered each stage.
STAGE_ENTERED = {
    Stage.CURRENT_STATE: -120,
    Stage.EVENT_PREP: -45,
    Stage.EVENT: -10,
    Stage.IMPLEMENTATION: 2,
    Stage.POST_EVENT: 28,
    Stage.RESULTS: 100,
    Stage.DISSEMINATION: 150,
    Stage.CLOSED: 240,
}


def _specs():
    return [*projects_early.PROJECTS, *projects_middle.PROJECTS, *projects_late.PROJECTS]


ON_HOLD = projects_early.ON_HOLD
WITHDRAWN = projects_early.WITHDRAWN


def _working_day(on: date) -> date:
    """The nearest Monday–Thursday on or before `on`, so the event's second day is a weekday."""
    while on.weekday() > 3:
        on -= timedelta(days=1)
    return on


def _at(day: date, hour=10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _people(spec, world, lead):
    # The project's KPO coach is its lead's: the demo residents' coach assignments say who.
    coach = lead.current_coach
    if coach is None:
        raise ValueError(f"Demo capstone lead {lead} has no KPO coach assignment.")
    sponsor = world["sponsors"][spec.sponsor] if spec.sponsor is not None else None
    return coach, sponsor


def _who(key, project):
    return {"lead": project.lead.user, "coach": project.coach, "sponsor": project.sponsor}[key]


def _owner(name, project):
    """Owners named by first name are the lead; others are outside people."""
    if name and name == project.lead.user.full_name.split()[0]:
        return {"owner": project.lead.user}
    return {"owner_name": name}


# Sponsor selection opens in PGY-2: a PGY-1's charter is approved without a sponsor.
NO_SPONSOR_YET = (
    "Sponsor selection opens in PGY-2; the KPO coach approved the charter and the sponsor "
    "will review it once chosen."
)


def _advance_to(project, stage, by, world):
    """Each step as the program runs it: the lead asks, the named approvers approve."""
    director = world["director"]
    while project.stage != stage:
        request = stage_request_create(project=project, by=by)
        for role in request.pending_roles():
            approver = {
                Approver.COACH: project.coach,
                Approver.SPONSOR: project.sponsor if project.has_accepted_sponsor else None,
                Approver.DIRECTOR: director,
            }[role]
            if approver is None:
                stage_request_override(project=project, by=director, reason=NO_SPONSOR_YET)
                break
            stage_request_approve(request=request, by=approver)
        project.refresh_from_db()


def _build(spec, world, today):
    residents = {p.user.full_name: p for p in world["residents"]}
    lead = residents[spec.lead]
    if Project.objects.filter(lead=lead, title=spec.title).exists():
        return None
    coach, sponsor = _people(spec, world, lead)
    try:
        project = project_create(lead=lead, by=lead.user, title=spec.title)
    except ProjectError:
        # The resident already leads another active capstone: leave their data alone.
        return None
    event_first = _working_day(today + timedelta(days=spec.event_in_days))
    # Started months ago, as its history says: the charter's date bounds the aim's target date.
    project.created_at = _at(_started(event_first, today))
    Project.objects.filter(pk=project.pk).update(created_at=project.created_at)
    target = spec.stage
    fields = dict(spec.charter)
    if "aim_what" in fields:
        fields["aim_by"] = event_first + timedelta(days=180)
    project_update(project=project, by=lead.user, fields=fields)
    # A sponsor is chosen once Leading at Virginia Mason is done (sponsor_selection_refusal),
    # agreed with the sponsor and recorded by the coordinator: an accepted request.
    finished = lead.leading_at_vm_completed_on
    if sponsor is not None and finished is not None:
        sponsorship_record(
            project=project,
            sponsor=sponsor,
            by=world["coordinator"],
            on=max(min(event_first - timedelta(days=90), today), finished),
        )
        project.refresh_from_db()
    stages = FLOW[: FLOW.index(target) + 1]

    def reached(stage):
        return stage in stages

    if reached(Stage.CURRENT_STATE):
        _current_state(project, spec, event_first, today)
        _advance_to(project, Stage.CURRENT_STATE, lead.user, world)
    if reached(Stage.EVENT_PREP):
        _advance_to(project, Stage.EVENT_PREP, lead.user, world)
    if spec.team or spec.event:
        _event_plan(project, spec, event_first, lead.user)
    if reached(Stage.EVENT):
        _advance_to(project, Stage.EVENT, lead.user, world)
    if spec.ideas:
        _event_work(project, spec, event_first)
    if reached(Stage.IMPLEMENTATION):
        _advance_to(project, Stage.IMPLEMENTATION, lead.user, world)
        _implementation(project, spec, event_first, today)
    if spec.confirm_progress and target in (Stage.IMPLEMENTATION, Stage.POST_EVENT):
        # Confirmed before the post-event data came in: the page shows the suggestion moved.
        progress_confirm(project=project, by=coach, score=project.progress_suggestion().score)
    _post_event_data(project, spec, event_first, today)
    if reached(Stage.POST_EVENT):
        _advance_to(project, Stage.POST_EVENT, lead.user, world)
    _follow_ups(project, spec, today)
    if reached(Stage.RESULTS):
        _advance_to(project, Stage.RESULTS, lead.user, world)
    if spec.results:
        project_update(project=project, by=lead.user, fields=dict(spec.results))
    if reached(Stage.DISSEMINATION):
        # Recorded before anything is submitted: the QI council's determination.
        determination_save(project=project, by=lead.user, fields={"kind": Determination.Kind.QI})
        _advance_to(project, Stage.DISSEMINATION, lead.user, world)
    _dissemination(project, spec, event_first, today)
    if reached(Stage.CLOSED):
        _advance_to(project, Stage.CLOSED, lead.user, world)
    if spec.confirm_progress and target not in (Stage.IMPLEMENTATION, Stage.POST_EVENT):
        progress_confirm(project=project, by=coach, score=project.progress_suggestion().score)
    if spec.hold_reason:
        project_hold(project=project, by=lead.user, reason=spec.hold_reason)
    if spec.withdraw_reason:
        project_withdraw(project=project, by=coach, reason=spec.withdraw_reason)
    for who, text in spec.comments:
        Comment.objects.create(project=project, author=_who(who, project), body=text)
    _date_history(project, spec, event_first, today)
    return project


def _current_state(project, spec, event_first, today):
    fields = {"process_description": spec.process_description}
    if spec.takt:
        demand, unit, minutes = spec.takt
        fields.update(takt_demand=demand, takt_demand_unit=unit, takt_available_minutes=minutes)
    project_update(project=project, by=project.lead.user, fields=fields)
    for position, (description, who, minutes) in enumerate(spec.steps, start=1):
        ProcessStep.objects.create(
            project=project,
            position=position,
            description=description,
            performed_by=who,
            minutes=Decimal(minutes),
        )
    for offset, (waste, where, what, impact) in enumerate(spec.wastes):
        WasteObservation.objects.create(
            project=project,
            waste=waste,
            where=where,
            what=what,
            estimated_impact=impact,
            observed_on=min(event_first - timedelta(days=70 - 6 * offset), today),
        )
    for step, minutes in spec.timings:
        TimeObservation.objects.create(
            project=project,
            step=step,
            cycle_times=minutes,
            observed_on=min(event_first - timedelta(days=60), today),
        )
    for position, (why, because) in enumerate(spec.whys, start=1):
        WhyStep.objects.create(project=project, position=position, why=why, because=because)
    for category, text in spec.causes:
        Cause.objects.create(project=project, category=category, text=text)
    for measure in spec.measures:
        _measure(project, measure, event_first, today, baseline_only=True)


FREQUENCIES = {1: "daily", 7: "weekly", 14: "fortnightly", 28: "monthly"}


def _measure(project, spec, event_first, today, *, baseline_only):
    measure, created = Measure.objects.get_or_create(
        project=project,
        name=spec.name,
        defaults={
            "kind": spec.kind,
            "unit": spec.unit,
            "direction": spec.direction,
            "effect_summary": spec.effect,
            "data_type": spec.data_type,
            "target": None if spec.target is None else Decimal(str(spec.target)),
            "operational_definition": spec.definition,
            "data_source": spec.source,
            "collection_frequency": FREQUENCIES.get(spec.every_days, "weekly"),
        },
    )
    if created:
        for days, text in spec.notes:
            MeasureAnnotation.objects.create(
                measure=measure,
                on=event_first + timedelta(days=days),
                text=text,
                created_by=project.lead.user,
            )
    step = timedelta(days=spec.every_days)
    if baseline_only:
        start = event_first - step * len(spec.baseline)
        for index, value in enumerate(spec.baseline):
            if start + step * index > today:
                break  # the event is weeks away: the baseline is still being collected
            _point(measure, spec, index, start + step * index, value, Phase.BASELINE)
        return measure
    for index, value in enumerate(spec.post):
        period = event_first + timedelta(days=7) + step * index
        if period > today:
            break
        _point(measure, spec, len(spec.baseline) + index, period, value, Phase.POST_EVENT)
    return measure


def _point(measure, spec, index, period, value, phase):
    """A value, or for proportions and rates a numerator over the spec's denominator."""
    fields = {"value": Decimal(str(value))}
    if spec.denominators:
        denominator = spec.denominators[index % len(spec.denominators)]
        share = value / 100 if measure.is_percent else value
        fields = {"numerator": round(share * denominator), "denominator": denominator}
    DataPoint.objects.create(measure=measure, period=period, phase=phase, **fields)


def _event_plan(project, spec, event_first, by):
    for name, role, *attends in spec.team:
        TeamMember.objects.create(
            project=project, name=name, role=role, on_event_team=attends[0] if attends else True
        )
    fields = {"event_first_day": event_first, "event_second_day": event_first + timedelta(days=1)}
    fields.update(spec.event)
    project_event_update(project=project, by=by, fields=fields)


def _event_work(project, spec, event_first):
    ideas = []
    for idea, waste, effect, owner, decision, reason in spec.ideas:
        ideas.append(
            Idea.objects.create(
                project=project,
                idea=idea,
                waste=waste,
                expected_effect=effect,
                decision=decision,
                rejected_reason=reason,
                **_owner(owner, project),
            )
        )
    for title, indexes, plan, happened, learned, act in spec.tests:
        test = TestOfChange.objects.create(
            project=project,
            title=title,
            plan_what=plan,
            plan_when=event_first + timedelta(days=1),
            plan_where=project.department,
            prediction="Fewer delays",
            what_happened=happened,
            learned=learned,
            act=act,
        )
        test.ideas.set([ideas[i] for i in indexes])
    if spec.report:
        ReportOut.objects.create(
            project=project,
            posted_at=_at(event_first + timedelta(days=1), 16),
            posted_by=project.lead.user,
            **spec.report,
        )


def _implementation(project, spec, event_first, today):
    for what, owner, due_in, status in spec.actions:
        due = today + timedelta(days=due_in)
        ActionItem.objects.create(
            project=project,
            what=what,
            due_on=due,
            status=status,
            completed_on=min(due, today) if status == ActionItem.Status.DONE else None,
            **_owner(owner, project),
        )
    for title, version in spec.standard_work:
        StandardWorkDoc.objects.create(
            project=project,
            title=title,
            version=version,
            adopted_on=event_first + timedelta(days=14),
        )


def _post_event_data(project, spec, event_first, today):
    for measure in spec.measures:
        if measure.post:
            _measure(project, measure, event_first, today, baseline_only=False)


def _follow_ups(project, spec, today):
    followups_schedule(project=project)
    for follow_up in FollowUp.objects.filter(project=project, day__in=spec.follow_ups):
        sustained, reviewed, agreed = spec.follow_ups[follow_up.day]
        follow_up.held_on = min(follow_up.due_on + timedelta(days=2), today)
        follow_up.sustained = sustained
        follow_up.measures_reviewed = reviewed
        follow_up.actions_agreed = agreed
        follow_up.save()


def _dissemination(project, spec, event_first, today):
    for venue, after, audience, fmt in spec.presentations:
        Presentation.objects.create(
            project=project,
            title=project.title,
            venue=venue,
            presented_on=event_first + timedelta(days=after),
            audience=audience,
            format=fmt,
        )
    for title, conference, status in spec.abstracts:
        AbstractSubmission.objects.create(
            project=project,
            title=title,
            conference=conference,
            deadline=event_first + timedelta(days=170),
            submitted_on=min(event_first + timedelta(days=165), today)
            if status != "draft"
            else None,
            status=status,
        )
    for journal, citation, doi, pmid in spec.publications:
        Publication.objects.create(
            project=project,
            journal=journal,
            citation=citation,
            doi=doi,
            pmid=pmid,
            published_on=event_first + timedelta(days=380),
        )
    if spec.abstracts and spec.stage in (Stage.DISSEMINATION, Stage.CLOSED):
        sections = abstract_prefill(load_for_documents(project.pk))
        AbstractDraft.objects.create(project=project, updated_by=project.lead.user, **sections)


def _started(event_first, today):
    return min(event_first + timedelta(days=-150), today - timedelta(days=30))


def _date_history(project, spec, event_first, today):
    """Spread the stage history over the project's real timeline instead of 'just now'."""
    started = _started(event_first, today)
    changes = list(project.stage_changes.order_by("pk"))
    last = _at(started)
    for change in changes:
        if change.kind == StageChange.Kind.START:
            day = started
        elif change.kind == StageChange.Kind.ADVANCE:
            day = event_first + timedelta(days=STAGE_ENTERED[change.to_stage])
        else:
            day = today - timedelta(days=spec.paused_days_ago)
        when = max(_at(min(day, today)), last)
        change.changed_at = when
        change.save(update_fields=["changed_at"])
        # The request (and its approvals) that made an advance: asked two days before.
        asked = max(when - timedelta(days=2), last)
        requests = StageRequest.objects.filter(change=change)
        StageDecision.objects.filter(request__in=requests).update(decided_at=when)
        requests.update(requested_at=asked, closed_at=when)
        last = when
    Project.objects.filter(pk=project.pk).update(
        created_at=_at(started), stage_changed_at=last, updated_at=last
    )
    if project.progress_confirmed_at:
        confirmed = {
            Stage.IMPLEMENTATION: today - timedelta(days=20),
            Stage.POST_EVENT: today - timedelta(days=45),
        }.get(project.stage, today - timedelta(days=9))
        Project.objects.filter(pk=project.pk).update(progress_confirmed_at=_at(confirmed, 15))


@transaction.atomic
def seed(*, world, today=None):
    """Create the demo capstones (none are duplicated on a second run). Returns them by lead."""
    today = today or timezone.localdate()
    created = {}
    # Closed and withdrawn projects first, so their leads may then lead an active one.
    for spec in [WITHDRAWN, *_specs()[::-1], ON_HOLD]:
        project = _build(spec, world, today)
        if project is not None:
            created.setdefault(spec.lead, []).append(project)
    return created
