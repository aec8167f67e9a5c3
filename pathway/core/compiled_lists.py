"""Lists a dashboard reads on every request, with their SQL compiled once per kind of user.

Profiling the homes (`make bench` data) showed the ORM building and compiling a query taking
ten times as long as PostgreSQL took to run it: the KPO coach's caseload, one query with a
dozen subqueries, spent 6 ms in the ORM and 0.6 ms in the database. A CompiledList builds its
queryset once for each *shape* of user (their roles, whether they are a superuser, whether they
belong to a program) with stand-in values, keeps the SQL, and on every call runs that SQL with
the real values. Each call reads fresh rows: nothing about anyone is remembered, only SQL text.

A list that depends on no user (a program's, read by the program's id) is called with None
for the user, and compiled once for all.

`build(user, **values)` must be a queryset whose SQL depends on the user's shape alone, and
whose varying values are the user's id, their program's id and `values` (ints, dates,
datetimes, or lists of ids for an `__in`, compiled once per length of list), used as query
parameters as they are. Compiling checks that, and refuses a build
that breaks it, instead of serving another user's SQL:
- it builds twice with two different sets of stand-ins, and every other parameter must come out
  the same both times (a value worked out from a stand-in, like `today - 14 days`, does not);
- no other parameter may be a date or a time ("today" must be passed in, never read inside),
  except the fixed ones named when the list is declared (a "never" stand-in of an annotation);
- building may not run a query (a value read from the database would be frozen in the SQL);
- `prefetch_related` querysets may not contain a stand-in (they are built as they are).
The stand-in user has no profiles and a made-up email and name: a rule that reads more of the
user than `pk`, `program_id`, `is_superuser` and `roles` fails to compile, loudly."""

import copy
import datetime
import functools
import threading
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import F, Func, IntegerField, Prefetch, Subquery, Value

# Two sets of stand-ins: numbers and days no real row has.
_USER = (-7_400_000_001, -7_400_000_101)
_PROGRAM = (-7_400_000_002, -7_400_000_102)
_FIRST_NUMBER = (-7_400_000_010, -7_400_000_110)
_FIRST_DAY = (datetime.date(1901, 2, 3), datetime.date(1902, 4, 5))


# Compiled SQL kept per list and thread, at most: a list of ids is compiled for each length.
MAX_SHAPES = 512


class CompileError(AssertionError):
    """A build that cannot be compiled safely (see the module's rules)."""


@dataclass(frozen=True)
class _Compiled:
    queryset: object  # the stand-in queryset: its model, iterable class and prefetches
    compiler: object  # its compiler, set up: select, klass_info, annotation columns
    sql: str | None  # None: the rule selects nothing for this shape (EmptyResultSet)
    # For each parameter: (the value's name, its adapter, None), or (None, None, a constant).
    slots: tuple = ()
    # The selected columns and their converters (compiler.get_converters): fixed for this
    # compiler and connection, yet worked out again for every call by results_iter().
    columns: tuple = ()
    converters: dict | None = None


def _samples(values: dict, n: int) -> dict:
    samples = {}
    for i, (name, value) in enumerate(sorted(values.items())):
        if isinstance(value, datetime.datetime):
            day = _FIRST_DAY[n] + datetime.timedelta(days=i)
            samples[name] = datetime.datetime.combine(day, datetime.time(3, 4), datetime.UTC)
        elif isinstance(value, datetime.date):
            samples[name] = _FIRST_DAY[n] + datetime.timedelta(days=i)
        elif isinstance(value, int) and not isinstance(value, bool):
            samples[name] = _FIRST_NUMBER[n] - i
        elif _is_ids(value):
            first = _FIRST_NUMBER[n] - 1_000_000 * (i + 1)
            samples[name] = [first - j for j in range(len(value))]
        else:
            raise CompileError(
                f"{name}={value!r}: only ints, dates, datetimes and lists of ints are values"
            )
    return samples


def _is_ids(value) -> bool:
    return isinstance(value, list | tuple) and all(
        isinstance(item, int) and not isinstance(item, bool) for item in value
    )


def _flat(values: dict) -> dict:
    """Each value by its name, and each item of a list of ids by (name, its position)."""
    flat = {}
    for name, value in values.items():
        if isinstance(value, list | tuple):
            flat.update({(name, j): item for j, item in enumerate(value)})
        else:
            flat[name] = value
    return flat


def _stand_in(user, n: int):
    stand_in = get_user_model()(
        pk=_USER[n],
        program_id=None if user.program_id is None else _PROGRAM[n],
        is_superuser=user.is_superuser,
        is_active=True,
        # Told apart between the two builds, so a rule that reads them is refused.
        email=f"stand-in-{n}@invalid.example",
        full_name=f"Stand-in {n}",
    )
    stand_in.__dict__["roles"] = user.roles  # the roles, without their profiles
    return stand_in


def _adapters(connection):
    ops = connection.ops
    return {
        "int": lambda value: value,
        "date": ops.adapt_datefield_value,
        "datetime": ops.adapt_datetimefield_value,
    }


def _forms(sample, connection) -> list[tuple[str, object]]:
    """How a value can appear among a query's parameters: as it is, or adapted as a field."""
    kind = (
        "datetime"
        if isinstance(sample, datetime.datetime)
        else "date"
        if isinstance(sample, datetime.date)
        else "int"
    )
    forms = [(kind, _adapters(connection)[kind](sample))]
    if kind != "int":
        forms.append(("int", sample))  # an expression's Value(), not adapted
    return forms


def _refuse_queries(execute, sql, params, many, context):
    raise CompileError(f"Building a compiled list ran a query: {sql[:200]}")


class CompiledList(threading.local):
    """`compiled(user, **values)` is `list(build(user, **values))`, built and compiled once per
    shape of user, database and thread (a compiler belongs to its thread's connection)."""

    def __init__(self, model, build, *, fixed_dates=()):
        self.model, self.build, self.fixed_dates = model, build, frozenset(fixed_dates)
        self.compiled: dict = {}

    def __call__(self, user, **values) -> list:
        """`user` None for a list that depends on `values` alone (a program's, by its id)."""
        if user is not None and not user.is_authenticated:
            return list(self.build(user, **values))
        # An id past 64 bits matches no row (and SQLite refuses it as a parameter).
        values = {
            name: [item for item in value if not _beyond_int8(item)]
            if isinstance(value, list | tuple)
            else value
            for name, value in values.items()
        }
        flat = _flat(values)
        db = router.db_for_read(self.model)
        # A list of ids takes one parameter per id: its SQL is compiled for each length.
        lengths = tuple(
            sorted(
                (name, len(v) if isinstance(v, list | tuple) else None)
                for name, v in values.items()
            )
        )
        shape = (db, _shape_of(user), lengths)
        found = self.compiled.get(shape)
        # A compiler runs its SQL on the connection it was made with: when the thread has
        # another one for this alias now (tests swap them; SQLite's shared in-memory database
        # then locks the old one out), compile again on the new one.
        if found is None or found.compiler.connection is not connections[db]:
            if len(self.compiled) >= MAX_SHAPES:
                self.compiled.clear()  # lists of many lengths: start again, not grow
            found = self.compiled[shape] = self._compile(db, user, values)
        if found.sql is None or any(_beyond_int8(value) for value in flat.values()):
            return []
        given = {**_own_values(user), **flat}
        params = [
            const if name is None else adapt(given[name]) for name, adapt, const in found.slots
        ]
        return self._run(found, db, params)

    def _run(self, found, db, params):
        compiler = copy.copy(found.compiler)
        compiler.as_sql = lambda *args, **kwargs: (found.sql, params)
        compiler.get_converters = functools.partial(_known_converters, found)
        query = copy.copy(found.queryset.query)
        query.get_compiler = lambda *args, **kwargs: compiler
        template = found.queryset
        queryset = type(template)(model=template.model, query=query, using=db)
        queryset._iterable_class = template._iterable_class
        queryset._fields = template._fields
        queryset._prefetch_related_lookups = template._prefetch_related_lookups
        return list(queryset)

    def _compile(self, db, user, values):
        connection = connections[db]
        built = []
        for n in (0, 1):
            given = _samples(values, n)
            samples = _flat(given)
            if user is not None:
                if {"user", "program"} & set(values):
                    raise CompileError("'user' and 'program' are the user's own values")
                samples["user"] = _USER[n]
                if user.program_id is not None:
                    samples["program"] = _PROGRAM[n]
            stand_in = None if user is None else _stand_in(user, n)
            with connection.execute_wrapper(_refuse_queries):
                queryset = self.build(stand_in, **given)
                compiler = queryset.query.get_compiler(using=db)
                try:
                    sql, params = compiler.as_sql()
                except EmptyResultSet:
                    sql, params = None, ()
            built.append((queryset, compiler, sql, list(params), samples))
        (queryset, compiler, sql, params, samples), (_, _, sql1, params1, samples1) = built
        if sql != sql1 or len(params) != len(params1):
            raise CompileError("The SQL depends on more than the user's shape")
        if sql is None:
            return _Compiled(queryset=queryset, compiler=compiler, sql=None)
        if queryset._known_related_objects:
            raise CompileError("A related manager's rows would point at the stand-in")
        slots = tuple(
            self._slot(param, param1, samples, samples1, connection)
            for param, param1 in zip(params, params1, strict=True)
        )
        self._check_prefetches(queryset, db, samples)
        columns = tuple(column[0] for column in compiler.select[: compiler.col_count])
        return _Compiled(
            queryset=queryset,
            compiler=compiler,
            sql=sql,
            slots=slots,
            columns=columns,
            converters=compiler.get_converters(columns),
        )

    def _slot(self, param, param1, samples, samples1, connection):
        for name, sample in samples.items():
            for how, form in _forms(sample, connection):
                if type(param) is type(form) and param == form:
                    expected = dict(_forms(samples1[name], connection))[how]
                    if not (type(param1) is type(expected) and param1 == expected):
                        raise CompileError(f"Parameter {param!r} is not {name} the second time")
                    return (name, _adapters(connection)[how], None)
        if type(param) is not type(param1) or param != param1:
            raise CompileError(
                f"A parameter worked out from a value ({param!r}, then {param1!r}): "
                "pass it as a value of its own, or work it out in SQL"
            )
        fixed = {form for day in self.fixed_dates for _, form in _forms(day, connection)}
        if isinstance(param, datetime.date | str) and param not in fixed and _is_day(param):
            raise CompileError(f"A date frozen into the SQL ({param!r}): pass it as a value")
        return (None, None, param)

    @staticmethod
    def _check_prefetches(queryset, db, samples):
        connection = connections[db]
        stand_ins = {form for sample in samples.values() for _, form in _forms(sample, connection)}
        for lookup in queryset._prefetch_related_lookups:
            if isinstance(lookup, Prefetch) and lookup.queryset is not None:
                _, params = lookup.queryset.query.get_compiler(using=db).as_sql()
                if stand_ins.intersection(params):
                    raise CompileError("A prefetch's queryset uses the user or a value")


def _known_converters(found: _Compiled, expressions) -> dict:
    """compiler.get_converters(expressions), known already for the compiled columns."""
    if len(expressions) == len(found.columns) and all(
        given is known for given, known in zip(expressions, found.columns, strict=True)
    ):
        return found.converters
    return found.compiler.get_converters(expressions)


def _beyond_int8(value) -> bool:
    """An id no row can have (a number typed into an address): Django's integer lookups find
    nothing for it, and SQLite would refuse it as a parameter."""
    return type(value) is int and not -(2**63) <= value < 2**63


def _shape_of(user) -> tuple | None:
    """What a rule may build differently on: roles, superuser, in a program or not."""
    if user is None:
        return None
    return (user.is_superuser, user.program_id is None, user.roles)


def _own_values(user) -> dict:
    return {} if user is None else {"user": user.pk, "program": user.program_id}


def _is_day(param) -> bool:
    """A date or time, or one as SQLite takes it ("2026-12-06", "2026-12-06 10:00:00")."""
    if isinstance(param, datetime.date):
        return True
    try:
        datetime.datetime.fromisoformat(param)
    except ValueError:
        return False
    return True


def count_column(queryset):
    """The number of rows of `queryset`, as a column of a compiled list's one-row `values()`:
    `count()` and `aggregate()` run at once, so they cannot be compiled."""
    counted = each_row_once(queryset).order_by().annotate(n=plain_count(F("pk"))).values("n")
    return Subquery(counted, output_field=IntegerField())


def each_row_once(queryset):
    """`queryset` without DISTINCT, each row once: a DISTINCT queryset (visible_to reaching a
    row two ways) is read by key, so a COUNT over it sees each row once."""
    if queryset.query.distinct:
        return queryset.model._default_manager.filter(pk__in=queryset.values("pk"))
    return queryset


def plain_count(expression):
    """COUNT(expression) as a plain function, not an aggregate: no GROUP BY, one row."""
    return Func(expression, function="COUNT", output_field=IntegerField())


def compiled_list(model, *, fixed_dates=()):
    """Decorates a build function: it becomes the CompiledList of `model` it builds."""
    return lambda build: CompiledList(model, build, fixed_dates=fixed_dates)


def as_prefetched(instance, related_name: str, rows: list) -> None:
    """Hands `rows` (read by a compiled list) to `instance.<related_name>.all()`, as
    `prefetch_related` would have: the related manager then answers from them, and a
    `.filter()` on it still reads only this instance's rows."""
    manager = getattr(instance, related_name)
    queryset = manager.get_queryset()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    # The reverse foreign key's manager reads its cache under this name (Django 5.2).
    cache[manager.field.remote_field.cache_name] = queryset


def aggregate_row(queryset, **aggregates):
    """`queryset.aggregate(**aggregates)` as a one-row `values()` queryset a compiled list can
    read (`aggregate()` runs at once). Grouped by a constant, which Django leaves out of the
    SQL: one row, as the aggregate gives, even when nothing matches."""
    return (
        queryset.order_by()
        .annotate(_all=Value(1))
        .values("_all")
        .annotate(**aggregates)
        .values(*aggregates)
    )
