"""Benchmark: the daily overdue scan over 1,000,000 open assignments.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/congress .venv/bin/python bench/bench_overdue_scan.py

It creates its own database (``bench_overdue``, dropped at the end; ``--keep`` keeps it), migrates it,
and fills it with SQL (``generate_series``): 200 handling units with two officers each (one the head),
three committee-staff users, a leader supervising every 100th item, 1,000,000 suggestions and one
active lead assignment each, due dates spread evenly from 60 days before to 120 days after "today"
(Wednesday 25 November 2026).

The database is first brought to the state yesterday's scan left (levels marked, every reminder owed
until yesterday in the reminder log), so the timed run does what a real day does: mark the day's
changes and send the day's new due-soon, overdue and very-overdue reminders (supervision cases
included). In the same run it times the floor — one SQL ``UPDATE`` that does the same marking, rolled
back — and a rerun of the scan (which must send nothing). Peak memory is the process's maximum
resident set size (``resource.getrusage``).
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = datetime.date(2026, 11, 25)
YESTERDAY = TODAY - datetime.timedelta(days=1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    os.environ["DJANGO_SETTINGS_MODULE"] = "congress.settings.test"
    os.environ["TEST_DB_NAME"] = "bench_overdue"
    import django

    django.setup()
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    print("creating and migrating the benchmark database bench_overdue …", flush=True)
    old = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        run(args.items)
    finally:
        connections.close_all()
        if not args.keep:
            teardown_databases(old, verbosity=0)


def _insert_select(model: Any, overrides: dict[str, str], source: str) -> tuple[str, list[Any]]:
    """``INSERT INTO <table> (every column) SELECT <expr per column> <source>``: defaults of the model
    for columns not overridden, NULL for nullable ones."""
    from django.db import connection

    columns: list[str] = []
    expressions: list[str] = []
    params: list[Any] = []
    for field in model._meta.concrete_fields:
        if field.primary_key:
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
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(expressions)} {source}"
    )
    return sql, params


def fill(n: int) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from congress import roles
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
    with connection.cursor() as cursor:
        sql, params = _insert_select(
            Suggestion,
            {
                "code": "'B' || lpad(g::text, 9, '0')",
                "status": "'assigned'",
                "title": "'路灯损坏' || g",
                "text": "'东岗西路与天水路交叉口的路灯已经坏了两个星期。'",
                "is_key": "(g %% 100 = 0)",
                "supervising_leader": f"CASE WHEN g %% 100 = 0 THEN {leader.pk} END",
                "submitted_at": "now()",
            },
            f"FROM generate_series(1, {int(n)}) AS g",
        )
        cursor.execute(sql, params)
        sql, params = _insert_select(
            Assignment,
            {
                "suggestion": "s.id",
                "unit": f"(%s::bigint[])[1 + s.id %% {len(unit_ids)}]",
                "role": "'lead'",
                "status": "'active'",
                "due_date": f"DATE '{TODAY.isoformat()}' + ((s.id %% 181)::int - 60)",
                "assigned_at": "now()",
            },
            f"FROM {Suggestion._meta.db_table} s",
        )
        cursor.execute(sql, [unit_ids, *params])
        cursor.execute(f"VACUUM ANALYZE {Suggestion._meta.db_table}")
        cursor.execute(f"VACUUM ANALYZE {Assignment._meta.db_table}")
    return {"fill_seconds": time.perf_counter() - started}


def yesterdays_state() -> None:
    """Levels as of yesterday, and every reminder owed until yesterday already in the log."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from congress.notifications.models import ReminderLog
    from suggestions import reminders
    from suggestions.models import Assignment

    window = reminders.Window.on(YESTERDAY)
    ct = ContentType.objects.get_for_model(Assignment).pk
    table = Assignment._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        reminders.overdue_mark(window=window)
        for kind, condition, value in (
            (reminders.KIND_DUE_SOON, "a.due_date <= %s", window.due_soon_until),
            (reminders.KIND_OVERDUE, "a.due_date < %s", window.today),
            (reminders.KIND_VERY_OVERDUE, "a.due_date < %s", window.very_overdue_before),
        ):
            cursor.execute(
                f"INSERT INTO {ReminderLog._meta.db_table} "
                "(content_type_id, object_id, kind, stage, created_at) "
                f"SELECT %s, a.id, %s, a.due_date::text, now() FROM {table} a "
                f"WHERE a.status = 'active' AND {condition}",
                [ct, kind, value],
            )
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute(f"VACUUM ANALYZE {ReminderLog._meta.db_table}")


def floor_update() -> tuple[float, int]:
    """The same marking as one UPDATE, timed and rolled back."""
    from django.db import connection, transaction

    from suggestions import reminders
    from suggestions.models import Assignment

    window = reminders.Window.on(TODAY)
    level = "CASE WHEN due_date < %s THEN 2 WHEN due_date < %s THEN 1 ELSE 0 END"
    sql = (
        f"UPDATE {Assignment._meta.db_table} SET overdue_level = {level} "
        f"WHERE status = 'active' AND overdue_level <> {level}"
    )
    params = [window.very_overdue_before, window.today] * 2
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.rowcount
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed, rows


def run(n: int) -> None:
    from django.db import connection

    from congress.notifications.models import Notification, ReminderLog
    from suggestions import reminders
    from suggestions.models import Supervision

    print(f"filling {n:,} suggestions and open assignments with generate_series …", flush=True)
    filled = fill(n)
    print(f"  filled in {filled['fill_seconds']:.1f} s", flush=True)
    yesterdays_state()
    print(
        f"state as of {YESTERDAY}: {ReminderLog.objects.count():,} reminders already in the log", flush=True
    )

    floor_seconds, floor_rows = floor_update()

    phases: dict[str, float] = {}
    real_mark = reminders.overdue_mark
    real_batches = reminders._run_batches

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

    # A worker loads the translation catalogues once at its first task; do it here so the timing is
    # the scan's own.
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        translation.gettext("Reply overdue: case %(code)s")
    reminders.overdue_mark = timed_mark
    reminders._run_batches = timed_batches
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = reminders.overdue_scan(today=TODAY)
    scan_seconds = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    notifications = Notification.objects.count()
    supervisions = Supervision.objects.count()

    first_phases = dict(phases)
    phases.clear()
    started = time.perf_counter()
    rerun = reminders.overdue_scan(today=TODAY)
    rerun_seconds = time.perf_counter() - started
    rerun_phases = dict(phases)

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        pg_version = cursor.fetchone()[0].split(",")[0]

    print()
    print(f"overdue scan over {n:,} open assignments, today {TODAY} ({pg_version})")
    print(
        f"  floor: one SQL UPDATE doing the same marking   {floor_seconds:8.2f} s   "
        f"({floor_rows:,} rows changed)"
    )
    print(
        f"  scan total                                      {scan_seconds:8.2f} s   "
        f"(marked {result.cleared + result.marked_overdue + result.marked_very_overdue:,} rows)"
    )
    for name, seconds in first_phases.items():
        sent = result.sent.get(name)
        extra = f"   ({sent:,} reminders)" if sent is not None else ""
        print(f"    {name:<46}{seconds:8.2f} s{extra}")
    print(f"  notifications written {notifications:,}, supervision cases opened {supervisions:,}")
    print(f"  rerun of the scan (must send nothing)           {rerun_seconds:8.2f} s   sent {rerun.sent}")
    for name, seconds in rerun_phases.items():
        print(f"    {name:<46}{seconds:8.2f} s")
    print(
        f"  peak memory (max RSS) before the scan {rss_before / 1024:.0f} MiB, "
        f"after {rss_after / 1024:.0f} MiB"
    )
    assert all(v == 0 for v in rerun.sent.values()), rerun.sent
    assert Notification.objects.count() == notifications


if __name__ == "__main__":
    main()
