"""The session and signed-in user queries are planned once per PostgreSQL connection
(pathway.core.prepared): what must keep working when a connection is new, a transaction rolls
back or the feature is switched off behind a connection pooler."""

import datetime
import decimal
from unittest import mock

import pytest
from django.db import connection, transaction
from django.db.models import BooleanField, CharField, DateField, IntegerField, Value
from django.db.models.expressions import RawSQL
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from capstone.models import Project
from capstone.models.project import _own_projects, _projects_of
from mentoring.models import ReportStatus
from pathway.core.auth import EmailBackend
from pathway.core.postgresql import base as postgresql_backend
from pathway.core.prepared import CompiledQuery
from pathway.models import ResidentProfile, User
from pathway.models.people import _coachees, _coachees_of
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


@pytest.mark.parametrize("who", ["coach", "resident"])
def test_the_compiled_coachee_rule_is_the_sql_the_orm_writes(world, who):
    person = getattr(world, who)
    compiled = _coachees.expression(ResidentProfile, coach=person.pk)

    assert (compiled.sql, list(compiled.params)) == _orm_sql(_coachees_of(person.pk))


def test_a_coach_coaches_the_residents_of_their_current_assignments_only(world):
    current = world.resident.resident_profile  # coached by world.coach (the world fixture)
    handed_over = f.ResidentFactory(program=world.program)
    other_coach = f.CoachFactory(user__program=world.program).user
    old = f.CoachAssignmentFactory(resident=handed_over, coach=world.coach)
    old.ended_on = timezone.localdate()
    old.save()
    f.CoachAssignmentFactory(resident=handed_over, coach=other_coach)

    assert set(ResidentProfile.objects.coached_by(world.coach)) == {current}
    assert set(ResidentProfile.objects.coached_by(world.coach.pk)) == {current}
    assert set(ResidentProfile.objects.coached_by(other_coach)) == {handed_over}
    assert not ResidentProfile.objects.coached_by(world.sponsor).exists()


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


# --- Every repeated SELECT (pathway.core.postgresql) ------------------------------------------


def _auto_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE name LIKE 'qip_auto_%%'")
        return [row[0] for row in cursor.fetchall()]


def test_a_select_run_twice_on_a_connection_is_prepared_and_reads_the_same_rows(postgres, world):
    people = User.objects.filter(program=world.program, is_active=True).order_by("pk")
    first = list(people.values_list("email", flat=True))

    with CaptureQueriesContext(connection) as queries:
        again = list(people.values_list("email", flat=True))
        third = list(people.values_list("email", flat=True))

    assert first == again == third and world.director.email in first
    assert any('FROM "pathway_user"' in sql and "$1" in sql for sql in _auto_statements())
    # What ran is logged as the query itself, not as "EXECUTE qip_auto_…".
    assert all(
        q["sql"].startswith('SELECT "pathway_user"."email"') for q in queries.captured_queries
    )
    assert f"'{world.program.pk}'" not in queries.captured_queries[-1]["sql"]
    assert f"= {world.program.pk}" in queries.captured_queries[-1]["sql"]


def test_a_prepared_select_gives_each_value_the_type_the_plain_query_gave_it(postgres, world):
    # A prepared statement types its parameters once; each must mean what psycopg2's literal
    # meant: 1 an integer (not the text '1'), a date a date, a choice its string, None NULL.
    def read():
        return list(
            User.objects.filter(pk=world.director.pk)
            .annotate(
                one=Value(1),
                big=Value(2**40),
                word=Value("word", output_field=CharField()),
                day=Value(datetime.date(2026, 7, 1), output_field=DateField()),
                nothing=Value(None, output_field=IntegerField()),
                status=Value(ReportStatus.SUBMITTED, output_field=CharField()),
            )
            .values_list("one", "big", "word", "day", "nothing", "status")
        )

    rows = [read() for _ in range(3)]
    values = [1, 2**40, decimal.Decimal("1.5"), True, datetime.date(2026, 7, 1), "word", None]
    with connection.cursor() as cursor:
        raw = []
        for _ in range(3):
            cursor.execute("SELECT %s, %s, %s, %s, %s, %s, %s::integer", values)
            raw.append(cursor.fetchone())

    assert (
        rows[0]
        == rows[1]
        == rows[2]
        == [(1, 2**40, "word", datetime.date(2026, 7, 1), None, "submitted")]
    )
    assert raw[0] == raw[1] == raw[2] == tuple(values)
    assert any("SELECT $1, $2, $3" in sql for sql in _auto_statements())


def test_a_select_that_cannot_be_prepared_runs_plain_and_leaves_the_transaction_usable(
    postgres, world
):
    # "%s IS NULL" says nothing of the value's type: PostgreSQL refuses to PREPARE it. Inside
    # the test's transaction the refusal must not abort anything.
    with connection.cursor() as cursor:
        for _ in range(3):
            cursor.execute("SELECT 1 WHERE %s IS NULL", [None])
            assert cursor.fetchall() == [(1,)]

    assert User.objects.filter(pk=world.coach.pk).exists()
    assert not any("WHERE $1 IS NULL" in sql for sql in _auto_statements())


def test_a_new_connection_prepares_its_selects_again(postgres_connections, world):
    def people():
        return list(User.objects.filter(is_active=True, full_name__startswith="C").order_by("pk"))

    before = [people() for _ in range(2)][-1]

    connection.close()  # CONN_MAX_AGE ends a connection; the new one has no statements

    assert [people() for _ in range(2)][-1] == before == [world.coach, world.coordinator]
    assert any(
        'FROM "pathway_user"' in sql and '"full_name"::text LIKE' in sql
        for sql in _auto_statements()
    )


@override_settings(DATABASE_PREPARED_QUERIES=False)
def test_behind_a_connection_pooler_no_select_is_prepared(postgres, world):
    def people():
        return list(User.objects.filter(program=world.program, full_name__endswith="r"))

    before = _auto_statements()
    rows = [people() for _ in range(3)]

    assert rows[0] == rows[2] and world.director in rows[0]
    assert _auto_statements() == before


def test_a_connection_keeps_its_newest_statements_and_lets_the_oldest_go(
    postgres_connections, world, monkeypatch
):
    monkeypatch.setattr(postgresql_backend, "MAX_STATEMENTS", 2)
    connection.close()  # a new connection, with no statements yet
    people = User.objects.filter(is_active=True)
    # Three SQL texts: the same search with one, two and three conditions.
    searches = [
        lambda: people.filter(full_name=world.coach.full_name),
        lambda: people.filter(full_name=world.sponsor.full_name, pk__gt=0),
        lambda: people.filter(full_name=world.director.full_name, pk__gt=0, email__contains="@"),
    ]

    def emails(search):
        return list(search().values_list("email", flat=True))

    found = [emails(search) for search in searches for _ in range(2)]
    kept = _auto_statements()
    again = [emails(search) for search in searches]

    expected = [[world.coach.email], [world.sponsor.email], [world.director.email]]
    assert found[::2] == again == expected
    # The first search's statement made room for the third's: both kept ones have "pk > …".
    assert len(kept) == 2 and all('"pathway_user"."id" > $' in sql for sql in kept)
