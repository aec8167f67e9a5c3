"""The library's consents: a lead offers a capstone early and a program director approves (or
either takes it back); a director shares their program's library with the other programs, or
stops sharing it."""

from django.db import transaction
from django.utils import timezone

from capstone.models import LibraryOffer, LibraryShare
from capstone.services import ProjectError
from pathway.models import Role


class LibraryError(ProjectError):
    pass


def _is_director_of(user, program_id) -> bool:
    return user.is_superuser or (user.has_role(Role.DIRECTOR) and user.program_id == program_id)


@transaction.atomic
def library_offer(*, project, by) -> LibraryOffer:
    """The lead (or a co-lead) offers the project to the library before it reaches Results."""
    if not project.can_edit(by):
        raise LibraryError("Only the project's leads can offer it to the library.")
    offer, _ = LibraryOffer.objects.get_or_create(
        project=project, defaults={"offered_by": by, "offered_at": timezone.now()}
    )
    return offer


@transaction.atomic
def library_offer_withdraw(*, project, by) -> None:
    """The leads take the offer back, or a director declines or withdraws the approval: the
    project leaves the library until it reaches Results."""
    if not (project.can_edit(by) or _is_director_of(by, project.program_id)):
        raise LibraryError("Only the project's leads or a program director can.")
    LibraryOffer.objects.filter(project=project).delete()


@transaction.atomic
def library_offer_approve(*, project, by) -> LibraryOffer:
    """A director of the project's program lists an offered project in the library."""
    if not _is_director_of(by, project.program_id):
        raise LibraryError("Only a director of the project's program can approve.")
    offer = LibraryOffer.objects.select_for_update().filter(project=project).first()
    if offer is None:
        raise LibraryError("The project's leads have not offered it to the library.")
    if offer.approved_at is None:
        offer.approved_by = by
        offer.approved_at = timezone.now()
        offer.save(update_fields=["approved_by", "approved_at"])
    return offer


@transaction.atomic
def library_share(*, program, by) -> LibraryShare:
    """The program's library opens to every other program of the installation."""
    if not _is_director_of(by, program.pk):
        raise LibraryError("Only a director of the program can share its library.")
    share, _ = LibraryShare.objects.get_or_create(program=program, defaults={"shared_by": by})
    return share


@transaction.atomic
def library_unshare(*, program, by) -> None:
    """Revoke the sharing: the program's projects disappear from every other program's
    library at once."""
    if not _is_director_of(by, program.pk):
        raise LibraryError("Only a director of the program can stop sharing its library.")
    LibraryShare.objects.filter(program=program).delete()
