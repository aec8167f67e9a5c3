"""Applying to the pathway and deciding applications. Keyword-only, `<entity>_<action>`."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pathway.core.dates import short_date
from pathway.core.errors import ServiceError
from pathway.milestones.services import milestones_sync
from pathway.models import (
    Application,
    ApplicationStatus,
    LateApplicationAllowance,
    PathwayStatus,
    ResidentProfile,
    Role,
)
from pathway.models.applications import LAST_PGY_TO_APPLY
from pathway.models.people import IN_PATHWAY
from pathway.models.records import is_program_role
from pathway.notifications.notify import notify


class ApplicationError(ServiceError):
    """An application the rules refuse; the message is shown to the user."""


def _unused_allowance(resident):
    return LateApplicationAllowance.objects.filter(resident=resident, used_by__isnull=True).first()


def application_refusal(*, resident, today=None) -> str | None:
    """Why the resident cannot apply now, or None when they can."""
    today = today or timezone.localdate()
    if resident.pathway_status in IN_PATHWAY:
        return "You are already in the pathway."
    open_application = Application.objects.open().filter(resident=resident).first()
    if open_application is not None:
        submitted = timezone.localdate(open_application.submitted_at)
        return f"Your application of {short_date(submitted)} is awaiting a decision."
    level = resident.pgy(today)
    if level > LAST_PGY_TO_APPLY and _unused_allowance(resident) is None:
        return (
            f"Residents apply to the pathway during PGY-1, and you are in PGY-{level}. "
            "If you still wish to apply, ask a program director to allow a late application."
        )
    return None


@transaction.atomic
def application_submit(*, resident, statement: str, areas=(), cv=None, today=None) -> Application:
    today = today or timezone.localdate()
    # One at a time per resident: a double submit waits here, then sees the first application.
    resident = (
        ResidentProfile.objects.select_for_update().select_related("user").get(pk=resident.pk)
    )
    refusal = application_refusal(resident=resident, today=today)
    if refusal:
        raise ApplicationError(refusal)
    allowance = _unused_allowance(resident) if resident.pgy(today) > LAST_PGY_TO_APPLY else None
    application = Application(resident=resident, statement=statement, is_late=bool(allowance))
    if cv is not None:
        application.cv_name = cv.name[-200:]
        application.cv.save(cv.name, cv, save=False)
    application.save()
    application.areas_of_interest.set(areas)
    if allowance is not None:
        allowance.used_by = application
        allowance.save(update_fields=["used_by"])
    resident.areas_of_interest.add(*areas)
    resident.set_status(PathwayStatus.APPLICANT, on=today)
    resident.save(update_fields=["pathway_status", "applied_on", "updated_at"])
    milestones_sync(residents=[resident.pk])
    notify(
        recipients=resident.user.program.members.filter(
            is_active=True, director_profile__isnull=False
        ).order_by("pk"),
        kind="application_submitted",
        text=f"{resident.user.display_name} applied to the pathway"
        + (" (late, as allowed)." if allowance else "."),
        link=reverse("pathway:application_detail", args=[application.pk]),
        actor=resident.user,
    )
    return application


@transaction.atomic
def application_decide(
    *, application, director, accept: bool, note: str = "", today=None
) -> Application:
    """Accept (the resident joins the pathway today) or decline with a note; both are emailed."""
    today = today or timezone.localdate()
    application = (
        Application.objects.select_for_update()
        .select_related("resident__user")
        .get(pk=application.pk)
    )
    if not application.is_open:
        raise ApplicationError("This application has already been decided.")
    if not application.can_decide(director):
        raise ApplicationError("Only a program director of the resident's program can decide.")
    note = note.strip()
    if not accept and not note:
        raise ApplicationError("Write a note to the resident saying why it is declined.")
    application.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.DECLINED
    application.decided_at = timezone.now()
    application.decided_by = director
    application.decision_note = note
    application.save()
    resident = application.resident
    if accept:
        resident.set_status(PathwayStatus.ACTIVE, on=today)
        resident.save(update_fields=["pathway_status", "joined_on", "updated_at"])
    else:
        resident.pathway_status = PathwayStatus.NOT_ENROLLED
        resident.save(update_fields=["pathway_status", "updated_at"])
    milestones_sync(residents=[resident.pk])
    notify(
        recipients=[resident.user],
        kind="application_decided",
        text="Your pathway application was "
        + (f"accepted by {director.display_name}." if accept else f"declined: {note}"),
        link=reverse("pathway:application_form"),
        context={
            "resident": resident.user,
            "application": application,
            "accepted": accept,
            "program": resident.user.program,
        },
        actor=director,
    )
    return application


@transaction.atomic
def application_allow_late(*, resident, director, reason: str, today=None):
    """Let a resident past PGY-1 submit one application."""
    today = today or timezone.localdate()
    resident = (
        ResidentProfile.objects.select_for_update().select_related("user").get(pk=resident.pk)
    )
    name = resident.user.full_name
    if not is_program_role(director, resident.user.program_id, Role.DIRECTOR):
        raise ApplicationError("Only a program director of the resident's program can allow this.")
    if resident.pathway_status in IN_PATHWAY:
        raise ApplicationError(f"{name} is already in the pathway.")
    if resident.pgy(today) <= LAST_PGY_TO_APPLY:
        raise ApplicationError(f"{name} is in PGY-1 and can apply without an allowance.")
    if Application.objects.open().filter(resident=resident).exists():
        raise ApplicationError(f"{name} already has an application awaiting a decision.")
    if _unused_allowance(resident) is not None:
        raise ApplicationError(f"{name} may already submit a late application.")
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Say why a late application is allowed.")
    return LateApplicationAllowance.objects.create(
        resident=resident, granted_by=director, reason=reason
    )
