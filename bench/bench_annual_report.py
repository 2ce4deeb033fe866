"""Benchmark: the annual report over a year of 300,000 suggestions.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/congress .venv/bin/python bench/bench_annual_report.py

It creates its own database (``bench_annual``, dropped at the end; ``--keep`` keeps it), migrates it,
loads the demo city (areas, units, deputies, stations with two years of receptions, ballots) and then
inserts ``--items`` suggestions submitted in 2025 with the demo's bulk generator
(``suggestions.demo.bulk_year``: bulk inserts of items, dispatches, replies, ratings, reopened items
and supervision, in every state).

Timed, in the same run: the report end to end (every figure read through the apps' report
modules, then the PDF drawn), the figures alone, and the same headline aggregates written as plain
SQL — the floor the figure functions are compared against. Goal: the report in under 30 s.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
START, END = "2025-01-01 00:00+08", "2026-01-01 00:00+08"
LEAD = "FROM suggestions_assignment WHERE role = 'lead' AND status IN ('active', 'done')"
RAW_SQL = {
    "received by channel": "SELECT channel, count(*) FROM suggestions_suggestion"
    " WHERE submitted_at >= %(s)s AND submitted_at < %(e)s GROUP BY channel",
    "received by category": "SELECT coalesce(c.parent_id, c.id), count(*) FROM suggestions_suggestion s"
    " LEFT JOIN congress_category c ON c.id = s.category_id"
    " WHERE s.submitted_at >= %(s)s AND s.submitted_at < %(e)s GROUP BY 1",
    "received by district": "SELECT CASE a.level WHEN 2 THEN a.id WHEN 3 THEN a.parent_id"
    " ELSE p.parent_id END, count(*) FROM suggestions_suggestion s"
    " LEFT JOIN congress_area a ON a.id = s.area_id"
    " LEFT JOIN congress_area p ON p.id = a.parent_id"
    " WHERE s.submitted_at >= %(s)s AND s.submitted_at < %(e)s GROUP BY 1",
    "received by month": "SELECT date_trunc('month', submitted_at AT TIME ZONE 'Asia/Shanghai'), count(*)"
    " FROM suggestions_suggestion WHERE submitted_at >= %(s)s AND submitted_at < %(e)s GROUP BY 1",
    "triage outcomes": "SELECT status, count(*) FROM suggestions_suggestion"
    " WHERE submitted_at >= %(s)s AND submitted_at < %(e)s GROUP BY status",
    "handling and on-time rate": "SELECT count(*), count(*) FILTER (WHERE replied_at < %(e)s),"
    " count(*) FILTER (WHERE replied_at < %(e)s"
    " AND (replied_at AT TIME ZONE 'Asia/Shanghai')::date <= due_date)"
    f" {LEAD} AND assigned_at >= %(s)s AND assigned_at < %(e)s",
    "handling per unit": "SELECT unit_id, count(*), count(*) FILTER (WHERE replied_at < %(e)s)"
    f" {LEAD} AND assigned_at >= %(s)s AND assigned_at < %(e)s GROUP BY unit_id",
    "overdue at year end": f"SELECT count(*) {LEAD} AND assigned_at < %(e)s AND due_date <= '2025-12-31'"
    " AND (replied_at IS NULL OR replied_at >= %(e)s)",
    "outcome classes": "SELECT outcome, count(*) FROM suggestions_reply WHERE NOT is_follow_up"
    " AND replied_at >= %(s)s AND replied_at < %(e)s GROUP BY outcome",
    "satisfaction": "SELECT value, count(*) FROM suggestions_rating"
    " WHERE rated_at >= %(s)s AND rated_at < %(e)s GROUP BY value",
    "ratings per unit": "SELECT a.unit_id, count(*), count(DISTINCT r.suggestion_id)"
    " FROM suggestions_rating r"
    " JOIN suggestions_assignment a ON a.suggestion_id = r.suggestion_id AND a.role = 'lead'"
    " AND a.status IN ('active', 'done') AND a.round = r.round"
    " WHERE r.rated_at >= %(s)s AND r.rated_at < %(e)s GROUP BY a.unit_id",
    "reopened": "SELECT count(DISTINCT suggestion_id) FROM suggestions_suggestionevent"
    " WHERE to_state = 'reopened' AND at >= %(s)s AND at < %(e)s",
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=300_000)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    os.environ["DJANGO_SETTINGS_MODULE"] = "congress.settings.test"
    os.environ["TEST_DB_NAME"] = os.environ.get("BENCH_DB_NAME", "bench_annual")
    import django

    django.setup()
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    print(f"creating and migrating the benchmark database {os.environ['TEST_DB_NAME']} …", flush=True)
    old = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        run(args.items)
    finally:
        connections.close_all()
        if not args.keep:
            teardown_databases(old, verbosity=0)


def run(items: int) -> None:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from congress import demo as core_demo
    from congress.bodies import root_body
    from congress.models import Body
    from congress.reports.annual import annual_figures, annual_pdf
    from congress.reports.reads import Scope
    from deputies import demo as deputies_demo
    from stations import demo as stations_demo
    from suggestions import demo as suggestions_demo
    from votes import demo as votes_demo

    quiet = io.StringIO()
    started = time.perf_counter()
    for module in (core_demo, deputies_demo, stations_demo):
        with transaction.atomic():
            module.load(stdout=quiet)
    now = datetime.datetime(2026, 3, 1, 12, tzinfo=SHANGHAI)
    context = suggestions_demo._volume_context()
    with transaction.atomic():
        made = suggestions_demo.bulk_year(
            year=2025, count=items, rng=random.Random(2025), now=now, context=context
        )
        suggestions_demo.bulk_year(
            year=2024, count=items // 10, rng=random.Random(2024), now=now, context=context
        )
    with transaction.atomic():
        votes_demo.load(stdout=quiet)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute(
            "SELECT (SELECT count(*) FROM suggestions_suggestion),"
            " (SELECT count(*) FROM suggestions_assignment),"
            " (SELECT count(*) FROM suggestions_reply), (SELECT count(*) FROM suggestions_rating)"
        )
        counts = cursor.fetchone()
    print(
        f"built in {time.perf_counter() - started:.0f} s: {made:,} items of 2025 "
        f"(and {items // 10:,} of 2024); rows: {counts[0]:,} suggestions, {counts[1]:,} assignments, "
        f"{counts[2]:,} replies, {counts[3]:,} ratings",
        flush=True,
    )

    # The city's report, as its staff generate it: the whole network, with its districts side by side.
    city = Scope.of(root_body())
    annual_figures(2025, scope=city)  # warm the caches once, as a second run in production would be
    with CaptureQueriesContext(connection) as queries:
        t0 = time.perf_counter()
        figures = annual_figures(2025, scope=city)
        t1 = time.perf_counter()
    pdf = annual_pdf(figures)
    t2 = time.perf_counter()
    # A district's report (城关区: its own items, its street's and township's), figures only.
    district = Body.objects.filter(kind=Body.Kind.COUNTY).order_by("sort_order", "path").first()
    district_seconds = 0.0
    if district is not None:
        td = time.perf_counter()
        annual_figures(2025, scope=Scope.of(district))
        district_seconds = time.perf_counter() - td

    raw = {}
    with connection.cursor() as cursor:
        for name, sql in RAW_SQL.items():
            t = time.perf_counter()
            cursor.execute(sql, {"s": START, "e": END})
            cursor.fetchall()
            raw[name] = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print()
    print(f"annual report 2025, end to end        {t2 - t0:8.2f} s   (goal < 30 s)")
    print(f"  figures ({len(queries)} queries)              {t1 - t0:8.2f} s")
    print(f"  PDF ({len(pdf) / 1024:,.0f} KiB)                     {t2 - t1:8.2f} s")
    if district is not None:
        print(f"{district.name} figures              {district_seconds:8.2f} s")
    print(f"same headline aggregates as raw SQL   {sum(raw.values()):8.2f} s   ({len(raw)} statements)")
    for name, seconds in raw.items():
        print(f"  {name:<34}{seconds:8.3f} s")
    print(f"peak memory                          {peak:8.0f} MiB")


if __name__ == "__main__":
    main()
