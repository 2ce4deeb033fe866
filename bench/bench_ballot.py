"""Benchmark: 500 deputies vote electronically at the same time in one ballot.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/congress .venv/bin/python bench/bench_ballot.py

It creates its own database (``bench_ballot``, dropped at the end; ``--keep`` keeps it), migrates
it, sets up a municipal term with 500 active deputies and a ballot of 13 candidates for 10 seats,
then lets the deputies vote from a pool of threads, each vote a real transaction on its own
connection. Every deputy submits twice at once (a double click on two devices) to show the
(ballot, deputy) constraint lets exactly one through. It prints the wall-clock time and checks that
every deputy was counted exactly once: 500 attendance rows, 500 papers, marks equal to the sum of
what was sent, and the count after closing matches.

PostgreSQL allows 100 connections by default, so the pool is 40 threads (``--threads``).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--deputies", type=int, default=500)
    parser.add_argument("--threads", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    os.environ["DJANGO_SETTINGS_MODULE"] = "congress.settings.test"
    os.environ["TEST_DB_NAME"] = "bench_ballot"
    import django

    django.setup()
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    print("creating and migrating the benchmark database bench_ballot …")
    old = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        run(args.deputies, args.threads, connections)
    finally:
        connections.close_all()
        if not args.keep:
            teardown_databases(old, verbosity=0)


def run(n_deputies: int, n_threads: int, connections: Any) -> None:
    from congress.errors import DomainError
    from congress.models import Area, HandlingUnit, Term
    from deputies.models import Deputy
    from votes import services
    from votes.models import Ballot, BallotAttendance, BallotPaper, Candidate, Cycle, PaperMark

    city = Area.objects.create(name="示范市", code="6201", level=1)
    term = Term.objects.create(
        level="municipal",
        number=17,
        name="示范市第十七届人民代表大会",
        area=city,
        starts_on=datetime.date(2022, 1, 8),
        ends_on=datetime.date(2027, 1, 7),
        is_current=True,
    )
    Deputy.objects.bulk_create(
        Deputy(
            name=f"代表{i:03d}",
            slug=f"bench{i:04d}",
            gender="female",
            birth_year=1975,
            party="cpc",
            education="bachelor",
            occupation="professional",
            work_unit="示范单位",
            level="municipal",
            term=term,
            constituency="示范选举单位",
        )
        for i in range(n_deputies)
    )
    unit = HandlingUnit.objects.create(name="示范市住房和城乡建设局", kind="department")
    cycle = Cycle.objects.create(
        year=2026,
        term=term,
        title="2026年度示范市民生实事项目",
        phase="ballot",
        seats=10,
        chairpersons_approved_on=datetime.date(2025, 12, 25),
        committee_approved_on=datetime.date(2025, 12, 28),
    )
    candidates = [
        Candidate.objects.create(
            cycle=cycle,
            number=i,
            title=f"候选项目{i}",
            content="内容",
            target_quantity=Decimal(10),
            target_unit="个",
            budget=Decimal(100),
            funding_source="市级财政",
            responsible_leader="副市长",
            lead_unit=unit,
            deadline=datetime.date(2026, 12, 31),
        )
        for i in range(1, 14)
    ]
    ballot = services.ballot_create(
        cycle=cycle, candidates=candidates, held_on=datetime.date(2026, 1, 12), mode="electronic"
    )
    services.ballot_transition(ballot=ballot, to="open")
    deputies = list(Deputy.objects.order_by("pk"))
    rng = random.Random(2026)
    choices = {d.pk: rng.sample([c.pk for c in candidates], k=rng.randint(0, 10)) for d in deputies}
    expected_marks = sum(len(v) for v in choices.values())
    lock = threading.Lock()
    outcome = {"ok": 0, "refused": 0, "error": 0}

    def vote(deputy: Deputy) -> None:
        try:
            services.vote_cast(ballot=ballot, deputy=deputy, marks=dict.fromkeys(choices[deputy.pk], "for"))
            key = "ok"
        except DomainError:
            key = "refused"
        except Exception as exc:  # report, do not hide
            print("error:", exc)
            key = "error"
        finally:
            connections.close_all()
        with lock:
            outcome[key] += 1

    jobs = [d for d in deputies for _twice in range(2)]
    rng.shuffle(jobs)
    print(f"{n_deputies} deputies, each submitting twice, {n_threads} threads …")
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=n_threads) as pool:
        list(pool.map(vote, jobs))
    elapsed = time.perf_counter() - started
    attendance = BallotAttendance.objects.filter(ballot=ballot).count()
    papers = BallotPaper.objects.filter(ballot=ballot).count()
    marks = PaperMark.objects.filter(paper__ballot=ballot).count()
    services.ballot_transition(ballot=ballot, to="closed")
    counted = services.ballot_transition(ballot=ballot, to="counted")
    votes_total = sum(e.votes or 0 for e in counted.entries.all())
    print(f"{len(jobs)} submissions in {elapsed:.2f} s ({len(jobs) / elapsed:.0f} per second)")
    print(
        f"accepted {outcome['ok']}, refused as second submission {outcome['refused']}, "
        f"errors {outcome['error']}"
    )
    print(
        f"attendance rows {attendance}, papers {papers}, marks {marks} (sent {expected_marks}), "
        f"counted votes {votes_total}"
    )
    ok = (
        outcome["ok"] == n_deputies
        and outcome["refused"] == n_deputies
        and outcome["error"] == 0
        and attendance == papers == counted.cast_count == n_deputies
        and marks == expected_marks == votes_total
        and counted.status == Ballot.Status.COUNTED
    )
    print("every vote was counted exactly once" if ok else "MISMATCH: some vote was lost or counted twice")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
