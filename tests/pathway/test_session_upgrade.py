"""Upgrading to sessions that name their user (pathway migration 0016) signs nobody out."""

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as OldSessionStore
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from pathway.core.sessions import SessionStore

BEFORE = [("pathway", "0015_program_sso_mfa"), ("sessions", "0001_initial")]
AFTER = [("pathway", "0016_signed_in_sessions")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_open_sessions_move_to_the_new_table_with_the_user_each_names(world):
    apps = migrate(BEFORE)
    try:
        Session = apps.get_model("sessions", "Session")
        expires = timezone.now() + timedelta(hours=1)
        encode = OldSessionStore().encode
        for key, data in {
            "signed-in-as-the-coach-000000000001": {SESSION_KEY: str(world.coach.pk), "x": 1},
            "anonymous-session-00000000000000002": {"x": 2},
            "names-a-deleted-person-000000000003": {SESSION_KEY: "999999999"},
        }.items():
            Session.objects.create(session_key=key, session_data=encode(data), expire_date=expires)
    finally:
        apps = migrate(AFTER)

    moved = {
        row.session_key: row.user_id
        for row in apps.get_model("pathway", "SignedInSession").objects.all()
    }
    assert moved == {
        "signed-in-as-the-coach-000000000001": world.coach.pk,
        "anonymous-session-00000000000000002": None,
        "names-a-deleted-person-000000000003": None,
    }
    store = SessionStore("signed-in-as-the-coach-000000000001")
    assert store["x"] == 1
    assert store.user_read_with_session(world.coach.pk) == world.coach
