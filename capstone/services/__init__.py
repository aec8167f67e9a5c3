"""Capstone writes that touch several rows, keep history or send mail.

Keyword-only arguments, `<entity>_<action>`. The stage machine's moves are here; what each
stage requires is on the model (`Project.entry_requirements`)."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from capstone.models import (
    FOLLOW_UP_DAYS,
    AbstractSubmission,
    Attachment,
    FollowUp,
    Presentation,
    Project,
    Stage,
    StageChange,
    StageRequest,
)
from pathway.core.errors import ServiceError
from pathway.core.uploads import sniff
from pathway.milestones.services import milestones_sync
from pathway.notifications.notify import notify


class ProjectError(ServiceError):
    """A change the rules refuse; the message is shown to the user."""


class StageError(ProjectError):
    """A stage move refused; `missing` lists the unmet entry requirements, if any."""

    def __init__(self, message, missing=()):
        super().__init__(message)
        self.missing = list(missing)


def _locked(project):
    """Re-read the project under a row lock so two moves cannot interleave."""
    return Project.objects.select_for_update().get(pk=project.pk)


def _refresh(project, fresh):
    for field in ("stage", "held_from_stage", "stage_reason", "stage_changed_at"):
        setattr(project, field, getattr(fresh, field))


def active_capstone_message(lead, existing) -> str:
    return (
        f"{lead.user.full_name} already leads an active capstone, “{existing.title}” "
        f"({existing.get_stage_display()}). A resident leads one active capstone at a time: "
        "close or withdraw that one first."
    )


@transaction.atomic
def project_create(*, lead, by, title, **fields) -> Project:
    """Start a capstone in Selection. Its KPO coach is always the lead's current coach."""
    existing = Project.objects.filter(lead=lead).active().first()
    if existing:
        raise ProjectError(active_capstone_message(lead, existing))
    co_leads = fields.pop("co_leads", None)
    project = Project(
        program_id=lead.user.program_id, lead=lead, title=title, created_by=by, **fields
    )
    try:
        with transaction.atomic():
            project.save()
    except IntegrityError:
        # Lost a race with another request creating this resident's capstone.
        existing = Project.objects.filter(lead=lead).active().first()
        raise ProjectError(active_capstone_message(lead, existing or project)) from None
    if co_leads:
        project.co_leads.set(co_leads)
    StageChange.objects.create(
        project=project, kind=StageChange.Kind.START, to_stage=Stage.SELECTION, changed_by=by
    )
    milestones_follow(project)
    return project


@transaction.atomic
def project_update(*, project, by, fields: dict) -> Project:
    """Save a section of the record (charter, current state, results)."""
    co_leads = fields.pop("co_leads", None)
    if {"sponsor", "sponsor_accepted_on"} & fields.keys():
        # One way in: an accepted sponsor request (mentoring.services.sponsorship).
        raise ProjectError("A sponsor is set only when they accept a sponsor request.")
    for name, value in fields.items():
        setattr(project, name, value)
    project.full_clean(exclude=["lead", "program"])
    project.save()
    if co_leads is not None:
        project.co_leads.set(co_leads)
    milestones_follow(project)
    return project


@transaction.atomic
def project_event_update(*, project, by, fields: dict) -> Project:
    """Save the event details, and keep the 30/60/90-day follow-ups and the phases of the
    measures' data points in step with its dates."""
    project_update(project=project, by=by, fields=fields)
    followups_schedule(project=project)
    datapoints_rephase(project=project, by=by)
    milestones_follow(project)
    return project


def followups_schedule(*, project) -> list[FollowUp]:
    """Create the 30/60/90-day follow-ups from the event's last day; move the ones nobody has
    edited or held when the event moves."""
    last_day = project.event_last_day
    if last_day is None:
        return []
    existing = {f.day: f for f in project.follow_ups.all()}
    result = []
    for day in FOLLOW_UP_DAYS:
        due = FollowUp.computed_due(last_day, day)
        follow_up = existing.get(day)
        if follow_up is None:
            follow_up = FollowUp.objects.create(project=project, day=day, due_on=due)
        elif not follow_up.due_on_edited and follow_up.held_on is None and follow_up.due_on != due:
            follow_up.due_on = due
            follow_up.save(update_fields=["due_on"])
        result.append(follow_up)
    return result


@transaction.atomic
def followup_update(*, follow_up, by, fields: dict) -> FollowUp:
    if "due_on" in fields and fields["due_on"] != follow_up.due_on:
        follow_up.due_on_edited = True
    for name, value in fields.items():
        setattr(follow_up, name, value)
    follow_up.full_clean()
    follow_up.save()
    milestones_follow(follow_up.project)
    return follow_up


@transaction.atomic
def project_sponsor_accept(*, project, sponsor, on) -> Project:
    """The only writer of Project.sponsor: an accepted sponsor request, answered by the
    sponsor or recorded by staff (mentoring's sponsorship services call it)."""
    project.sponsor = sponsor
    project.sponsor_accepted_on = on
    project.save(update_fields=["sponsor", "sponsor_accepted_on", "updated_at"])
    milestones_follow(project)
    return project


# --- The stage machine ---------------------------------------------------------------------


def milestones_follow(project):
    """What just changed on the capstone may complete one of its lead's milestones or move a
    due date (stage reached, sponsor accepted, event days, follow-ups, abstracts,
    presentations): bring the lead's stored milestones up to date in this same transaction, so
    that every page shows it at once rather than after the next daily sweep."""
    milestones_sync(residents=[project.lead_id])


def _record(project, *, kind, from_stage, to_stage, by, reason=""):
    now = timezone.now()
    if kind != StageChange.Kind.ADVANCE:
        # Moving back, holding or withdrawing ends any request to move on from where it was.
        StageRequest.objects.filter(project=project).open().update(
            status=StageRequest.Status.CANCELLED, closed_at=now
        )
    project.stage_changed_at = now
    project.save(
        update_fields=["stage", "held_from_stage", "stage_reason", "stage_changed_at", "updated_at"]
    )
    change = StageChange.objects.create(
        project=project,
        kind=kind,
        from_stage=from_stage,
        to_stage=to_stage,
        reason=reason,
        changed_by=by,
        changed_at=now,
    )
    milestones_follow(project)
    if kind != StageChange.Kind.ADVANCE:
        # An advance is told by the approval that made it (capstone.services.approvals).
        _tell_stage_changed(project, change, by)
    return change


STAGE_CHANGE_WORDS = {
    StageChange.Kind.BACK: "moved “{title}” back to {stage}",
    StageChange.Kind.HOLD: "put “{title}” on hold",
    StageChange.Kind.RESUME: "resumed “{title}” in {stage}",
    StageChange.Kind.WITHDRAW: "withdrew “{title}”",
}


def _tell_stage_changed(project, change, by):
    """The project's leads, coach and sponsor hear of a move they did not make."""
    words = STAGE_CHANGE_WORDS[change.kind].format(
        title=project.title, stage=Stage(change.to_stage).label
    )
    notify(
        recipients=[
            project.lead.user,
            *project.co_leads.all(),
            project.coach,
            project.sponsor if project.has_accepted_sponsor else None,
        ],
        kind="stage_changed",
        text=f"{by.display_name} {words}" + (f": {change.reason}" if change.reason else "."),
        link=reverse("capstone:project_detail", args=[project.pk]),
        actor=by,
    )


def stage_enter_next(*, project, by, reason="") -> StageChange:
    """Move a locked project (capstone.services.approvals locks it) into its next stage when
    every entry requirement of that stage is met. Only an approved or overridden stage request
    calls this: nobody moves a project forward alone."""
    if project.is_on_hold:
        raise StageError("The project is on hold: resume it first.")
    target = project.next_stage()
    if target is None:
        raise StageError(f"A project that is {project.get_stage_display().lower()} cannot advance.")
    missing = project.missing_for(target)
    if missing:
        raise StageError(
            f"Not ready for {Stage(target).label}: " + "; ".join(r.label for r in missing) + ".",
            missing,
        )
    origin = project.stage
    project.stage = target
    project.stage_reason = ""
    return _record(
        project,
        kind=StageChange.Kind.ADVANCE,
        from_stage=origin,
        to_stage=target,
        by=by,
        reason=reason,
    )


@transaction.atomic
def project_move_back(*, project, by, to, reason) -> StageChange:
    """A coach or a director sends the project back to an earlier stage, saying why."""
    if not project.can_move_back(by):
        raise StageError("Only the project's KPO coach or a program director can move it back.")
    if not reason.strip():
        raise StageError("Say why the project moves back.")
    fresh = _locked(project)
    if to not in fresh.earlier_stages():
        raise StageError(
            f"{Stage(to).label} is not an earlier stage than {fresh.get_stage_display()}."
        )
    origin = fresh.stage
    fresh.stage = to
    fresh.stage_reason = ""
    change = _record(
        fresh, kind=StageChange.Kind.BACK, from_stage=origin, to_stage=to, by=by, reason=reason
    )
    _refresh(project, fresh)
    return change


@transaction.atomic
def project_hold(*, project, by, reason) -> StageChange:
    if not project.can_steer(by):
        raise StageError("Only the project's leads, its KPO coach or a program director can.")
    if not reason.strip():
        raise StageError("Say why the project is on hold.")
    fresh = _locked(project)
    if fresh.is_on_hold or fresh.is_final:
        raise StageError(f"A project that is {fresh.get_stage_display().lower()} cannot be held.")
    origin = fresh.stage
    fresh.held_from_stage = origin
    fresh.stage = Stage.ON_HOLD
    fresh.stage_reason = reason.strip()
    change = _record(
        fresh,
        kind=StageChange.Kind.HOLD,
        from_stage=origin,
        to_stage=Stage.ON_HOLD,
        by=by,
        reason=fresh.stage_reason,
    )
    _refresh(project, fresh)
    return change


@transaction.atomic
def project_resume(*, project, by) -> StageChange:
    """Back to the stage the project was in when it was put on hold."""
    if not project.can_steer(by):
        raise StageError("Only the project's leads, its KPO coach or a program director can.")
    fresh = _locked(project)
    if not fresh.is_on_hold:
        raise StageError("Only a project on hold can be resumed.")
    target = fresh.held_from_stage
    fresh.stage = target
    fresh.held_from_stage = ""
    fresh.stage_reason = ""
    change = _record(
        fresh, kind=StageChange.Kind.RESUME, from_stage=Stage.ON_HOLD, to_stage=target, by=by
    )
    _refresh(project, fresh)
    return change


@transaction.atomic
def project_withdraw(*, project, by, reason) -> StageChange:
    """Stop the project for good, saying why. The lead may then start another capstone."""
    if not project.can_steer(by):
        raise StageError("Only the project's leads, its KPO coach or a program director can.")
    if not reason.strip():
        raise StageError("Say why the project is withdrawn.")
    fresh = _locked(project)
    if fresh.is_final:
        raise StageError(f"The project is already {fresh.get_stage_display().lower()}.")
    origin = fresh.stage
    fresh.stage = Stage.WITHDRAWN
    fresh.held_from_stage = ""
    fresh.stage_reason = reason.strip()
    change = _record(
        fresh,
        kind=StageChange.Kind.WITHDRAW,
        from_stage=origin,
        to_stage=Stage.WITHDRAWN,
        by=by,
        reason=fresh.stage_reason,
    )
    _refresh(project, fresh)
    return change


# --- Progress score ------------------------------------------------------------------------


def progress_confirm(*, project, by, score, note="") -> Project:
    """The coach confirms the suggested IHI score or overrides it (an override needs a note)."""
    if not project.can_confirm_progress(by):
        raise ProjectError("Only the project's KPO coach confirms the progress score.")
    suggestion = project.progress_suggestion()
    if score != suggestion.score and not note.strip():
        raise ProjectError(
            f"Say why the score differs from the suggested {suggestion.score} ({suggestion.label})."
        )
    project.progress_score = score
    project.progress_note = note.strip()
    project.progress_confirmed_at = timezone.now()
    project.progress_confirmed_by = by
    project.progress_suggested_at_confirmation = suggestion.score
    project.save(
        update_fields=[
            "progress_score",
            "progress_note",
            "progress_confirmed_at",
            "progress_confirmed_by",
            "progress_suggested_at_confirmation",
            "updated_at",
        ]
    )
    return project


# --- Parts of the record -------------------------------------------------------------------


def _next_position(project, related_name):
    top = getattr(project, related_name).aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


# The parts of the record that complete milestones or move their due dates.
MILESTONE_PARTS = (FollowUp, AbstractSubmission, Presentation)


@transaction.atomic
def part_save(*, project, instance, by, m2m=None):
    """Save one row of a project's record (a step, an idea, an action…) and touch the project."""
    if any(f.name == "project" for f in instance._meta.fields):
        instance.project = project
    if hasattr(instance, "position") and not instance.position:
        related = instance._meta.get_field("project").remote_field.related_name
        instance.position = _next_position(project, related)
    instance.save()
    if m2m:
        for name, values in m2m.items():
            getattr(instance, name).set(values)
    Project.objects.filter(pk=project.pk).update(updated_at=timezone.now())
    if isinstance(instance, MILESTONE_PARTS):
        milestones_follow(project)
    return instance


def attachment_add(*, project, by, upload, section, kind, title) -> Attachment:
    """Store an upload that the form's UploadValidator has already checked."""
    attachment = Attachment(
        project=project,
        section=section,
        kind=kind,
        title=title or upload.name,
        original_name=upload.name[-255:],
        file_type=sniff(upload) or "",
        size=upload.size,
        uploaded_by=by,
    )
    attachment.file.save(upload.name, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def part_delete(*, instance):
    """Delete a row; an attachment's file goes too, once the deletion is committed."""
    files = []
    if isinstance(instance, Attachment):
        files.append(instance.file)
    instance.delete()
    if isinstance(instance, MILESTONE_PARTS):
        milestones_follow(instance.project)
    for stored in files:
        name, storage = stored.name, stored.storage
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))


# Measures and their data live in their own module; re-exported so callers import from here.
# So do the report-out, the discussion and the abstract draft (what a project shares).
# Stage requests and their approvals move the stage forward; re-exported likewise.
from capstone.services.approvals import (  # noqa: E402, F401
    approval_rules_save,
    determination_save,
    stage_request_approve,
    stage_request_create,
    stage_request_override,
    stage_request_return,
)
from capstone.services.measures import (  # noqa: E402, F401
    annotation_add,
    annotation_delete,
    chart_settings_save,
    datapoint_delete,
    datapoint_save,
    datapoints_import,
    datapoints_rephase,
)
from capstone.services.sharing import (  # noqa: E402, F401
    abstract_draft_save,
    comment_post,
    reportout_post,
    reportout_save,
)
