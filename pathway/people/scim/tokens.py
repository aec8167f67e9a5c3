"""SCIM tokens: created and revoked by a program's director (or a site administrator), shown
once, stored as a hash, and good for that one program only."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from pathway.models import Program, ScimToken
from pathway.models.api_tokens import HINT_LENGTH, api_token_hash
from pathway.models.scim_tokens import SCIM_TOKEN_PREFIX, new_scim_token
from pathway.people.services import PersonError

# An identity provider needs one; a second covers rotating it without a gap.
MAX_ACTIVE_SCIM_TOKENS = 5
# last_used_at is for the director's token list, not an audit log: at most one write a minute.
TOUCH_EVERY = timedelta(minutes=1)


class ScimTokenError(PersonError):
    pass


@transaction.atomic
def scim_token_create(*, program, name, by) -> tuple[ScimToken, str]:
    """A new token for `program`: the stored row (a hash only) and the token itself, which the
    caller shows once and never again."""
    # Lock the program so two simultaneous requests cannot both pass the limit.
    Program.objects.select_for_update().get(pk=program.pk)
    if ScimToken.objects.filter(program=program).active().count() >= MAX_ACTIVE_SCIM_TOKENS:
        raise ScimTokenError(
            f"{program} already has {MAX_ACTIVE_SCIM_TOKENS} active SCIM tokens. "
            "Revoke one that is no longer used."
        )
    raw = new_scim_token()
    token = ScimToken.objects.create(
        program=program,
        name=name.strip(),
        hint=raw[: len(SCIM_TOKEN_PREFIX) + HINT_LENGTH],
        key_hash=api_token_hash(raw),
        created_by=by,
    )
    return token, raw


def scim_token_revoke(*, token) -> ScimToken:
    """Refuse the token from now on; the row stays so the directors see when it was revoked."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def scim_token_find(raw: str) -> ScimToken | None:
    """The active token `raw` is, with its program; None for anything else."""
    token = (
        ScimToken.objects.active()
        .select_related("program")
        .filter(key_hash=api_token_hash(raw))
        .first()
    )
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ScimToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
