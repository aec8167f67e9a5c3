"""Django's PostgreSQL backend (psycopg2), with each repeated SELECT planned once per
connection: a server-side prepared statement, as psycopg 3 does by itself (prepare_threshold).

Planning took PostgreSQL longer than running most of our queries: on the `make bench` data,
EXPLAIN ANALYZE of the queries of a resident's home gave 7.7 ms of planning against 1.2 ms of
execution, and about the same for the coach's home and a capstone page. The second time a
SELECT's SQL text is seen on a connection (with the same kinds of values), it is PREPAREd, and
from then on runs as EXECUTE with the values; PostgreSQL re-plans it by itself when a table it
reads changes. Switched off with DATABASE_PREPARED_QUERIES=0 (behind a connection pooler in
transaction mode, which moves a session's statements to other clients).

Each value is declared with the type PostgreSQL gives the literal psycopg2 would have written
for it (5 is integer, '…'::date a date, a quoted string "unknown", worked out from where it is
used), so a prepared query means exactly what the plain one meant. A query PostgreSQL cannot
prepare (a value whose type nothing determines) runs plain from then on; inside a transaction
the attempt is wrapped in a savepoint, so failing it aborts nothing."""

import datetime
import decimal
import math
import uuid

import psycopg2
import psycopg2.extensions
from django.conf import settings
from django.db.backends.postgresql import base
from django.db.backends.postgresql.operations import DatabaseOperations as BaseOperations

from pathway.core.prepared import numbered_parameters

# Statements per connection at most (a connection lives CONN_MAX_AGE seconds), and the SQL
# texts remembered while waiting for their second use.
MAX_STATEMENTS = 300
MAX_SEEN = 2000
IDLE = psycopg2.extensions.TRANSACTION_STATUS_IDLE
IN_TRANSACTION = psycopg2.extensions.TRANSACTION_STATUS_INTRANS
_INT4 = range(-(2**31), 2**31)
_INT8 = range(-(2**63), 2**63)


def _literal_type(value) -> str | None:
    """The type PostgreSQL gives psycopg2's literal for `value`; None: not prepared."""
    kind = type(value)
    if kind is str or value is None:
        return "unknown"
    if kind is bool:
        return "boolean"
    if kind is int:
        return "integer" if value in _INT4 else "bigint" if value in _INT8 else "numeric"
    if kind is decimal.Decimal:
        return "numeric" if value.is_finite() else None
    if kind is float:
        return "numeric" if math.isfinite(value) else None
    if kind is datetime.datetime:
        return "timestamptz" if value.tzinfo is not None else "timestamp"
    if kind is datetime.date:
        return "date"
    if kind is datetime.time:
        return "timetz" if value.tzinfo is not None else "time"
    if kind is datetime.timedelta:
        return "interval"
    if kind is uuid.UUID:
        return "uuid"
    if isinstance(value, str):  # TextChoices members: psycopg2 writes them as strings
        return "unknown"
    if isinstance(value, int) and not isinstance(value, bool):  # IntegerChoices members
        return _literal_type(int(value))
    return None


class _Statements:
    """One connection's prepared statements: {(sql, types): name, or None if it cannot be},
    oldest first."""

    def __init__(self):
        self.names: dict[tuple, str | None] = {}
        self.seen: set[tuple] = set()
        self.serial = 0


class PreparingCursor(psycopg2.extensions.cursor):
    statements: _Statements | None = None

    qip_plain = None

    def execute(self, query, vars=None):  # noqa: A002 - psycopg2's own argument name
        self.qip_plain = None
        statements = self.statements
        if (
            statements is None
            or type(query) is not str
            or type(vars) not in (list, tuple)
            or not query.startswith("SELECT")
        ):
            return super().execute(query, vars)
        types = tuple(map(_literal_type, vars))
        key = (query, types)
        name = statements.names.get(key, False)
        if name is False:
            if None in types:
                return super().execute(query, vars)
            if key not in statements.seen:  # a first use: prepared if it comes again
                if len(statements.seen) < MAX_SEEN:
                    statements.seen.add(key)
                return super().execute(query, vars)
            name = self._prepare(statements, query, types)
        if name is None:
            return super().execute(query, vars)
        self.qip_plain = (query, vars)
        placeholders = ", ".join(["%s"] * len(vars))
        return super().execute(
            f"EXECUTE {name}({placeholders})" if vars else f"EXECUTE {name}", vars
        )

    def _prepare(self, statements, query, types):
        status = self.connection.get_transaction_status()
        if status not in (IDLE, IN_TRANSACTION):
            return None  # a failed transaction: the plain query reports it, as it would have
        statements.serial += 1
        name = f"qip_auto_{statements.serial}"
        declared = f" ({', '.join(types)})" if types else ""
        prepare = f"PREPARE {name}{declared} AS {numbered_parameters(query)}"
        if len(statements.names) >= MAX_STATEMENTS:
            # The oldest makes room (a statement is kept until its connection ends otherwise).
            oldest = next(iter(statements.names))
            if (dropped := statements.names.pop(oldest)) is not None:
                super().execute(f"DEALLOCATE {dropped}")
        try:
            if status == IN_TRANSACTION:
                # A failed statement would abort the transaction: try it in a savepoint.
                super().execute(f"SAVEPOINT qip_prepare; {prepare}; RELEASE SAVEPOINT qip_prepare")
            else:
                super().execute(prepare)
        except psycopg2.Error:
            if status == IN_TRANSACTION:
                super().execute("ROLLBACK TO SAVEPOINT qip_prepare; RELEASE SAVEPOINT qip_prepare")
            name = None
        statements.names[(query, types)] = name
        statements.seen.discard((query, types))
        return name


class DatabaseOperations(BaseOperations):
    def last_executed_query(self, cursor, sql, params):
        # The query as the plain statement would have read, not "EXECUTE qip_auto_7(…)":
        # logs and captured queries show what ran.
        plain = getattr(cursor, "qip_plain", None)
        if plain is not None and plain[0] == sql:
            return cursor.mogrify(*plain).decode()
        return super().last_executed_query(cursor, sql, params)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        # A new database session has none of the old one's statements.
        self.prepared_statements = _Statements()
        return connection

    def create_cursor(self, name=None):
        if name:
            return super().create_cursor(name)
        cursor = self.connection.cursor(cursor_factory=PreparingCursor)
        cursor.tzinfo_factory = self.tzinfo_factory if settings.USE_TZ else None
        if settings.DATABASE_PREPARED_QUERIES:
            cursor.statements = self.prepared_statements
        return cursor
