"""Stage requests: a project's lead asks to move on; the approvers the program names approve
it or return it with a note; once all have approved (or a director overrides, saying why) the
stage moves through capstone.services.stage_enter_next.

Milestones read the stage history (pathway.milestones.events), so a milestone that a stage
completes is completed by the approved change, never by the request."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from capstone.models import (
    APPROVERS,
    REQUESTABLE,
    ApprovalRule,
    Approver,
    Determination,
    Project,
    Stage,
    StageDecision,
    StageRequest,
    roles_of,
)
from capstone.services import ProjectError, StageError, _locked, _refresh, stage_enter_next
from pathway.models import ROLE_PROFILES, Role, User
from pathway.notifications.notify import notify

NOTE_MAX = 2000


# --- The program's rules -------------------------------------------------------------------


@transaction.atomic
def approval_rules_save(*, program, by, table: dict) -> None:
    """`table` is {stage: set of approver names} for each requestable stage. Open requests
    keep the approvers they were made with."""
    if not (by.is_superuser or (by.has_role(Role.DIRECTOR) and by.program_id == program.pk)):
        raise ProjectError("Only the program's directors set who approves stage changes.")
    for stage in REQUESTABLE:
        chosen = set(table.get(stage, set()))
        ApprovalRule.objects.update_or_create(
            program=program,
            stage=stage,
            defaults={name: name in chosen for name in APPROVERS} | {"updated_by": by},
        )


# --- Who is told ---------------------------------------------------------------------------


def _directors(program_id):
    return list(
        User.objects.filter(
            program=program_id, is_active=True, **{f"{ROLE_PROFILES[Role.DIRECTOR]}__isnull": False}
        ).order_by("pk")
    )


def approver_users(project, roles) -> list:
    """The people who hold `roles` on the project now (every director for the director)."""
    users = []
    if Approver.COACH in roles and project.coach is not None and project.coach.is_active:
        users.append(project.coach)
    if Approver.SPONSOR in roles and project.has_accepted_sponsor and project.sponsor.is_active:
        users.append(project.sponsor)
    if Approver.DIRECTOR in roles:
        users += [u for u in _directors(project.program_id) if u not in users]
    return users


def _leads(project):
    people = [project.lead.user, *project.co_leads.all()]
    return [p for p in people if p.is_active]


def _tell(users, *, kind, text, context, project, actor=None):
    """An in-app notification now and an email (as each person chose) once it is committed."""
    notify(
        recipients=users,
        kind=kind,
        text=text,
        link=reverse("capstone:project_detail", args=[project.pk]),
        context={**context, "project": project},
        actor=actor,
    )


# --- Requests ------------------------------------------------------------------------------


def _lock_request(request):
    return StageRequest.objects.select_for_update().get(pk=request.pk)


def _approved_by(request, roles, by, note=""):
    for role in roles:
        StageDecision.objects.create(
            request=request,
            kind=StageDecision.Kind.APPROVE,
            role=role,
            decided_by=by,
            note=note,
        )


def _complete(project, fresh, request, *, by, status, reason):
    """Move the stage for a request every approver approved (or a director overrode)."""
    change = stage_enter_next(project=fresh, by=by, reason=reason)
    request.status = status
    request.closed_at = change.changed_at
    request.change = change
    request.save(update_fields=["status", "closed_at", "change"])
    _refresh(project, fresh)
    _tell(
        _leads(fresh),
        kind="stage_moved",
        text=f"“{fresh.title}” moved to {Stage(change.to_stage).label}.",
        context={"request": request, "change": change},
        project=fresh,
    )
    return change


def _approval_summary(request):
    names = [
        f"{d.decided_by.display_name if d.decided_by else '—'} ({Approver(d.role).label})"
        for d in request.decisions.filter(kind=StageDecision.Kind.APPROVE).select_related(
            "decided_by"
        )
    ]
    return "Approved by " + ", ".join(names) + "." if names else "No approval was required."


@transaction.atomic
def stage_request_create(*, project, by, note: str = "") -> StageRequest:
    """Ask to move the project into its next stage. Refused while an entry requirement is
    missing. A requester who is one of the approvers (the coach, a director) approves by
    asking; with nobody left to approve, the stage moves at once."""
    if not project.can_steer(by):
        raise StageError("Only the project's leads, its KPO coach or a program director can.")
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise StageError(f"Keep the note under {NOTE_MAX} characters.")
    fresh = _locked(project)
    if fresh.is_on_hold:
        raise StageError("The project is on hold: resume it first.")
    target = fresh.next_stage()
    if target is None:
        raise StageError(f"A project that is {fresh.get_stage_display().lower()} cannot advance.")
    missing = fresh.missing_for(target)
    if missing:
        raise StageError(
            f"Not ready for {Stage(target).label}: " + "; ".join(r.label for r in missing) + ".",
            missing,
        )
    needs = ApprovalRule.approvers_for(fresh.program_id, target)
    try:
        with transaction.atomic():
            request = StageRequest.objects.create(
                project=fresh,
                from_stage=fresh.stage,
                to_stage=target,
                note=note,
                requested_by=by,
                **{f"needs_{name}": name in needs for name in APPROVERS},
            )
    except IntegrityError:
        raise StageError("A request to move this project on is already waiting.") from None
    _approved_by(request, [r for r in request.approvers if r in roles_of(by, fresh)], by, note)
    pending = request.pending_roles()
    if not pending:
        _complete(
            project,
            fresh,
            request,
            by=by,
            status=StageRequest.Status.APPROVED,
            reason=_approval_summary(request),
        )
        return request
    _tell(
        [u for u in approver_users(fresh, pending) if u.pk != by.pk],
        kind="stage_request",
        text=f"{by.display_name} asks to move “{fresh.title}” to {Stage(target).label}.",
        context={"request": request, "requested_by": by},
        project=fresh,
    )
    return request


def _decidable(request, by):
    """The open request, locked, and the roles in which `by` has still to answer it."""
    request = _lock_request(request)
    if not request.is_open:
        raise StageError("This request has already been decided.")
    project = (
        Project.objects.select_related("sponsor", "lead__user")
        .with_coach()
        .get(pk=request.project_id)
    )
    roles = [r for r in request.pending_roles() if r in roles_of(by, project)]
    return request, project, roles


@transaction.atomic
def stage_request_approve(*, request, by, note: str = "") -> StageRequest:
    """Approve in every role `by` holds and has not answered; the last approval moves the
    stage, provided every entry requirement is still met."""
    request, project, roles = _decidable(request, by)
    if not roles:
        raise StageError("You are not one of the approvers still to answer this request.")
    if len(note.strip()) > NOTE_MAX:
        raise StageError(f"Keep the note under {NOTE_MAX} characters.")
    _approved_by(request, roles, by, note.strip())
    if request.pending_roles():
        return request
    fresh = _locked(project)
    _complete(
        project,
        fresh,
        request,
        by=request.requested_by or by,
        status=StageRequest.Status.APPROVED,
        reason=_approval_summary(request),
    )
    return request


@transaction.atomic
def stage_request_return(*, request, by, note: str) -> StageRequest:
    """Send the request back to the leads with a note saying what to fix."""
    request, project, roles = _decidable(request, by)
    if not roles:
        raise StageError("You are not one of the approvers still to answer this request.")
    note = note.strip()
    if not note:
        raise StageError("Say what needs to change before you approve.")
    if len(note) > NOTE_MAX:
        raise StageError(f"Keep the note under {NOTE_MAX} characters.")
    StageDecision.objects.create(
        request=request, kind=StageDecision.Kind.RETURN, role=roles[0], decided_by=by, note=note
    )
    request.status = StageRequest.Status.RETURNED
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "closed_at"])
    _tell(
        _leads(project),
        kind="stage_returned",
        text=f"{by.display_name} returned the request to move “{project.title}” on: {note}",
        context={"request": request, "returned_by": by, "note": note},
        project=project,
    )
    return request


@transaction.atomic
def stage_request_override(*, project, by, reason: str) -> StageRequest:
    """A program director moves the project on without the approvals still missing, saying
    why. The entry requirements still apply. Recorded as a decision and in the stage history."""
    if not (by.is_superuser or project.is_program_director(by)):
        raise StageError("Only a program director can override the approvals.")
    reason = reason.strip()
    if not reason:
        raise StageError("Say why the approvals are overridden.")
    if len(reason) > NOTE_MAX:
        raise StageError(f"Keep the reason under {NOTE_MAX} characters.")
    request = StageRequest.objects.filter(project=project).open().first()
    if request is None:
        # Nobody asked yet: the director's override is the request.
        request = stage_request_create(project=project, by=by)
        if not request.is_open:
            return request
    request, _, _ = _decidable(request, by)
    StageDecision.objects.create(
        request=request,
        kind=StageDecision.Kind.OVERRIDE,
        role=Approver.DIRECTOR,
        decided_by=by,
        note=reason,
    )
    fresh = _locked(project)
    _complete(
        project,
        fresh,
        request,
        by=by,
        status=StageRequest.Status.OVERRIDDEN,
        reason=f"Director override: {reason}",
    )
    return request


# --- QI or research ------------------------------------------------------------------------


@transaction.atomic
def determination_save(*, project, by, fields: dict, letter=None) -> Determination:
    """Record (or correct) whether the project is QI, exempt or IRB-approved research. A new
    letter (already checked by letter_validator) replaces the old one once committed."""
    determination = Determination.objects.filter(project=project).first() or Determination(
        project=project
    )
    old_letter = determination.letter.name if determination.letter else ""
    for name, value in fields.items():
        setattr(determination, name, value)
    if determination.kind != Determination.Kind.IRB:
        determination.board = determination.protocol_number = ""
        determination.approved_on = None
    determination.recorded_by = by
    determination.recorded_at = timezone.now()
    determination.full_clean(exclude=["project", "letter"])
    if letter is not None:
        determination.letter.save(letter.name, letter, save=False)
        determination.letter_name = letter.name[-255:]
        stored = determination.letter.name
        storage = determination.letter.storage
        # Drop the replaced file only once the new record is committed.
        if old_letter:
            transaction.on_commit(lambda: storage.delete(old_letter))
        try:
            determination.save()
        except Exception:
            storage.delete(stored)
            raise
    else:
        determination.save()
    return determination
