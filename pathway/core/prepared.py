"""Queries that run on every request, with their SQL compiled once per thread and connection.

Reading the session and the signed-in user are the two queries every signed-in page starts
with. Building their SQL (the ORM resolving filters, joins and columns) took longer than running
them. A CompiledQuery keeps only what does not change between requests: the SQL text, where
each parameter goes, and the ORM's recipe for turning a row into model instances. The query
itself runs on every call and reads fresh rows, so nothing about anyone is remembered."""

import threading

from django.db import connections, router
from django.db.models.query import get_related_populators


class CompiledQuery(threading.local):
    """`build(**params)` is a queryset whose only parameters are `params`, each compared with
    one field (given as `params={name: (field, sample)}`, samples told apart by value).
    `first(**values)` runs it with those values and returns its first object or None, as the
    queryset would, with select_related objects in place.

    Per thread: the compiler belongs to its thread's connection; recompiled for a new one."""

    def __init__(self, model, build, **params):
        self.model, self.build, self.params = model, build, params
        self.connection = None

    def first(self, **values):
        db = router.db_for_read(self.model)
        connection = connections[db]
        if self.connection is not connection:
            self._compile(db, connection)
        sql_params = [
            self.params[name][0].get_db_prep_value(values[name], connection) for name in self.order
        ]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, sql_params)
            rows = cursor.fetchmany(1)
        start, end = self.model_columns
        for row in self.compiler.results_iter([rows]):
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
        order = []
        for param in sql_params:
            names = [name for name, value in prepared.items() if value == param]
            if len(names) != 1:
                raise AssertionError(f"Query parameter {param!r} is not one of {list(prepared)}")
            order.append(names[0])
        if sorted(order) != sorted(self.params):
            raise AssertionError(f"Each parameter must appear once in the query: {sql_params}")
        self.order = order
        select_fields = compiler.klass_info["select_fields"]
        self.model_columns = (select_fields[0], select_fields[-1] + 1)
        self.model_fields = [
            column[0].target.attname for column in compiler.select[slice(*self.model_columns)]
        ]
        self.populators = get_related_populators(compiler.klass_info, compiler.select, db)
        self.compiler, self.sql, self.connection = compiler, sql, connection
