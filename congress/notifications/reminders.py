"""Building blocks of the reminder scans that live in each app's ``reminders`` module.

A scan finds candidates set-based, then, batch by batch and each batch in one transaction, *claims*
them with ``reminders_claim`` (one ``INSERT ... ON CONFLICT DO NOTHING RETURNING``) and writes the
notifications of exactly the rows it claimed with ``notify_many``. A second scan running at the same
time blocks on the first one's uncommitted log rows and then skips them; a crash rolls the batch back
(log rows and notifications together), so a rerun sends what was not sent and nothing twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise

from .models import Notification, ReminderLog
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
        # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
        f"INSERT INTO {table} (content_type_id, object_id, kind, stage, created_at) "  # noqa: S608
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


# -- set-based building blocks: the scans that run over a million open items -----------------------

_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?([sd%])")


def sql_fill(text: Promise | str, *, columns: dict[str, str], values: dict[str, Any] | None = None) -> Sql:
    """``fill(text, **facts)`` as a SQL expression, so a million messages are rendered by one
    statement: the text is translated once (active language), each ``%(name)s`` becomes the SQL
    expression ``columns[name]`` (or the literal ``values[name]``), the rest literal parameters.
    ``tests/reminders/test_set_based.py`` checks it renders exactly what ``fill`` renders."""
    translated = str(text)
    values = values or {}
    parts: list[str] = []
    params: list[Any] = []
    position = 0
    for match in _PLACEHOLDER.finditer(translated):
        literal = translated[position : match.start()]
        position = match.end()
        name, conversion = match.group(1), match.group(2)
        if conversion == "%":
            literal += "%"
            name = None
        if literal:
            parts.append("%s")
            params.append(literal)
        if name is None:
            continue
        if name in columns:
            parts.append(f"({columns[name]})::text")
        else:
            parts.append("%s")
            params.append(f"%{conversion}" % values[name])
    if translated[position:]:
        parts.append("%s")
        params.append(translated[position:])
    return Sql(f"concat({', '.join(parts) or repr('')})", params)


def url_sql(name: str, id_expression: str) -> Sql:
    """``reverse(name, args=[id])`` as a SQL expression of a column (URLs with one integer arg)."""
    sentinel = 987654321
    prefix, suffix = reverse(name, args=[sentinel]).split(str(sentinel))
    return Sql(f"concat(%s, ({id_expression})::text, %s)", [prefix, suffix])


class Sql:
    """A SQL fragment with its parameters, to be pasted into a larger statement."""

    def __init__(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.sql = sql
        self.params = list(params)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Sql({self.sql!r}, {self.params!r})"


def reminders_claim_select(
    *, model: type[models.Model], kind: str, candidates: models.QuerySet[Any]
) -> tuple[list[tuple[int, int]], int | None]:
    """Claim a batch found by a query, in one statement: ``candidates`` is a ``values_list(pk,
    stage)`` queryset (ordered, sliced); the log rows that do not exist yet are inserted (``ON
    CONFLICT DO NOTHING``). Returns the claimed (log id, object id) pairs and the largest object id of
    the batch (None when it was empty), for keyset paging. Same guarantees as ``reminders_claim``: a
    concurrent scan's uncommitted claim makes this one wait, then skip the row."""
    source_sql, source_params = candidates.query.sql_with_params()
    table = connection.ops.quote_name(ReminderLog._meta.db_table)
    sql = (
        # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
        f"WITH batch (oid, stage) AS MATERIALIZED ({source_sql}), "  # noqa: S608
        f"claimed AS (INSERT INTO {table} (content_type_id, object_id, kind, stage, created_at) "
        "SELECT %s, b.oid, %s, b.stage, %s FROM batch b "
        "ON CONFLICT (content_type_id, object_id, kind, stage) DO NOTHING RETURNING id, object_id) "
        "SELECT NULL::bigint, max(b.oid) FROM batch b "
        "UNION ALL SELECT c.id, c.object_id FROM claimed c"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*source_params, content_type_id(model), kind, timezone.now()])
        rows = cursor.fetchall()
    last = None
    claimed: list[tuple[int, int]] = []
    for log_id, object_id in rows:
        if log_id is None:
            last = None if object_id is None else int(object_id)
        else:
            claimed.append((int(log_id), int(object_id)))
    return claimed, last


def outbox_addresses(recipients: Sql) -> dict[int, str]:
    """The e-mail address of each user in ``recipients`` (a SELECT with columns ``user_id`` and
    ``email``) as the outbox stores it: encrypted (SM4-GCM under the outbox column's key and associated
    data, ``Notification.to_address``), for ``user_messages_sql`` to join on the recipient. The
    database cannot encrypt, so one SELECT DISTINCT reads the few staff addresses of a batch and each
    distinct address is encrypted once here; every row to that address carries the same ciphertext,
    which tells a reader no more than the recipient id beside it. Users without an address are left
    out (they get the bell only)."""
    sql = (
        # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
        f"SELECT DISTINCT r.user_id, r.email FROM ({recipients.sql}) AS r "  # noqa: S608
        "WHERE coalesce(r.email, '') <> ''"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, recipients.params)
        rows = cursor.fetchall()
    column = Notification._meta.get_field("to_address")
    sealed: dict[str, str] = {}
    addresses: dict[int, str] = {}
    for user_id, email in rows:
        if email not in sealed:
            sealed[email] = str(column.get_prep_value(email))
        addresses[int(user_id)] = sealed[email]
    return addresses


def user_messages_sql(
    *,
    recipients: Sql,
    addresses: dict[int, str],
    subject: Sql,
    body: Sql,
    kind: str,
    link: Sql,
    about_content_type_id: int,
    about_id: str,
) -> Sql:
    """The set-based ``user_messages``: a SELECT of notification rows (bell, and email when the user
    has an address) for every row of ``recipients`` — a SELECT with columns ``log_id``, ``user_id``,
    ``ord`` plus whatever ``subject``, ``body``, ``link`` and ``about_id`` refer to (as
    ``r.<column>``). The email goes to ``addresses[user_id]``, the address as the outbox stores it
    (``outbox_addresses``: encrypted, never the clear text of a user column); a user not in it gets
    the bell only. Keys are the same as ``user_messages``' (``reminder:<log id>:<channel>:<user>``),
    so the set-based and the row-by-row writers never write one message twice."""
    sql = (
        # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
        "SELECT ch.channel AS channel, r.user_id AS recipient_id, "  # noqa: S608
        "CASE WHEN ch.channel = 'email' THEN coalesce(k.address, '') ELSE '' END AS to_address, "
        f"{subject.sql} AS subject, {body.sql} AS body, %s AS kind, {link.sql} AS link, "
        "concat('reminder:', r.log_id, ':', ch.channel, ':', r.user_id) AS dedupe_key, "
        f"%s::integer AS content_type_id, ({about_id})::bigint AS object_id "
        f"FROM ({recipients.sql}) AS r "
        "LEFT JOIN unnest(%s::bigint[], %s::text[]) AS k(user_id, address) ON k.user_id = r.user_id "
        "CROSS JOIN (VALUES (0, 'in_app'), (1, 'email')) AS ch(ord, channel) "
        "WHERE ch.channel = 'in_app' OR coalesce(k.address, '') <> '' "
        "ORDER BY r.log_id, r.ord, r.user_id, ch.ord"
    )
    return Sql(
        sql,
        [
            *subject.params,
            *body.params,
            kind,
            *link.params,
            about_content_type_id,
            *recipients.params,
            list(addresses),
            list(addresses.values()),
        ],
    )
