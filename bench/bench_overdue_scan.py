"""Benchmark: the overdue scan over 1,000,000 open assignments, beside its set-based floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_overdue_scan.py

It creates its own database (``bench_perf_overdue``, dropped at the end; ``--keep`` keeps it,
``--reuse`` starts from a kept one), migrates it, and fills it with SQL (``generate_series``): 200
handling units with two officers each (one the head), three committee-staff users, a leader
supervising every 100th item, 1,000,000 suggestions and one active lead assignment each, due dates
spread evenly from 60 days before to 120 days after "today" (Wednesday 25 November 2026).

The database is brought to the state yesterday's scan left (levels marked, every reminder owed until
yesterday in the reminder log), so a timed run does what a real day does: mark the day's changes and
send the day's new due-soon, overdue and very-overdue reminders (supervision cases included). Each
round times, in random order:

* the floor: the marking as one ``UPDATE`` plus one ``INSERT ... SELECT`` (a writable CTE) writing
  the same reminder-log and notification rows, committed;
* the scan (``suggestions.services.overdue.overdue_scan``), committed, then its rerun, which must
  send nothing (the cost of the 143 other runs of the day).

After each timed step the day's writes are deleted and the levels put back, and the tables vacuumed,
so every round starts from the same state. It prints the median of ``--rounds`` rounds (default 3)
with the ratio to the floor, each phase of the scan, and peak memory.
"""

from __future__ import annotations

import argparse
import datetime
import random
import resource
import time
from typing import Any

from _common import bench_database, machine_details, median, ratio

TODAY = datetime.date(2026, 11, 25)
YESTERDAY = TODAY - datetime.timedelta(days=1)
DATABASE = "bench_perf_overdue"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept database (skip the fill)")
    args = parser.parse_args()
    with bench_database(DATABASE, keep=args.keep or args.reuse, reuse=args.reuse):
        run(args.items, args.rounds, fill_first=not args.reuse)


def fill(n: int) -> float:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from congress import roles
    from congress.bulk import insert_rows
    from congress.models import HandlingUnit, UnitOfficer
    from congress.roles import roles_sync
    from suggestions.models import Assignment, Suggestion

    roles_sync()
    user_model = get_user_model()
    with transaction.atomic():
        units = HandlingUnit.objects.bulk_create(
            HandlingUnit(name=f"示范市第{i}局", kind=HandlingUnit.Kind.GOVERNMENT_DEPARTMENT)
            for i in range(200)
        )
        officers = user_model.objects.bulk_create(
            user_model(username=f"officer{i}", email=f"officer{i}@example.cn") for i in range(400)
        )
        UnitOfficer.objects.bulk_create(
            UnitOfficer(unit=units[i // 2], user=officers[i], is_head=i % 2 == 1) for i in range(400)
        )
        staff = user_model.objects.bulk_create(
            user_model(username=f"staff{i}", email=f"staff{i}@example.cn", is_staff=True) for i in range(3)
        )
        Group.objects.get(name=roles.COMMITTEE_STAFF).user_set.add(*staff)
        leader = user_model.objects.create(username="leader", email="leader@example.cn", is_staff=True)
        Group.objects.get(name=roles.COMMITTEE_LEADER).user_set.add(leader)
    unit_ids = [u.pk for u in units]
    started = time.perf_counter()
    insert_rows(
        Suggestion,
        {
            "code": "'B' || lpad(g::text, 9, '0')",
            "status": "'assigned'",
            "title": "'路灯损坏' || g",
            "text": "'东岗西路与天水路交叉口的路灯已经坏了两个星期。'",
            "is_key": "(mod(g, 100) = 0)",
            "supervising_leader": f"CASE WHEN mod(g, 100) = 0 THEN {int(leader.pk)} END",
            "submitted_at": "now()",
        },
        f"FROM generate_series(1, {int(n)}) AS g",
    )
    insert_rows(
        Assignment,
        {
            "suggestion": "s.id",
            "unit": f"(%(units)s::bigint[])[1 + mod(s.id, {len(unit_ids)})]",
            "role": "'lead'",
            "status": "'active'",
            "due_date": f"DATE '{TODAY.isoformat()}' + (mod(s.id, 181)::int - 60)",
            "assigned_at": "now()",
        },
        f"FROM {Suggestion._meta.db_table} s",
        {"units": unit_ids},
    )
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Suggestion._meta.db_table}")
        cursor.execute(f"VACUUM ANALYZE {Assignment._meta.db_table}")
    return time.perf_counter() - started


def yesterdays_state() -> None:
    """Levels as of yesterday, and every reminder owed until yesterday already in the log."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from congress.notifications.models import ReminderLog
    from suggestions.models import Assignment
    from suggestions.services import overdue

    window = overdue.Window.on(YESTERDAY)
    ct = ContentType.objects.get_for_model(Assignment).pk
    table = Assignment._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        overdue.overdue_mark(window=window)
        for kind, condition, value in (
            (overdue.KIND_DUE_SOON, "a.due_date <= %s", window.due_soon_until),
            (overdue.KIND_OVERDUE, "a.due_date < %s", window.today),
            (overdue.KIND_VERY_OVERDUE, "a.due_date < %s", window.very_overdue_before),
        ):
            cursor.execute(
                f"INSERT INTO {ReminderLog._meta.db_table} "
                "(content_type_id, object_id, kind, stage, created_at) "
                f"SELECT %s, a.id, %s, to_char(a.due_date, 'YYYY-MM-DD'), now() - interval '1 day' "
                f"FROM {table} a WHERE a.status = 'active' AND {condition}",
                [ct, kind, value],
            )


# -- undoing a round ---------------------------------------------------------------------------------


def high_water() -> dict[str, int]:
    from django.db import connection

    marks = {}
    with connection.cursor() as cursor:
        for table in _written_tables():
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
            marks[table] = int(cursor.fetchone()[0])
    return marks


def _written_tables() -> list[str]:
    from congress.notifications.models import Notification, ReminderLog
    from suggestions.models import SuggestionEvent, Supervision

    return [m._meta.db_table for m in (Notification, ReminderLog, Supervision, SuggestionEvent)]


def undo(marks: dict[str, int]) -> None:
    """Delete what a timed step wrote and put yesterday's levels back; vacuum."""
    from django.db import connection, transaction

    from suggestions.models import Assignment
    from suggestions.services import overdue

    with transaction.atomic(), connection.cursor() as cursor:
        for table, mark in marks.items():
            cursor.execute(f"DELETE FROM {table} WHERE id > %s", [mark])
        overdue.overdue_mark(window=overdue.Window.on(YESTERDAY))
    with connection.cursor() as cursor:
        for table in [*marks, Assignment._meta.db_table]:
            cursor.execute(f"VACUUM ANALYZE {table}")


# -- the floor -----------------------------------------------------------------------------------------


def floor_sql() -> tuple[list[tuple[str, list[Any]]], str]:
    """The marking UPDATE and one INSERT ... SELECT writing the same log and notification rows."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from congress import roles
    from congress.models import HandlingUnit, UnitOfficer
    from congress.notifications import texts as T
    from congress.notifications.models import Notification, ReminderLog
    from congress.notifications.reminders import sql_fill
    from suggestions.models import Assignment, Suggestion
    from suggestions.services import overdue

    window = overdue.Window.on(TODAY)
    a_table = Assignment._meta.db_table
    level = "CASE WHEN due_date < %s THEN 2 WHEN due_date < %s THEN 1 ELSE 0 END"
    update = (
        f"UPDATE {a_table} SET overdue_level = {level} WHERE status = 'active' AND overdue_level <> {level}",
        [window.very_overdue_before, window.today] * 2,
    )
    ct_assignment = ContentType.objects.get_for_model(Assignment).pk
    ct_suggestion = ContentType.objects.get_for_model(Suggestion).pk
    user = get_user_model()
    columns = {"code": "o.code", "title": "o.title", "unit": "o.unit", "due": "o.stage"}
    texts = {
        overdue.KIND_DUE_SOON: (T.DUE_SOON_SUBJECT, T.DUE_BODY),
        overdue.KIND_OVERDUE: (T.OVERDUE_SUBJECT, T.OVERDUE_BODY),
        overdue.KIND_VERY_OVERDUE: (T.VERY_OVERDUE_SUBJECT, T.VERY_OVERDUE_BODY),
    }
    subject_cases, body_cases, params_subject, params_body = [], [], [], []
    for kind, (subject, body) in texts.items():
        s, b = sql_fill(subject, columns=columns), sql_fill(body, columns=columns)
        subject_cases.append(f"WHEN %s THEN {s.sql}")
        params_subject += [kind, *s.params]
        body_cases.append(f"WHEN %s THEN {b.sql}")
        params_body += [kind, *b.params]
    now = timezone.now()
    log, notification = ReminderLog._meta.db_table, Notification._meta.db_table
    # Columns the statement does not name (added since) get an empty value, as the model's default.
    named = {"id", "channel", "recipient_id", "to_address", "subject", "body", "kind", "link", "dedupe_key"}
    named |= {"status", "attempts", "last_error", "created_at", "sent_at", "content_type_id", "object_id"}
    named |= {"next_attempt_at", "read_at"}
    others = [f for f in Notification._meta.concrete_fields if f.column not in named]
    extra = "".join(f", {f.column}" for f in others)
    extra_values = "".join(", NULL" if f.null else ", ''" for f in others)
    membership = user.groups.through._meta.db_table
    insert = (
        "WITH owed AS ("
        f"SELECT a.id, to_char(a.due_date, 'YYYY-MM-DD') AS stage, k.kind FROM {a_table} a "
        "JOIN (VALUES (%s, %s::date, %s::date), (%s, %s::date, %s::date), (%s, DATE '1900-01-01', %s::date)) "
        "AS k(kind, low, high) ON a.due_date >= k.low AND a.due_date <= k.high "
        "WHERE a.status = 'active' AND NOT a.reminders_paused "
        f"AND NOT EXISTS (SELECT 1 FROM {log} l WHERE l.content_type_id = %s AND l.object_id = a.id "
        "AND l.kind = k.kind AND l.stage = to_char(a.due_date, 'YYYY-MM-DD'))), "
        f"logged AS (INSERT INTO {log} (content_type_id, object_id, kind, stage, created_at) "
        "SELECT %s, id, kind, stage, %s FROM owed RETURNING id, object_id, kind, stage), "
        "o AS (SELECT lg.id AS log_id, lg.kind, lg.stage, a.id AS assignment_id, a.suggestion_id, "
        "a.unit_id, s.code, s.title, s.supervising_leader_id, hu.name AS unit FROM logged lg "
        f"JOIN {a_table} a ON a.id = lg.object_id JOIN {Suggestion._meta.db_table} s "
        f"ON s.id = a.suggestion_id JOIN {HandlingUnit._meta.db_table} hu ON hu.id = a.unit_id), "
        "r AS ("
        "SELECT o.*, uo.user_id, u.email FROM o "
        f"JOIN {UnitOfficer._meta.db_table} uo ON uo.unit_id = o.unit_id "
        f"JOIN {user._meta.db_table} u ON u.id = uo.user_id "
        "WHERE o.kind = %s OR (o.kind = %s AND NOT uo.is_head) "
        "UNION ALL SELECT o.*, u.id, u.email FROM o "
        f"JOIN {user._meta.db_table} u ON u.id = o.supervising_leader_id WHERE o.kind = %s "
        "UNION ALL SELECT o.*, u.id, u.email FROM o "
        f"CROSS JOIN {user._meta.db_table} u JOIN {membership} m ON m.user_id = u.id "
        f"JOIN {Group._meta.db_table} g ON g.id = m.group_id WHERE o.kind = %s AND g.name = %s) "
        f"INSERT INTO {notification} (channel, recipient_id, to_address, subject, body, kind, link, "
        f"dedupe_key, status, attempts, last_error, created_at, sent_at, content_type_id, object_id{extra}) "
        "SELECT ch.channel, o.user_id, CASE WHEN ch.channel = 'email' THEN o.email ELSE '' END, "
        f"left(CASE o.kind {' '.join(subject_cases)} END, 200), CASE o.kind {' '.join(body_cases)} END, "
        "o.kind, '/unit/items/' || o.assignment_id || '/', "
        "'reminder:' || o.log_id || ':' || ch.channel || ':' || o.user_id, "
        "CASE WHEN ch.channel = 'in_app' THEN 'sent' ELSE 'pending' END, 0, '', %s, "
        "CASE WHEN ch.channel = 'in_app' THEN %s::timestamptz END, %s, o.suggestion_id"
        f"{extra_values} FROM r AS o CROSS JOIN (VALUES ('in_app'), ('email')) AS ch(channel)"
    )
    day = datetime.timedelta(days=1)
    params = [
        overdue.KIND_DUE_SOON,
        window.today,
        window.due_soon_until,
        overdue.KIND_OVERDUE,
        window.very_overdue_before,
        window.today - day,
        overdue.KIND_VERY_OVERDUE,
        window.very_overdue_before - day,
        ct_assignment,
        ct_assignment,
        now,
        overdue.KIND_OVERDUE,
        overdue.KIND_DUE_SOON,
        overdue.KIND_VERY_OVERDUE,
        overdue.KIND_VERY_OVERDUE,
        roles.COMMITTEE_STAFF,
        *params_subject,
        *params_body,
        now,
        now,
        ct_suggestion,
    ]
    return [update, (insert, params)], "floor"


def floor_run() -> tuple[float, int]:
    from django.db import connection, transaction

    statements, _label = floor_sql()
    started = time.perf_counter()
    rows = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            rows += cursor.rowcount
    return time.perf_counter() - started, rows


def scan_run(phases: dict[str, float]) -> tuple[float, Any]:
    from suggestions.services import overdue

    real_mark, real_batches = overdue.overdue_mark, overdue._run_batches

    def timed_mark(**kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return real_mark(**kwargs)
        finally:
            phases["marking (3 UPDATEs)"] = time.perf_counter() - started

    def timed_batches(kind: str, *args: Any, **kwargs: Any) -> int:
        started = time.perf_counter()
        try:
            return real_batches(kind, *args, **kwargs)
        finally:
            phases[kind] = time.perf_counter() - started

    overdue.overdue_mark, overdue._run_batches = timed_mark, timed_batches
    try:
        started = time.perf_counter()
        result = overdue.overdue_scan(today=TODAY)
        return time.perf_counter() - started, result
    finally:
        overdue.overdue_mark, overdue._run_batches = real_mark, real_batches


def run(n: int, rounds: int, *, fill_first: bool) -> None:
    from django.conf import settings
    from django.utils import translation

    from congress.notifications.models import Notification, ReminderLog
    from suggestions.models import Supervision

    if fill_first:
        print(f"filling {n:,} suggestions and open assignments with generate_series …", flush=True)
        print(f"  filled in {fill(n):.1f} s", flush=True)
        yesterdays_state()
        undo(high_water())
    print(
        f"state as of {YESTERDAY}: {ReminderLog.objects.count():,} reminders already in the log", flush=True
    )
    # A worker loads the translation catalogues once at its first task; do it here so the timing is
    # the scan's own.
    with translation.override(settings.LANGUAGE_CODE):
        translation.gettext("Reply overdue: case %(code)s")
    rng = random.Random(15)
    floors: list[float] = []
    scans: list[float] = []
    reruns: list[float] = []
    phase_runs: list[dict[str, float]] = []
    rerun_phase_runs: list[dict[str, float]] = []
    written: dict[str, int] = {}
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for round_number in range(1, rounds + 1):
        order = ["floor", "scan"]
        rng.shuffle(order)
        for step in order:
            marks = high_water()
            if step == "floor":
                seconds, rows = floor_run()
                floors.append(seconds)
                written["floor rows"] = rows
            else:
                phases: dict[str, float] = {}
                seconds, result = scan_run(phases)
                scans.append(seconds)
                phase_runs.append(phases)
                written["notifications"] = Notification.objects.filter(
                    pk__gt=marks[_written_tables()[0]]
                ).count()
                written["supervisions"] = Supervision.objects.filter(
                    pk__gt=marks[_written_tables()[2]]
                ).count()
                written["marked"] = result.cleared + result.marked_overdue + result.marked_very_overdue
                written.update({f"sent {k}": v for k, v in result.sent.items()})
                rerun_phases: dict[str, float] = {}
                rerun_seconds, rerun = scan_run(rerun_phases)
                reruns.append(rerun_seconds)
                rerun_phase_runs.append(rerun_phases)
                assert all(v == 0 for v in rerun.sent.values()), rerun.sent
            undo(marks)
        print(f"  round {round_number}: floor {floors[-1]:.2f} s, scan {scans[-1]:.2f} s", flush=True)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    floor = median(floors)
    print()
    print(f"overdue scan over {n:,} open assignments, today {TODAY}; median of {rounds} rounds")
    print(f"  machine: {machine_details()}")
    print(f"  floor: marking UPDATE + one INSERT ... SELECT of log and notification rows {floor:8.2f} s")
    scan = median(scans)
    print(f"  scan total                                   {scan:8.2f} s   {ratio(scan, floor)} the floor")
    for name in phase_runs[0]:
        print(f"    {name:<43}{median([p[name] for p in phase_runs]):8.2f} s")
    print(f"  rerun, nothing owed                          {median(reruns):8.2f} s")
    for name in rerun_phase_runs[0]:
        print(f"    {name:<43}{median([p[name] for p in rerun_phase_runs]):8.2f} s")
    print("  written per run: " + ", ".join(f"{k} {v:,}" for k, v in written.items()))
    every = "; ".join(f"floor {f:.2f} s, scan {s:.2f} s" for f, s in zip(floors, scans, strict=True))
    print(f"  every round: {every}")
    print(f"  peak memory (max RSS) before the rounds {rss_before >> 10} MiB, after {rss_after >> 10} MiB")


if __name__ == "__main__":
    main()
