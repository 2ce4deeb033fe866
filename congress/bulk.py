"""Bulk writes for data at scale (``manage.py seed_scale``, the benchmarks): one ``INSERT ... SELECT``
per table instead of one ORM save per row."""

from __future__ import annotations

from typing import Any

from django.db import connection, models


def insert_select(model: type[models.Model], overrides: dict[str, str], source: str) -> tuple[str, list[Any]]:
    """``INSERT INTO <table> (every column) SELECT <expression per column> <source>``: the SQL
    expressions of ``overrides`` (by field name), the model's default for the other columns, NULL for
    nullable ones, ``now()`` for auto timestamps. Returns the statement and its parameters."""
    columns: list[str] = []
    expressions: list[str] = []
    params: list[Any] = []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.name not in overrides:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.name in overrides:
            expressions.append(overrides[field.name])
        elif getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
            expressions.append("now()")
        elif field.has_default():
            expressions.append("%s")
            params.append(field.get_db_prep_save(field.get_default(), connection))
        elif field.null:
            expressions.append("NULL")
        else:
            expressions.append("''")
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(expressions)} {source}"
    return sql, params


def insert_rows(model: type[models.Model], overrides: dict[str, str], source: str, params: list[Any]) -> int:
    """Run ``insert_select``; ``params`` are those of ``overrides`` and ``source``, in that order."""
    sql, defaults = insert_select(model, overrides, source)
    # Defaults' placeholders come in column order, mixed with the overrides' own: bind by position.
    with connection.cursor() as cursor:
        cursor.execute(sql, _merge(model, overrides, defaults, params))
        return int(cursor.rowcount)


def _merge(
    model: type[models.Model], overrides: dict[str, str], defaults: list[Any], params: list[Any]
) -> list[Any]:
    merged: list[Any] = []
    defaults_left = list(defaults)
    params_left = list(params)
    for field in model._meta.concrete_fields:
        if field.primary_key and field.name not in overrides:
            continue
        if field.name in overrides:
            count = overrides[field.name].count("%s")
            merged += params_left[:count]
            params_left = params_left[count:]
        elif (
            not (getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False))
            and field.has_default()
        ):
            merged.append(defaults_left.pop(0))
    return merged + params_left
