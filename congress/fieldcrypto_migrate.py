"""The data migrations that encrypt personal data already stored (congress.fieldcrypto): every row,
in batches of primary keys, read (a value stored before encryption reads as it is) and written back
(encrypted under the current key, blind index computed). Reversible: the reverse writes the clear text
back with plain SQL. Used by each app's migration with its own model and columns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection

from .encrypted_fields import BlindIndexField, EncryptedTextField

BATCH = 1000


def encrypt_rows(app_label: str, model_name: str, *, batch_size: int = BATCH) -> Callable[[Any, Any], None]:
    def forward(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        encrypted = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        indexes = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
        after = 0
        while True:
            batch = list(
                model._base_manager.filter(pk__gt=after).order_by("pk").only("pk", *encrypted)[:batch_size]
            )
            if not batch:
                return
            for row in batch:
                for field in indexes:
                    setattr(row, field.attname, field.index_of(row))
            model._base_manager.bulk_update(batch, [*encrypted, *(f.name for f in indexes)])
            after = batch[-1].pk

    return forward


def decrypt_rows(app_label: str, model_name: str, *, batch_size: int = BATCH) -> Callable[[Any, Any], None]:
    def backward(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        table = connection.ops.quote_name(model._meta.db_table)
        assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
        after = 0
        while True:
            batch = list(
                model._base_manager.filter(pk__gt=after)
                .order_by("pk")
                .only("pk", *[f.name for f in fields])[:batch_size]
            )
            if not batch:
                return
            with connection.cursor() as cursor:
                for row in batch:
                    values = [getattr(row, f.attname) for f in fields]
                    # Identifiers from the model's own metadata, quoted; values as parameters.
                    cursor.execute(f"UPDATE {table} SET {assignments} WHERE id = %s", [*values, row.pk])  # noqa: S608
            after = batch[-1].pk

    return backward


def rows_to_rotate(model: Any, key_id: str, after: int, limit: int) -> list[int]:
    """Primary keys after ``after`` with a value not under the current key (an older key, or clear text
    written before encryption or by raw SQL such as the scale seeder)."""
    fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    stale = " OR ".join(
        f"({connection.ops.quote_name(f.column)} <> '' AND {connection.ops.quote_name(f.column)} NOT LIKE %s)"
        for f in fields
    )
    current = f"sm4gcm:{key_id}:%"
    with connection.cursor() as cursor:
        # Identifiers from the model's own metadata, quoted; values as parameters.
        cursor.execute(
            f"SELECT {pk} FROM {table} WHERE {pk} > %s AND ({stale}) ORDER BY {pk} LIMIT %s",  # noqa: S608
            [after, *([current] * len(fields)), limit],
        )
        return [row[0] for row in cursor.fetchall()]


def rotate_model(model: Any, *, batch_size: int = BATCH, reindex: bool = False) -> int:
    """Re-encrypt under the current key, one short transaction per batch (the portal keeps running:
    every key named in a ciphertext still decrypts meanwhile). ``reindex`` recomputes every blind
    index too (after ``BLIND_INDEX_KEY`` changed). Returns the rows rewritten."""
    from django.db import transaction

    from .fieldcrypto import provider

    encrypted = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
    indexes = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
    key_id = provider().current_key_id()
    done, after = 0, 0
    while True:
        if reindex:
            pks = list(
                model._base_manager.filter(pk__gt=after)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
        else:
            pks = rows_to_rotate(model, key_id, after, batch_size)
        if not pks:
            return done
        with transaction.atomic():
            batch = list(model._base_manager.select_for_update().filter(pk__in=pks).order_by("pk"))
            for row in batch:
                for field in indexes:
                    setattr(row, field.attname, field.index_of(row))
            model._base_manager.bulk_update(batch, [*encrypted, *(f.name for f in indexes)])
        done += len(batch)
        after = pks[-1]
