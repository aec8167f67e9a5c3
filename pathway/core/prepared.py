"""Queries that run on every request, with their SQL compiled once per thread and connection.

Reading the session and the signed-in user are the two queries every signed-in page starts
with. Building their SQL (the ORM resolving filters, joins and columns) took longer than running
them. A CompiledQuery keeps only what does not change between requests: the SQL text, where
each parameter goes, and the ORM's recipe for turning a row into model instances. The query
itself runs on every call and reads fresh rows, so nothing about anyone is remembered.

On PostgreSQL the query is also planned once per database connection: a server-side prepared
statement (PREPARE, then EXECUTE with the values). Planning the signed-in user's seven-table
join took the server about 1 ms, five times as long as running it (EXPLAIN ANALYZE on the
`make bench` data); PostgreSQL re-plans a prepared statement by itself when a table it reads
changes. A connection pooler that hands one client's statements to another connection
(PgBouncer in transaction mode) loses them: set DATABASE_PREPARED_QUERIES=0 behind one."""

import itertools
import re
import threading

from django.conf import settings
from django.db import connections, router
from django.db.models.expressions import RawSQL
from django.db.models.query import get_related_populators

# Each CompiledQuery's statement name, unique in the process (statements live per connection).
_serials = itertools.count(1)
# Django's SQL marks parameters %s and escapes a literal % as %%; PREPARE numbers them $1, $2…
_PLACEHOLDER = re.compile(r"%[s%]")


def numbered_parameters(sql: str) -> str:
    """Django's SQL as PREPARE takes it: %s becomes $1, $2… in turn, and %% a single %."""
    numbers = itertools.count(1)
    return _PLACEHOLDER.sub(lambda m: "%" if m.group() == "%%" else f"${next(numbers)}", sql)


def parameter_slots(params, samples: dict) -> list[str | None]:
    """For each parameter of a query built with `samples`, the name of the sample it is, or
    None for a value of the query's own; each sample must be told apart and be there."""
    slots = []
    for param in params:
        names = [
            name
            for name, sample in samples.items()
            if type(param) is type(sample) and param == sample
        ]
        if len(names) > 1:
            raise AssertionError(f"Samples must differ: {names} are all {param!r}")
        slots.append(names[0] if names else None)
    if missing := set(samples) - set(slots):
        raise AssertionError(f"Samples not in the query: {missing}")
    return slots


class CompiledQuery(threading.local):
    """`build(**params)` is a queryset whose only parameters are `params`, each compared with
    one field (given as `params={name: (field, sample)}`, samples told apart by value).
    `first(**values)` runs it with those values and returns its first object or None, as the
    queryset would, with select_related objects in place.

    Per thread: the compiler belongs to its thread's connection; recompiled for a new one."""

    def __init__(self, model, build, **params):
        self.model, self.build, self.params = model, build, params
        self.name = f"qip_compiled_{next(_serials)}"
        # The DB-API connection this thread's statement was prepared on: a reconnect (after
        # CONN_MAX_AGE, or an error) starts a database session that has no such statement.
        self.raw_connection = None

    def first(self, **values):
        db = router.db_for_read(self.model)
        connection = connections[db]
        connection.ensure_connection()
        if self.raw_connection is not connection.connection:
            self._compile(db, connection)
        sql_params = [
            self.params[name][0].get_db_prep_value(values[name], connection) for name in self.order
        ]
        with connection.cursor() as cursor:
            cursor.execute(self.run_sql, sql_params)
            rows = cursor.fetchmany(1)
        start, end = self.model_columns
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        for row in rows:
            obj = self.model.from_db(db, self.model_fields, row[start:end])
            for populator in self.populators:
                populator.populate(row, obj)
            return obj
        return None

    def _compile(self, db, connection):
        samples = {name: sample for name, (_, sample) in self.params.items()}
        compiler = self.build(**samples).query.get_compiler(using=db, connection=connection)
        sql, sql_params = compiler.as_sql()
        prepared = {
            name: field.get_db_prep_value(sample, connection)
            for name, (field, sample) in self.params.items()
        }
        order = parameter_slots(sql_params, prepared)
        if None in order or len(order) != len(self.params):
            raise AssertionError(f"Each parameter must appear once in the query: {sql_params}")
        self.order = order
        select_fields = compiler.klass_info["select_fields"]
        self.model_columns = (select_fields[0], select_fields[-1] + 1)
        self.model_fields = [
            column[0].target.attname for column in compiler.select[slice(*self.model_columns)]
        ]
        self.populators = get_related_populators(compiler.klass_info, compiler.select, db)
        # What results_iter() would work out for every row of every call: the columns' and
        # fields' converters are fixed for this compiler and connection.
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        self.converters = compiler.get_converters(columns)
        self.compiler, self.run_sql = compiler, sql
        if connection.vendor == "postgresql" and settings.DATABASE_PREPARED_QUERIES:
            self.run_sql = self._prepare(connection, sql, len(order))
        self.raw_connection = connection.connection

    def _prepare(self, connection, sql, count) -> str:
        """PREPARE the query on this connection; the SQL that runs it with the values."""
        with connection.cursor() as cursor:
            # Not undone by a rollback: a statement prepared in a transaction that fails later
            # stays prepared for the connection's next request.
            cursor.execute(f"PREPARE {self.name} AS {numbered_parameters(sql)}")
        return f"EXECUTE {self.name}({', '.join(['%s'] * count)})"


class CompiledSubquery:
    """A subquery whose SQL is compiled once per database vendor, for a rule that pages apply
    many times a request (who may see which capstone). `build(**samples)` is a queryset of one
    column whose only varying values are the given ones; `expression(model, **values)` is that
    subquery for those values, ready for `pk__in=`, as lazy as the queryset and the same SQL.

    Resolving and compiling the capstone visibility rule's five conditions and their subqueries
    took the ORM about 9 ms each time on the `make bench` machine, several times a page, while
    PostgreSQL ran the subquery in well under one. Samples must be values the query does not
    otherwise contain (unusual negative numbers); other parameters are kept as constants, so the
    rule must not depend on the time ("current" must not mean "ended after today")."""

    def __init__(self, build, **samples):
        self.build, self.samples = build, samples
        # {vendor: (sql, its parameters, the sample each one is or None)}
        self.compiled: dict[str, tuple[str, list, list]] = {}

    def expression(self, model, **values):
        if any(value is None for value in values.values()):
            # SQL compares NULL with "IS NULL", not "= %s": the ORM writes that query itself.
            return self.build(**values)
        connection = connections[router.db_for_read(model)]
        found = self.compiled.get(connection.vendor)
        if found is None:
            found = self.compiled[connection.vendor] = self._compile(connection)
        sql, params, slots = found
        given = [
            param if slot is None else values[slot]
            for param, slot in zip(params, slots, strict=True)
        ]
        return RawSQL(sql, given)  # noqa: S611 - SQL compiled from our own queryset

    def _compile(self, connection):
        query = self.build(**self.samples).query
        query.clear_ordering(force=True)
        sql, params = query.get_compiler(connection=connection).as_sql()
        return sql, list(params), parameter_slots(params, self.samples)
