"""Model fields that several apps declare the same way."""

from django.conf import settings
from django.db import models


def acting_user(**kwargs) -> models.ForeignKey:
    """Who did something to a row (decided, entered, signed off...), kept as part of the record:
    optional, with no reverse accessor on the user, and emptied rather than blocking when that
    user is deleted, so the record itself is never lost with them."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **kwargs,
    )
