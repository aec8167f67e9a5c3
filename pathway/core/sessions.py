"""The session engine (settings.SESSION_ENGINE): Django's database sessions, read with a
compiled query.

Sessions stay rows in the database, so signing out or a deactivation that deletes them ends
them on the server at once; only the reading of a session, the first query of every signed-in
page, skips rebuilding the same SQL each time (see pathway.core.prepared)."""

import datetime

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from pathway.core.prepared import CompiledQuery

_live_session = CompiledQuery(
    Session,
    lambda session_key, now: Session.objects.filter(session_key=session_key, expire_date__gt=now),
    session_key=(Session._meta.get_field("session_key"), "compiled-sample-key"),
    now=(
        Session._meta.get_field("expire_date"),
        datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC),
    ),
)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        # As Django's: the unexpired session with this key, or None (and no key from now on).
        session = None
        if self.session_key is not None:
            session = _live_session.first(session_key=self.session_key, now=timezone.now())
        if session is None:
            self._session_key = None
        return session
