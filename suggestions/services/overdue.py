"""The overdue scan (every 10 minutes, docs/reminders.md): mark ``Assignment.overdue_level``, then
send, on working days, the due-soon reminder to the unit officers, the overdue reminder to the
officers and the head, and the very-overdue escalation (a supervision case and a message to the
supervising leader and the committee staff).

Everything is set-based, so its cost follows the day's new reminders, not the table (1,000,000 open
items: docs/performance.md). Marking is three UPDATEs. Sending goes batch by batch in primary-key
order, one transaction per batch and five statements at most per batch, whatever its size: one
``INSERT ... SELECT ... ON CONFLICT DO NOTHING RETURNING`` claims the batch's reminders in
``ReminderLog`` (``reminders_claim_select``), one SELECT reads the distinct staff addresses of the
claimed rows so that each is encrypted once in Python (``outbox_addresses``: the outbox holds no
address in clear), one ``INSERT ... SELECT`` writes the notifications of exactly the claimed rows,
texts rendered in SQL (``notify_select``), and for very-overdue items two more write the supervision
records and their history events (``supervisions_open_for_overdue``).
Reruns, a second beat, two workers or a crash halfway never send twice; a rerun sends the rest.
Paused assignments (``reminders_paused``) get no reminder and no escalation; their level is still
marked.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import CharField, Exists, F, Func, OuterRef, Q, QuerySet, Value
from django.utils import timezone, translation

from congress import roles
from congress.calendar.selectors import work_calendar
from congress.models import HandlingUnit, UnitOfficer
from congress.notifications import texts as T
from congress.notifications.models import ReminderLog
from congress.notifications.policies import (
    DUE_SOON_WORKING_DAYS,
    VERY_OVERDUE_WORKING_DAYS,
    PolicyGroup,
    policy_groups,
    policy_value,
)
from congress.notifications.reminders import (
    BATCH_SIZE,
    Sql,
    content_type_id,
    outbox_addresses,
    reminders_claim_select,
    sql_fill,
    url_sql,
    user_messages_sql,
)
from congress.notifications.services import notify_select

from ..models import Assignment, Suggestion
from .ratings import supervisions_open_for_overdue

KIND_DUE_SOON = "reminder.due_soon"
KIND_OVERDUE = "reminder.overdue"
KIND_VERY_OVERDUE = "reminder.very_overdue"

# Batches of the scan: one transaction and at most five statements each. Larger than the row-by-row
# writers' batches because a batch costs the database, not Python (docs/performance.md).
SCAN_BATCH_SIZE = 5 * BATCH_SIZE


def _today() -> datetime.date:
    return timezone.localdate()


@dataclass(frozen=True)
class Window:
    """The dates one scan counts with, computed once with the working-day calendar, for the bodies
    that count with the same reminder numbers (``body_ids`` None: every body). An item counts with
    the numbers of the body that handles it now (docs/reminders.md)."""

    today: datetime.date
    due_soon_until: datetime.date  # due on or before this (and not before today): due soon
    very_overdue_before: datetime.date  # due before this: more than N working days overdue
    very_overdue_days: int = 5
    body_ids: tuple[int, ...] | None = None

    @classmethod
    def on(cls, today: datetime.date, group: PolicyGroup | None = None) -> Window:
        """The window of ``group``'s bodies; without a group, the default numbers for every body."""
        calendar = work_calendar()
        if group is None:
            group = PolicyGroup(
                {code: policy_value(code) for code in (DUE_SOON_WORKING_DAYS, VERY_OVERDUE_WORKING_DAYS)}
            )
        return cls(
            today=today,
            due_soon_until=calendar.add_working_days(today, group[DUE_SOON_WORKING_DAYS]),
            # add_working_days(today, -N) is the N-th working day before today; an item due on it is
            # exactly N working days overdue, one due earlier more than N.
            very_overdue_before=calendar.add_working_days(today, -group[VERY_OVERDUE_WORKING_DAYS]),
            very_overdue_days=group[VERY_OVERDUE_WORKING_DAYS],
            body_ids=group.body_ids,
        )

    @classmethod
    def all_on(cls, today: datetime.date) -> list[Window]:
        """One window per group of bodies with the same numbers: one, unfiltered, while no body has
        numbers of its own."""
        groups = policy_groups(DUE_SOON_WORKING_DAYS, VERY_OVERDUE_WORKING_DAYS)
        return [cls.on(today, group) for group in groups]

    def scope(self, queryset: QuerySet[Any], field: str = "suggestion__body_id") -> QuerySet[Any]:
        """``queryset`` limited to this window's bodies (nothing to add when it is every body)."""
        return queryset if self.body_ids is None else queryset.filter(**{f"{field}__in": self.body_ids})


def due_soon_q(windows: list[Window], prefix: str = "") -> Q:
    """Due soon under whichever window applies to the row's body, as one condition."""
    condition = Q()
    for window in windows:
        part = Q(**{f"{prefix}due_date__gte": window.today, f"{prefix}due_date__lte": window.due_soon_until})
        if window.body_ids is not None:
            part &= Q(**{f"{prefix}suggestion__body_id__in": window.body_ids})
        condition |= part
    return condition


@dataclass
class ScanResult:
    cleared: int = 0
    marked_overdue: int = 0
    marked_very_overdue: int = 0
    sent: dict[str, int] = field(default_factory=dict)


# -- marking -----------------------------------------------------------------------------------


def overdue_mark(*, window: Window) -> ScanResult:
    """Three set-based UPDATEs; each touches only rows whose level changes (an extension that moved
    the due date forward clears the level)."""
    active = window.scope(Assignment.objects.filter(status=Assignment.Status.ACTIVE))
    result = ScanResult()
    result.cleared = (
        active.filter(overdue_level__gt=Assignment.OverdueLevel.NONE)
        .filter(Q(due_date__isnull=True) | Q(due_date__gte=window.today))
        .update(overdue_level=Assignment.OverdueLevel.NONE)
    )
    result.marked_overdue = (
        active.filter(due_date__lt=window.today, due_date__gte=window.very_overdue_before)
        .exclude(overdue_level=Assignment.OverdueLevel.OVERDUE)
        .update(overdue_level=Assignment.OverdueLevel.OVERDUE)
    )
    result.marked_very_overdue = (
        active.filter(due_date__lt=window.very_overdue_before)
        .exclude(overdue_level=Assignment.OverdueLevel.VERY_OVERDUE)
        .update(overdue_level=Assignment.OverdueLevel.VERY_OVERDUE)
    )
    return result


# -- candidates ------------------------------------------------------------------------------------


def _stage() -> Func:
    """The log stage of a deadline reminder: the due date, as ``date.isoformat()`` writes it."""
    return Func(F("due_date"), Value("YYYY-MM-DD"), function="to_char", output_field=CharField())


def _not_logged(queryset: QuerySet[Assignment], kind: str) -> QuerySet[Assignment]:
    logged = ReminderLog.objects.filter(
        content_type_id=content_type_id(Assignment),
        object_id=OuterRef("pk"),
        kind=kind,
        stage=Func(OuterRef("due_date"), Value("YYYY-MM-DD"), function="to_char", output_field=CharField()),
    )
    return queryset.filter(~Exists(logged))


def due_soon_candidates(window: Window) -> QuerySet[Assignment]:
    return _not_logged(
        window.scope(Assignment.objects.all()).filter(
            status=Assignment.Status.ACTIVE,
            reminders_paused=False,
            due_date__gte=window.today,
            due_date__lte=window.due_soon_until,
        ),
        KIND_DUE_SOON,
    )


def overdue_candidates(window: Window) -> QuerySet[Assignment]:
    return _not_logged(
        window.scope(Assignment.objects.all()).filter(
            status=Assignment.Status.ACTIVE,
            reminders_paused=False,
            overdue_level=Assignment.OverdueLevel.OVERDUE,
            due_date__lt=window.today,
        ),
        KIND_OVERDUE,
    )


def very_overdue_candidates(window: Window) -> QuerySet[Assignment]:
    return _not_logged(
        window.scope(Assignment.objects.all()).filter(
            status=Assignment.Status.ACTIVE,
            reminders_paused=False,
            overdue_level=Assignment.OverdueLevel.VERY_OVERDUE,
            due_date__lt=window.very_overdue_before,
        ),
        KIND_VERY_OVERDUE,
    )


CANDIDATES = {
    KIND_DUE_SOON: due_soon_candidates,
    KIND_OVERDUE: overdue_candidates,
    KIND_VERY_OVERDUE: very_overdue_candidates,
}


# -- who is told, as SQL ---------------------------------------------------------------------------


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _claimed_items(columns: str) -> str:
    """The claimed batch (``unnest(log ids, assignment ids)``) joined to what the texts need."""
    return (
        # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
        f"SELECT c.log_id, a.id AS assignment_id, a.suggestion_id, s.code, s.title, hu.name AS unit, "  # noqa: S608
        f"to_char(a.due_date, 'YYYY-MM-DD') AS due, {columns} "
        "FROM unnest(%s::bigint[], %s::bigint[]) AS c(log_id, assignment_id) "
        f"JOIN {_q(Assignment._meta.db_table)} a ON a.id = c.assignment_id "
        f"JOIN {_q(Suggestion._meta.db_table)} s ON s.id = a.suggestion_id "
        f"JOIN {_q(HandlingUnit._meta.db_table)} hu ON hu.id = a.unit_id"
    )


def _unit_officers(*, handlers_only: bool) -> str:
    """Active officers of the item's unit; with ``handlers_only`` the head is left out unless the
    unit has no other officer (due soon goes to whoever handles the item)."""
    officer, user = _q(UnitOfficer._meta.db_table), _q(get_user_model()._meta.db_table)
    condition = ""
    if handlers_only:
        condition = (
            # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
            "AND (NOT o.is_head OR NOT EXISTS ("  # noqa: S608
            f"SELECT 1 FROM {officer} o2 JOIN {user} u2 ON u2.id = o2.user_id AND u2.is_active "
            "WHERE o2.unit_id = a.unit_id AND NOT o2.is_head))"
        )
    return (
        f"JOIN {officer} o ON o.unit_id = a.unit_id "
        f"JOIN {user} u ON u.id = o.user_id AND u.is_active {condition}"
    )


def _recipients(kind: str, log_ids: list[int], assignment_ids: list[int]) -> Sql:
    if kind in (KIND_DUE_SOON, KIND_OVERDUE):
        sql = (
            _claimed_items("o.user_id, u.email, o.id AS ord")
            + " "
            + _unit_officers(handlers_only=kind == KIND_DUE_SOON)
        )
        return Sql(sql, [log_ids, assignment_ids])
    # Very overdue: the supervising leader first, then every active member of the committee staff.
    user_model = get_user_model()
    user, membership = _q(user_model._meta.db_table), _q(user_model.groups.through._meta.db_table)
    group = _q(Group._meta.db_table)
    sql = (
        # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
        "SELECT DISTINCT ON (i.log_id, p.user_id) i.*, p.user_id, p.email, p.ord FROM ("  # noqa: S608
        + _claimed_items("s.supervising_leader_id")
        # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
        + ") AS i CROSS JOIN LATERAL ("  # noqa: S608
        f"SELECT lu.id AS user_id, lu.email, 0 AS ord FROM {user} lu WHERE lu.id = i.supervising_leader_id "
        f"UNION ALL SELECT su.id, su.email, 1 FROM {user} su "
        f"JOIN {membership} m ON m.user_id = su.id JOIN {group} g ON g.id = m.group_id "
        "WHERE g.name = %s AND su.is_active) AS p "
        "ORDER BY i.log_id, p.user_id, p.ord"
    )
    return Sql(sql, [log_ids, assignment_ids, roles.COMMITTEE_STAFF])


TEXTS = {
    KIND_DUE_SOON: (T.DUE_SOON_SUBJECT, T.DUE_BODY, "unit-item", "assignment_id"),
    KIND_OVERDUE: (T.OVERDUE_SUBJECT, T.OVERDUE_BODY, "unit-item", "assignment_id"),
    KIND_VERY_OVERDUE: (
        T.VERY_OVERDUE_SUBJECT,
        T.VERY_OVERDUE_BODY,
        "admin:suggestions_suggestion_change",
        "suggestion_id",
    ),
}


def _messages(kind: str, claimed: list[tuple[int, int]]) -> Sql:
    subject, body, url_name, url_arg = TEXTS[kind]
    columns = {name: f"r.{name}" for name in ("code", "title", "unit", "due")}
    recipients = _recipients(kind, [log for log, _oid in claimed], [oid for _log, oid in claimed])
    return user_messages_sql(
        recipients=recipients,
        addresses=outbox_addresses(recipients),
        subject=sql_fill(subject, columns=columns),
        body=sql_fill(body, columns=columns),
        kind=kind,
        link=url_sql(url_name, f"r.{url_arg}"),
        about_content_type_id=content_type_id(Suggestion),
        about_id="r.suggestion_id",
    )


# -- sending -----------------------------------------------------------------------------------------


def reminders_send_batch(kind: str, *, window: Window, after: int, batch_size: int) -> tuple[int, int | None]:
    """Claim and write one batch of ``kind`` (candidates with a primary key above ``after``); the
    caller holds the transaction. Returns (reminders claimed, last primary key of the batch or None
    when there was none left)."""
    candidates = (
        CANDIDATES[kind](window).filter(pk__gt=after).order_by("pk").values_list("pk", _stage())[:batch_size]
    )
    claimed, last = reminders_claim_select(model=Assignment, kind=kind, candidates=candidates)
    if claimed:
        messages = _messages(kind, claimed)
        notify_select(select_sql=messages.sql, params=messages.params)
        if kind == KIND_VERY_OVERDUE:
            supervisions_open_for_overdue(
                assignment_ids=[oid for _log, oid in claimed],
                held_on=window.today,
                note=T.VERY_OVERDUE_NOTE,
                days=window.very_overdue_days,
            )
    return len(claimed), last


def _run_batches(kind: str, window: Window, batch_size: int) -> int:
    """One transaction per batch: claim, write notifications (and supervision cases), commit."""
    sent = 0
    after = 0
    while True:
        with transaction.atomic():
            claimed, last = reminders_send_batch(kind, window=window, after=after, batch_size=batch_size)
        sent += claimed
        if last is None:
            return sent
        after = last


@contextmanager
def _only_one(name: str) -> Iterator[bool]:
    """A session-level advisory lock: a scan started while another still runs (a long catch-up, two
    beats) returns at once instead of doing the same work. Released at the end, or by PostgreSQL when
    a killed worker's connection closes. Correctness never depends on it: the log does that."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [name])
        acquired = bool(cursor.fetchone()[0])
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [name])


def overdue_scan(
    *, today: datetime.date | None = None, batch_size: int = SCAN_BATCH_SIZE, exclusive: bool = True
) -> ScanResult:
    """The overdue scan (every 10 minutes): mark levels, then send what is owed. Safe to run any
    number of times, concurrently too; with ``exclusive`` a run that finds another one running
    returns at once (an empty result)."""
    if exclusive:
        with _only_one("suggestions.reminders.overdue_scan") as acquired:
            return (
                overdue_scan(today=today, batch_size=batch_size, exclusive=False)
                if acquired
                else ScanResult()
            )
    windows = Window.all_on(today or _today())
    result = ScanResult()
    with transaction.atomic():
        for window in windows:
            marked = overdue_mark(window=window)
            result.cleared += marked.cleared
            result.marked_overdue += marked.marked_overdue
            result.marked_very_overdue += marked.marked_very_overdue
    # Units work on working days: a reminder owed on a weekend or holiday goes out on the next
    # working day (the log makes it a catch-up, not a repeat).
    if not work_calendar().is_working_day(windows[0].today):
        return result
    with translation.override(settings.LANGUAGE_CODE):
        for kind in (KIND_DUE_SOON, KIND_OVERDUE, KIND_VERY_OVERDUE):
            result.sent[kind] = sum(_run_batches(kind, window, batch_size) for window in windows)
    return result
