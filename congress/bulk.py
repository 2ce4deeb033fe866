"""Bulk writes for data at scale (``manage.py seed_scale``, the benchmarks): one ``INSERT ... SELECT``
per table instead of one ORM save per row."""

from __future__ import annotations

from typing import Any

from django.db import connection, models


def insert_select(
    model: type[models.Model], overrides: dict[str, str], source: str
) -> tuple[str, dict[str, Any]]:
    """``INSERT INTO <table> (every column) SELECT <expression per column> <source>``: the SQL
    expressions of ``overrides`` (by field name), the model's default for the other columns, NULL for
    nullable ones, ``now()`` for auto timestamps. Placeholders are named (``%(name)s``; a literal
    percent sign is ``%%``). Returns the statement and the defaults' parameters."""
    columns: list[str] = []
    expressions: list[str] = []
    params: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.primary_key and field.name not in overrides:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.name in overrides:
            expressions.append(overrides[field.name])
        elif getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
            expressions.append("now()")
        elif field.has_default():
            key = f"default_{field.column}"
            expressions.append(f"%({key})s")
            params[key] = field.get_db_prep_save(field.get_default(), connection)
        elif field.null:
            expressions.append("NULL")
        else:
            expressions.append("''")
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(expressions)} {source}"
    return sql, params


def insert_rows(
    model: type[models.Model], overrides: dict[str, str], source: str, params: dict[str, Any] | None = None
) -> int:
    """Run ``insert_select`` with ``params`` (named) for the overrides and the source; returns the
    number of rows inserted."""
    sql, defaults = insert_select(model, overrides, source)
    with connection.cursor() as cursor:
        cursor.execute(sql, {**defaults, **(params or {})})
        return int(cursor.rowcount)
