"""The session and signed-in user queries are planned once per PostgreSQL connection
(pathway.core.prepared): what must keep working when a connection is new, a transaction rolls
back or the feature is switched off behind a connection pooler."""

import pytest
from django.db import connection, transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from pathway.core.auth import EmailBackend
from pathway.core.prepared import CompiledQuery
from pathway.models import User
from tests.conftest import services_required


def _on_postgres():
    if connection.vendor != "postgresql":
        reason = f"prepared statements are PostgreSQL's; the test database is {connection.vendor}"
        if services_required():
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def postgres(postgres_url, db):
    _on_postgres()


@pytest.fixture
def postgres_connections(postgres_url, transactional_db):
    _on_postgres()


def by_pk():
    return CompiledQuery(User, lambda pk: User.objects.filter(pk=pk), pk=(User._meta.pk, 0))


def test_the_signed_in_user_is_read_by_a_statement_prepared_on_the_connection(postgres, world):
    with CaptureQueriesContext(connection) as queries:
        first = EmailBackend().get_user(world.director.pk)
        again = EmailBackend().get_user(world.coach.pk)

    assert (first, again) == (world.director, world.coach)
    assert [q["sql"].split("(")[0] for q in queries.captured_queries[-2:]] == [
        queries.captured_queries[-1]["sql"].split("(")[0]
    ] * 2
    assert queries.captured_queries[-1]["sql"].startswith("EXECUTE ")
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "pathway_user"' in sql and "$1" in sql for sql in prepared)


def test_a_new_database_connection_prepares_the_statement_again(postgres_connections, world):
    query = by_pk()
    assert query.first(pk=world.resident.pk) == world.resident

    connection.close()  # as CONN_MAX_AGE or a broken connection does between requests

    assert query.first(pk=world.coach.pk) == world.coach


def test_a_statement_prepared_in_a_transaction_that_rolls_back_still_runs(postgres, world):
    query = by_pk()
    with pytest.raises(RuntimeError), transaction.atomic():
        assert query.first(pk=world.resident.pk) == world.resident
        raise RuntimeError("the request fails after reading the user")

    assert query.first(pk=world.sponsor.pk) == world.sponsor


def test_a_literal_percent_sign_in_the_query_survives_preparing(postgres, world):
    # Django's SQL escapes a literal % as %%; the prepared statement must hold a single one.
    four_characters = RawSQL("length('100%%') = 4", (), output_field=BooleanField())
    query = CompiledQuery(
        User,
        lambda pk: User.objects.filter(four_characters, pk=pk),
        pk=(User._meta.pk, 0),
    )

    assert query.first(pk=world.director.pk) == world.director


@override_settings(DATABASE_PREPARED_QUERIES=False)
def test_behind_a_connection_pooler_the_query_runs_as_plain_sql(postgres, world):
    query = by_pk()
    with CaptureQueriesContext(connection) as queries:
        assert query.first(pk=world.director.pk) == world.director

    assert queries.captured_queries[-1]["sql"].startswith("SELECT ")
