"""SCIM provisioning tokens: the secret a hospital's identity provider (Microsoft Entra ID, Okta)
sends to create, update and deactivate the people of ONE program. Like personal API tokens only
a SHA-256 hash is kept; the token itself is shown once, to the director who created it."""

import secrets

from django.conf import settings
from django.db import models

from .api_tokens import HINT_LENGTH
from .people import Role

SCIM_TOKEN_PREFIX = "qipscim_"


def new_scim_token() -> str:
    return f"{SCIM_TOKEN_PREFIX}{secrets.token_urlsafe(32)}"


class ScimTokenQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A program's tokens are its directors' (and the site administrators') to see."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.program_id is not None and user.has_role(Role.DIRECTOR):
            return self.filter(program=user.program_id)
        return self.none()

    def active(self):
        return self.filter(revoked_at__isnull=True)


class ScimToken(models.Model):
    program = models.ForeignKey(
        "pathway.Program", on_delete=models.CASCADE, related_name="scim_tokens"
    )
    name = models.CharField(max_length=100, help_text="Which system uses it, e.g. Entra ID")
    hint = models.CharField(max_length=HINT_LENGTH + len(SCIM_TOKEN_PREFIX), editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ScimTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"SCIM token {self.name!r} of {self.program}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
