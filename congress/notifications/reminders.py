"""Building blocks of the reminder scans that live in each app's ``reminders`` module.

A scan finds candidates set-based, then, batch by batch and each batch in one transaction, *claims*
them with ``reminders_claim`` (one ``INSERT ... ON CONFLICT DO NOTHING RETURNING``) and writes the
notifications of exactly the rows it claimed with ``notify_many``. A second scan running at the same
time blocks on the first one's uncommitted log rows and then skips them; a crash rolls the batch back
(log rows and notifications together), so a rerun sends what was not sent and nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils import timezone

from .models import ReminderLog
from .services import Message

# Rows per batch: one transaction, one claim statement and one notification INSERT per batch.
BATCH_SIZE = 1000


def content_type_id(model: type[models.Model]) -> int:
    return int(ContentType.objects.get_for_model(model).pk)


def reminders_claim(
    *, model: type[models.Model], kind: str, keys: Sequence[tuple[int, str]]
) -> dict[tuple[int, str], int]:
    """Insert the log rows (object id, stage) of ``kind`` that do not exist yet; return the claimed
    ones mapped to their log id. Must run inside the transaction that writes the notifications."""
    if not keys:
        return {}
    table = connection.ops.quote_name(ReminderLog._meta.db_table)
    sql = (
        f"INSERT INTO {table} (content_type_id, object_id, kind, stage, created_at) "
        "SELECT %s, t.oid, %s, t.stage, %s FROM unnest(%s::bigint[], %s::text[]) AS t(oid, stage) "
        "ON CONFLICT (content_type_id, object_id, kind, stage) DO NOTHING "
        "RETURNING id, object_id, stage"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                content_type_id(model),
                kind,
                timezone.now(),
                [int(oid) for oid, _stage in keys],
                [stage for _oid, stage in keys],
            ],
        )
        return {(int(oid), str(stage)): int(pk) for pk, oid, stage in cursor.fetchall()}


def keyset_batches(
    queryset: models.QuerySet[Any], *fields: str, size: int = BATCH_SIZE
) -> Iterable[list[Any]]:
    """``values(*fields)`` of a queryset, ``size`` rows at a time in primary-key order, reading one
    batch per query (memory stays bounded whatever the table size). ``pk`` is always included."""
    after = 0
    while True:
        batch = list(queryset.filter(pk__gt=after).order_by("pk").values("pk", *fields)[:size])
        if not batch:
            return
        yield batch
        after = batch[-1]["pk"]


def user_messages(
    *,
    log_id: int,
    users: Iterable[tuple[int, str]],
    subject: str,
    body: str,
    kind: str,
    link: str = "",
    about: tuple[int, int] | None = None,
    email: bool = True,
) -> list[Message]:
    """An in-app message (the bell) and, when the user has an address, an email for each (user id,
    email) pair; keys derive from the log row, so a message exists at most once per reminder."""
    ct_id, object_id = about if about else (None, None)
    messages: list[Message] = []
    for user_id, address in users:
        messages.append(
            Message(
                channel="in_app",
                subject=subject,
                body=body,
                recipient_id=user_id,
                content_type_id=ct_id,
                object_id=object_id,
                kind=kind,
                link=link,
                dedupe_key=f"reminder:{log_id}:in_app:{user_id}",
            )
        )
        if email and address:
            messages.append(
                Message(
                    channel="email",
                    subject=subject,
                    body=body,
                    recipient_id=user_id,
                    to_address=address,
                    content_type_id=ct_id,
                    object_id=object_id,
                    kind=kind,
                    link=link,
                    dedupe_key=f"reminder:{log_id}:email:{user_id}",
                )
            )
    return messages


def group_members(group_name: str) -> list[tuple[int, str]]:
    """(user id, email) of the active members of a role group."""
    users = get_user_model().objects.filter(groups__name=group_name, is_active=True).order_by("pk")
    return [(int(pk), str(email or "")) for pk, email in users.values_list("pk", "email")]
