"""Sponsor selection: the resident asks a program sponsor or proposes a new one; the
coordinator approves proposals; the sponsor accepts (recorded on the capstone) or declines."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from capstone.models import Project
from capstone.services import project_sponsor_accept
from mentoring.models import SponsorRequest, SponsorRequestStatus
from mentoring.services.coaching import MentoringError
from pathway.models import Role, User
from pathway.notifications.notify import notify
from pathway.people.services import PersonData, PersonError, person_create

SPONSOR_FROM_PGY = 2


def sponsor_selection_refusal(resident, *, on=None) -> str:
    """Why the resident cannot ask for a sponsor now, or "" when they can."""
    pgy = resident.pgy(on)
    if pgy < SPONSOR_FROM_PGY:
        return f"Sponsor selection opens in PGY-2; you are in PGY-{pgy}."
    if resident.leading_at_vm_completed_on is None:
        return (
            "You can pick a sponsor once you have completed “Leading at Virginia Mason”. "
            "It is not recorded as completed yet; if you have finished it, ask the coordinator "
            "to record it."
        )
    project = Project.active_of(resident)
    if project is None:
        return "Start your capstone project first: the sponsor guides your capstone."
    if project.sponsor_id and project.sponsor_accepted_on:
        return f"{project.sponsor.display_name} already sponsors your capstone."
    waiting = SponsorRequest.objects.open().filter(project=project).first()
    if waiting is not None:
        return f"Your request to {waiting.sponsor_name} is waiting for an answer."
    return ""


def _link(request):
    return reverse("mentoring:sponsor_request_detail", args=[request.pk])


def _notify_sponsor(request):
    notify(
        recipients=[request.sponsor],
        kind="sponsor_requested",
        text=f"{request.resident.user.display_name} asks you to sponsor their capstone.",
        link=_link(request),
        context={"request": request},
    )


def _notify_resident(request, template, text):
    notify(
        recipients=[request.resident.user],
        kind="sponsor_answered",
        text=text,
        link=reverse("mentoring:sponsor_choose"),
        context={"request": request},
        template=template,
    )


@transaction.atomic
def sponsor_request(
    *,
    resident,
    sponsor=None,
    proposed_name: str = "",
    proposed_email: str = "",
    proposed_title: str = "",
    message: str = "",
) -> SponsorRequest:
    """Ask `sponsor` (a program sponsor) to sponsor the resident's capstone, or propose a new
    sponsor by name and email for the coordinator to approve."""
    reason = sponsor_selection_refusal(resident)
    if reason:
        raise MentoringError(reason)
    program_id = resident.user.program_id
    if sponsor is not None:
        if not sponsor.has_role(Role.SPONSOR) or sponsor.program_id != program_id:
            raise MentoringError(f"{sponsor.display_name} is not one of the program's sponsors.")
        if not sponsor.is_active:
            raise MentoringError(f"{sponsor.display_name}'s account is deactivated.")
        status = SponsorRequestStatus.AWAITING_SPONSOR
    else:
        if not (proposed_name.strip() and proposed_email.strip()):
            raise MentoringError("Give the proposed sponsor's name and email.")
        status = SponsorRequestStatus.AWAITING_APPROVAL
    try:
        with transaction.atomic():
            request = SponsorRequest.objects.create(
                resident=resident,
                project=Project.active_of(resident),
                sponsor=sponsor,
                proposed_name="" if sponsor else proposed_name.strip(),
                proposed_email="" if sponsor else proposed_email.strip().lower(),
                proposed_title="" if sponsor else proposed_title.strip(),
                message=message,
                status=status,
                requested_at=timezone.now(),
            )
    except IntegrityError:
        raise MentoringError("Your capstone already has a sponsor request waiting for an answer.")
    if sponsor is not None:
        _notify_sponsor(request)
    else:
        notify(
            recipients=User.objects.filter(
                program=program_id, is_active=True, coordinator_profile__isnull=False
            ).order_by("pk"),
            kind="sponsor_requested",
            text=f"{resident.user.display_name} proposes {request.proposed_name} as the "
            "sponsor of their capstone: approve or refuse the proposal.",
            link=_link(request),
            context={"request": request},
            template="mentoring/sponsor_proposed",
        )
    return request


def _lock(request):
    # Lock only the request row: PostgreSQL refuses FOR UPDATE on the outer join to the
    # (nullable) sponsor.
    return (
        SponsorRequest.objects.select_for_update(of=("self",))
        .select_related("resident__user", "project", "sponsor")
        .get(pk=request.pk)
    )


@transaction.atomic
def sponsor_proposal_approve(*, request: SponsorRequest, approved_by) -> SponsorRequest:
    """Create the proposed sponsor's account (sponsor role, invitation emailed), then send the
    request to them. Someone already in the program as a sponsor is asked directly."""
    request = _lock(request)
    if request.status != SponsorRequestStatus.AWAITING_APPROVAL:
        raise MentoringError("This proposal has already been decided.")
    program = request.resident.user.program
    existing = User.objects.filter(email__iexact=request.proposed_email).first()
    if existing is not None:
        if not (existing.has_role(Role.SPONSOR) and existing.program_id == program.pk):
            raise MentoringError(
                f"{request.proposed_email} already has an account that is not one of the "
                "program's sponsors; give them the sponsor role on the people page first."
            )
        sponsor = existing
    else:
        try:
            sponsor = person_create(
                program=program,
                data=PersonData(
                    email=request.proposed_email,
                    full_name=request.proposed_name,
                    roles={Role.SPONSOR},
                    title=request.proposed_title,
                    profile={"department": request.proposed_title},
                ),
            )
        except PersonError as error:
            raise MentoringError(str(error))
    request.sponsor = sponsor
    request.status = SponsorRequestStatus.AWAITING_SPONSOR
    request.decided_by = approved_by
    request.save(update_fields=["sponsor", "status", "decided_by"])
    _notify_sponsor(request)
    return request


@transaction.atomic
def sponsor_proposal_refuse(*, request: SponsorRequest, refused_by, note: str) -> SponsorRequest:
    request = _lock(request)
    if request.status != SponsorRequestStatus.AWAITING_APPROVAL:
        raise MentoringError("This proposal has already been decided.")
    if not note.strip():
        raise MentoringError("Tell the resident why the proposal is not approved.")
    request.status = SponsorRequestStatus.NOT_APPROVED
    request.decided_by = refused_by
    request.decision_note = note
    request.save(update_fields=["status", "decided_by", "decision_note"])
    _notify_resident(
        request,
        "mentoring/sponsor_proposal_refused",
        f"Your proposal of {request.proposed_name} as sponsor was not approved: {note}",
    )
    return request


def _answerable(request, sponsor):
    request = _lock(request)
    if request.sponsor_id != sponsor.pk:
        raise MentoringError("Only the sponsor asked can answer this request.")
    if request.status != SponsorRequestStatus.AWAITING_SPONSOR:
        raise MentoringError("This request has already been answered.")
    return request


def _record_answer(request, *, status, note, text):
    """The sponsor's answer on the request, and the resident told of it in `text`."""
    request.status = status
    request.responded_at = timezone.now()
    request.response_note = note
    request.save(update_fields=["status", "responded_at", "response_note"])
    _notify_resident(request, "mentoring/sponsor_answered", text)
    return request


@transaction.atomic
def sponsorship_accept(*, request: SponsorRequest, sponsor, note: str = "", on=None):
    """Record the acceptance on the request and on the capstone (Project.sponsor and
    Project.sponsor_accepted_on)."""
    request = _answerable(request, sponsor)
    project = Project.objects.select_for_update().get(pk=request.project_id)
    if project.sponsor_id and project.sponsor_accepted_on and project.sponsor_id != sponsor.pk:
        raise MentoringError(f"{project.sponsor.display_name} already sponsors this capstone.")
    project_sponsor_accept(project=project, sponsor=sponsor, on=on or timezone.localdate())
    return _record_answer(
        request,
        status=SponsorRequestStatus.ACCEPTED,
        note=note,
        text=f"{sponsor.display_name} agreed to sponsor your capstone.",
    )


@transaction.atomic
def sponsorship_record(*, project, sponsor, by, on=None, note: str = "") -> SponsorRequest:
    """Program staff record a sponsorship agreed outside the app: an accepted request is
    written, so the sponsor is still set only by an acceptance on record."""
    if not (by.is_superuser or (by.is_program_staff and by.program_id == project.program_id)):
        raise MentoringError("Only the program's staff can record a sponsor.")
    if not sponsor.has_role(Role.SPONSOR) or sponsor.program_id != project.program_id:
        raise MentoringError(f"{sponsor.display_name} is not one of the program's sponsors.")
    project = Project.objects.select_for_update().get(pk=project.pk)
    if SponsorRequest.objects.open().filter(project=project).exists():
        raise MentoringError("This capstone has a sponsor request waiting: answer it first.")
    now = timezone.now()
    request = SponsorRequest.objects.create(
        resident=project.lead,
        project=project,
        sponsor=sponsor,
        status=SponsorRequestStatus.ACCEPTED,
        requested_at=now,
        decided_by=by,
        responded_at=now,
        response_note=note or f"Recorded by {by.display_name}.",
    )
    project_sponsor_accept(project=project, sponsor=sponsor, on=on or timezone.localdate())
    return request


@transaction.atomic
def sponsorship_decline(*, request: SponsorRequest, sponsor, note: str):
    request = _answerable(request, sponsor)
    if not note.strip():
        raise MentoringError("Add a short note for the resident when you decline.")
    return _record_answer(
        request,
        status=SponsorRequestStatus.DECLINED,
        note=note,
        text=f"{sponsor.display_name} declined to sponsor your capstone: {note}",
    )
