"""The session engine (settings.SESSION_ENGINE): Django's database sessions, read with a
compiled query that reads the person signed in on the session too.

Sessions stay rows in the database, so signing out or a deactivation that deletes them ends
them on the server at once. Each row also names the person signed in on it (SignedInSession),
so the first query of every signed-in page reads the session, the person, their program and
their role profiles at once: reading the person was a second query, a database round trip
on every page. EmailBackend.get_user takes the person read with the session when the
session's own data names them; the person is read fresh with each request as before."""

import datetime

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ValidationError
from django.utils import timezone

from pathway.core.prepared import CompiledQuery
from pathway.models import SignedInSession, User

# What User.objects.with_roles() reads with a user, reached from the session.
SIGNED_IN_USER_RELATIONS = [
    f"user__{name}" for name in User.objects.with_roles().query.select_related
]

_live_session = CompiledQuery(
    SignedInSession,
    lambda session_key, now: SignedInSession.objects.filter(
        session_key=session_key, expire_date__gt=now
    ).select_related(*SIGNED_IN_USER_RELATIONS),
    session_key=(SignedInSession._meta.get_field("session_key"), "compiled-sample-key"),
    now=(
        SignedInSession._meta.get_field("expire_date"),
        datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC),
    ),
)


class SessionStore(DatabaseSessionStore):
    # The person read with the session by the last load(), or None.
    _user_read = None

    @classmethod
    def get_model_class(cls):
        return SignedInSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = _user_id(data.get(SESSION_KEY))
        return session

    def _get_session_from_db(self):
        # As Django's: the unexpired session with this key, or None (and no key from now on).
        session = None
        if self.session_key is not None:
            session = _live_session.first(session_key=self.session_key, now=timezone.now())
        if session is None:
            self._session_key = None
        self._user_read = session.user if session is not None else None
        return session

    def user_read_with_session(self, user_id):
        """The person with this id if the session's row named them when it was read (with
        their program and role profiles, as EmailBackend reads them), else None."""
        self._get_session()  # loads the session if nothing has read it yet
        user = self._user_read
        return user if user is not None and user.pk == _user_id(user_id) else None


def _user_id(value):
    """The user id a session's data holds (a string), as the column keeps it."""
    try:
        return User._meta.pk.to_python(value) if value is not None else None
    except ValidationError:  # a value that is no id names no one
        return None
