"""Personal API tokens: a person's key to the REST API, acting with exactly their visibility.

Only a SHA-256 hash of the token is stored; the token itself is shown once, when created.
The secret is 256 random bits, so a fast hash is enough: there is nothing to brute-force."""

import hashlib
import secrets

from django.conf import settings
from django.db import models

TOKEN_PREFIX = "qip_"
# Shown in the token list so a person can tell their tokens apart without the secret.
HINT_LENGTH = 8
MAX_ACTIVE_TOKENS = 10


def new_api_token() -> str:
    return f"{TOKEN_PREFIX}{secrets.token_urlsafe(32)}"


def api_token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class SecretTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class SecretToken(models.Model):
    """What API and SCIM tokens share: a hash of the secret, never the secret, and when it was
    created, last used and revoked (a revoked token stays, so its owners see when)."""

    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiTokenQuerySet(SecretTokenQuerySet):
    def visible_to(self, user):
        """A token is its owner's alone: nobody else sees it, site administrators included."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class ApiToken(SecretToken):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What it is for, e.g. Data warehouse push")
    hint = models.CharField(max_length=HINT_LENGTH + len(TOKEN_PREFIX), editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta(SecretToken.Meta):
        pass

    def __str__(self):
        return f"API token {self.name!r} of {self.user}"
