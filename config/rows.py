"""Rows of plain statements as the ORM would give them, without its per-query setup.

The hot paths (an autosave, a submit) read or write one attempt with a plain statement. Django's `raw()` then
spends more CPU than the round trip on setting up each query (its columns, their converters, the model's init
order), for a result that always has the same columns: here that setup is done once per model and columns."""

from collections.abc import Sequence

from django.db import connection, models

_converters: dict[tuple, list] = {}


def converted(model: type[models.Model], names: Sequence[str], rows) -> list[list]:
    """`rows` (of the columns of `model`'s fields `names`, attnames) with each value as the field's Python value
    (JSON decoded, SQLite's times parsed), as the ORM converts them."""
    converters = _converters_of(model, tuple(names))
    result = []
    for row in rows:
        row = list(row)
        for index, functions in converters:
            value = row[index]
            for function, column in functions:
                value = function(value, column, connection)
            row[index] = value
        result.append(row)
    return result


def instances(model: type[models.Model], names: Sequence[str], rows) -> list[models.Model]:
    """Model instances from `rows` (see `converted`); fields not in `names` are deferred (read if used)."""
    return [model.from_db(connection.alias, names, row) for row in converted(model, names, rows)]


def fetch(model: type[models.Model], names: Sequence[str], sql: str, params: Sequence) -> list[models.Model]:
    """`instances` of what the statement `sql` returns (the columns of `names`, in that order)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return instances(model, names, cursor.fetchall())


def columns(model: type[models.Model], names: Sequence[str]) -> str:
    """The column list of a statement that returns the fields `names` of `model` (plain names: the project's
    columns are lower-case words, which need no quotes)."""
    return ", ".join(model._meta.get_field(name).column for name in names)


def _converters_of(model, names: tuple[str, ...]) -> list:
    key = (connection.vendor, model, names)
    found = _converters.get(key)
    if found is None:
        found = []
        for index, name in enumerate(names):
            column = model._meta.get_field(name).get_col(model._meta.db_table)
            functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if functions:
                found.append((index, [(function, column) for function in functions]))
        _converters[key] = found
    return found
