"""SCIM provisioning tokens: the secret a hospital's identity provider (Microsoft Entra ID, Okta)
sends to create, update and deactivate the people of ONE program. Like personal API tokens only
a SHA-256 hash is kept; the token itself is shown once, to the director who created it."""

import secrets

from django.conf import settings
from django.db import models

from .api_tokens import HINT_LENGTH, SecretToken, SecretTokenQuerySet
from .people import Role

SCIM_TOKEN_PREFIX = "qipscim_"


def new_scim_token() -> str:
    return f"{SCIM_TOKEN_PREFIX}{secrets.token_urlsafe(32)}"


class ScimTokenQuerySet(SecretTokenQuerySet):
    def visible_to(self, user):
        """A program's tokens are its directors' (and the site administrators') to see."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.program_id is not None and user.has_role(Role.DIRECTOR):
            return self.filter(program=user.program_id)
        return self.none()


class ScimToken(SecretToken):
    program = models.ForeignKey(
        "pathway.Program", on_delete=models.CASCADE, related_name="scim_tokens"
    )
    name = models.CharField(max_length=100, help_text="Which system uses it, e.g. Entra ID")
    hint = models.CharField(max_length=HINT_LENGTH + len(SCIM_TOKEN_PREFIX), editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ScimTokenQuerySet.as_manager()

    class Meta(SecretToken.Meta):
        pass

    def __str__(self):
        return f"SCIM token {self.name!r} of {self.program}"
