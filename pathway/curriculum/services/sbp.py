"""Systems-Based Practice rotation sign-off. Keyword-only, `<entity>_<action>`."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pathway.core.errors import ServiceError
from pathway.milestones.services import milestones_sync
from pathway.models import ResidentProfile, SBPRequirement, SBPRotation
from pathway.notifications.notify import notify


class SBPError(ServiceError):
    """A sign-off the rules refuse; the message is shown to the user."""


def sbp_requirements(*, program) -> list:
    return list(SBPRequirement.objects.filter(program=program, is_active=True))


@transaction.atomic
def sbp_rotation_sign_off(*, rotation, actor, note: str = "", today=None) -> SBPRotation:
    """Sign the rotation off once every target is met, or earlier with a written reason."""
    today = today or timezone.localdate()
    rotation = (
        SBPRotation.objects.select_for_update().select_related("resident__user").get(pk=rotation.pk)
    )
    if rotation.is_signed_off:
        raise SBPError("This rotation is already signed off.")
    if not rotation.can_sign_off(actor):
        raise SBPError("Only the resident's KPO coach or a program director can sign off.")
    progress = rotation.progress(sbp_requirements(program=rotation.resident.user.program_id))
    note = note.strip()
    if not progress.met and not note:
        raise SBPError(
            f"Not every target is met yet ({progress.done} of {progress.target}). "
            "To sign off early, write the reason."
        )
    rotation.signed_off_on = today
    rotation.signed_off_by = actor
    rotation.sign_off_note = note
    rotation.save(update_fields=["signed_off_on", "signed_off_by", "sign_off_note"])
    ResidentProfile.objects.filter(pk=rotation.resident_id).update(
        sbp_signed_off_on=today, updated_at=timezone.now()
    )
    milestones_sync(residents=[rotation.resident_id])
    notify(
        recipients=[rotation.resident.user],
        kind="rotation_signed_off",
        text=f"{actor.display_name} signed off your systems-based practice rotation"
        + (f": {note}" if note else "."),
        link=reverse("pathway:sbp_mine"),
        actor=actor,
    )
    return rotation


@transaction.atomic
def sbp_rotation_reopen(*, rotation, actor) -> SBPRotation:
    """Undo a sign-off, e.g. one given by mistake; the resident's fact is cleared with it."""
    rotation = (
        SBPRotation.objects.select_for_update().select_related("resident__user").get(pk=rotation.pk)
    )
    if not rotation.can_reopen(actor):
        raise SBPError("Only a program director can reopen a signed-off rotation.")
    rotation.signed_off_on = None
    rotation.signed_off_by = None
    rotation.sign_off_note = ""
    rotation.save(update_fields=["signed_off_on", "signed_off_by", "sign_off_note"])
    ResidentProfile.objects.filter(pk=rotation.resident_id).update(
        sbp_signed_off_on=None, updated_at=timezone.now()
    )
    milestones_sync(residents=[rotation.resident_id])
    return rotation
