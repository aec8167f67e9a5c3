"""The browser sessions table (settings.SESSION_ENGINE, pathway.core.sessions): Django's
database session plus the id of the person signed in on it."""

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class SignedInSession(AbstractBaseSession):
    """Django's database session with a `user` column, written from the session's own data
    each time it is saved. Every signed-in page starts by reading its session and then its
    user; with the column, one query reads both (EmailBackend.get_user uses the user read with
    the session when it is the one the session's data names). Deleting a person deletes their
    sessions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = "pathway_session"
