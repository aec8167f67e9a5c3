"""The session and signed-in user queries are planned once per PostgreSQL connection
(pathway.core.prepared): what must keep working when a connection is new, a transaction rolls
back or the feature is switched off behind a connection pooler."""

import datetime
from unittest import mock

import pytest
from django.db import connection, transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from capstone.models import Project
from capstone.models.project import _own_projects, _projects_of
from pathway.core.auth import EmailBackend
from pathway.core.prepared import CompiledQuery
from pathway.models import User
from tests import factories as f
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


def _orm_sql(queryset):
    query = queryset.query
    query.clear_ordering(force=True)
    sql, params = query.get_compiler(connection=connection).as_sql()
    return sql, list(params)


@pytest.mark.parametrize("who", ["resident", "other_resident", "coach", "sponsor"])
def test_the_compiled_capstone_rule_is_the_sql_the_orm_writes_for_each_person(world, who):
    # The rule is written once (capstone.models.project._projects_of); compiling it once must
    # not change a character of the SQL or a value it is run with.
    person = getattr(world, who)
    compiled = _own_projects.expression(Project, user=person.pk, program=person.program_id)

    assert (compiled.sql, list(compiled.params)) == _orm_sql(
        _projects_of(person.pk, person.program_id)
    )


def test_a_person_without_a_program_gets_the_rule_from_the_orm_itself(world):
    # SQL compares NULL with "IS NULL", not "= %s": a missing value is not a parameter.
    loner = f.UserFactory(program=None)
    expression = _own_projects.expression(Project, user=loner.pk, program=None)

    assert _orm_sql(expression) == _orm_sql(_projects_of(loner.pk, None))
    assert not Project.objects.visible_to(loner).exists()


def test_the_compiled_capstone_rule_does_not_keep_the_day_it_was_compiled(world):
    # Its values are compiled once: a rule that read today's date (say, coach assignments
    # "current" until an end date) would keep the first request's date for good.
    person = world.coach
    _own_projects.expression(Project, user=person.pk, program=person.program_id)
    years_later = timezone.now() + datetime.timedelta(days=3 * 365 + 17)

    with mock.patch("django.utils.timezone.now", return_value=years_later):
        compiled = _own_projects.expression(Project, user=person.pk, program=person.program_id)
        orm = _orm_sql(_projects_of(person.pk, person.program_id))

    assert (compiled.sql, list(compiled.params)) == orm


def test_people_see_the_same_capstones_as_the_rule_written_out(world):
    def capstone_of_someone_else(**kwargs):
        return f.ProjectFactory(lead=f.ResidentFactory(program=world.program, pgy=2), **kwargs)

    led = f.ProjectFactory(lead=world.resident.resident_profile, sponsor=world.sponsor)
    on_team = capstone_of_someone_else()
    f.TeamMemberFactory(project=on_team, user=world.sponsor)
    not_accepted = f.ProjectFactory(
        lead=world.other_resident.resident_profile, sponsor=world.sponsor, sponsor_accepted_on=None
    )
    co_led = capstone_of_someone_else()
    co_led.co_leads.add(world.resident)
    elsewhere = f.ProjectFactory(lead=f.ResidentFactory(program=world.other_program, pgy=2))
    elsewhere.co_leads.add(world.resident)  # a co-lead from another program sees nothing there

    seen = {}
    for who in ["resident", "coach", "sponsor", "other_resident"]:
        person = getattr(world, who)
        visible = list(Project.objects.visible_to(person).order_by("pk"))
        written_out = Project.objects.filter(pk__in=_projects_of(person.pk, person.program_id))
        assert visible == list(written_out.order_by("pk"))
        seen[who] = set(visible)

    assert seen["resident"] == {led, co_led}
    assert seen["coach"] == {led}
    assert seen["sponsor"] == {led, on_team}
    assert seen["other_resident"] == {not_accepted}
