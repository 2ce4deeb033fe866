"""Benchmark: 500 deputies vote electronically at the same time in one ballot, beside a floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_ballot.py

It creates its own database (``bench_perf_ballot``, dropped at the end; ``--keep`` keeps it),
migrates it, sets up a municipal term with 500 active deputies and 13 candidates for 10 seats.
Each round opens a new ballot and lets the deputies vote from a pool of threads, each vote a real
transaction (``votes.services.vote_cast``); each thread keeps its connection, as a gunicorn worker
with persistent connections (``CONN_MAX_AGE``, 60 s by default) does — ``--connection-per-vote``
opens a new one for every submission instead. Every deputy submits twice at once (a double click
on two devices) to show the (ballot, deputy) constraint lets exactly one through. After each round
it checks that every deputy was counted exactly once: 500 attendance rows, 500 papers in the sealed
box and no paper row while the ballot is open, 500 papers after closing with marks equal to the sum
of what was sent, and the count matches. A vote hands the deputy's duty
score to a worker after its commit; the benchmark then runs those queued tasks one after the other,
as one worker process would, prints that time apart and checks every voter's score counts the
entry the vote wrote.

The floor, in the same round: the same 1,000 jobs on the same pool, each one ``INSERT`` of (ballot,
deputy) into a table with the same unique key, with the same connection handling. It prints the median of
``--rounds`` rounds (default 3) of both.

PostgreSQL allows 100 connections by default, so the pool is 40 threads (``--threads``).
"""

from __future__ import annotations

import argparse
import datetime
import random
import threading
import time
from decimal import Decimal
from typing import Any

from _common import bench_database, machine_details, median, ratio

DATABASE = "bench_perf_ballot"


def run_pool(jobs: list[Any], work: Any, n_threads: int, *, connection_per_job: bool) -> float:
    """Run ``work(job)`` for every job on ``n_threads`` threads. Each thread keeps its database
    connection, as a web worker with persistent connections (``CONN_MAX_AGE``) does, or with
    ``connection_per_job`` opens a new one per job; every connection is closed at the end."""
    from django.db import connections

    queue = list(jobs)
    lock = threading.Lock()

    def thread() -> None:
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    job = queue.pop()
                work(job)
                if connection_per_job:
                    connections.close_all()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=thread) for _ in range(n_threads)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--deputies", type=int, default=500)
    parser.add_argument("--threads", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--connection-per-vote",
        action="store_true",
        help="open a new database connection for every submission (CONN_MAX_AGE=0) instead of one per thread",
    )
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--database", default=DATABASE, help="the database to create and drop")
    args = parser.parse_args()
    with bench_database(args.database, keep=args.keep):
        run(args.deputies, args.threads, args.rounds, args.connection_per_vote)


def setup(n_deputies: int) -> tuple[Any, Any, list[Any]]:
    from congress.models import Area, HandlingUnit, Term
    from deputies.models import Deputy

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
    return term, unit, list(Deputy.objects.order_by("pk"))


def new_cycle(term: Any, unit: Any, year: int) -> tuple[Any, list[Any]]:
    """A cycle of its own per round (a cycle holds one selection ballot)."""
    from votes.models import Candidate, Cycle

    cycle = Cycle.objects.create(
        year=year,
        term=term,
        title=f"{year}年度示范市民生实事项目",
        phase="ballot",
        seats=10,
        chairpersons_approved_on=datetime.date(year - 1, 12, 25),
        committee_approved_on=datetime.date(year - 1, 12, 28),
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
            deadline=datetime.date(year, 12, 31),
        )
        for i in range(1, 14)
    ]
    return cycle, candidates


def vote_round(
    cycle: Any, candidates: list[Any], deputies: list[Any], n_threads: int, seed: int, per_job: bool
) -> dict[str, Any]:
    from congress.errors import DomainError
    from votes import services
    from votes.models import Ballot, BallotAttendance, BallotPaper, PaperMark
    from votes.selectors import sealed_paper_count

    ballot = services.ballot_create(
        cycle=cycle,
        candidates=candidates,
        held_on=datetime.date(cycle.year, 1, 12),
        mode="electronic",
    )
    services.ballot_transition(ballot=ballot, to="open")
    rng = random.Random(seed)
    choices = {d.pk: rng.sample([c.pk for c in candidates], k=rng.randint(0, 10)) for d in deputies}
    expected_marks = sum(len(v) for v in choices.values())
    lock = threading.Lock()
    outcome = {"ok": 0, "refused": 0, "error": 0}

    def vote(deputy: Any) -> None:
        try:
            services.vote_cast(ballot=ballot, deputy=deputy, marks=dict.fromkeys(choices[deputy.pk], "for"))
            key = "ok"
        except DomainError:
            key = "refused"
        except Exception as exc:  # report, do not hide
            print("error:", exc)
            key = "error"
        with lock:
            outcome[key] += 1

    jobs = [d for d in deputies for _twice in range(2)]
    rng.shuffle(jobs)
    elapsed = run_pool(jobs, vote, n_threads, connection_per_job=per_job)
    # What the vote hands to the worker after its commit: each voter's score of the year.
    started = time.perf_counter()
    tasks = drain_tasks()
    worker_seconds = time.perf_counter() - started
    scores_ok = _scores_follow_entries(deputies, ballot.held_on.year)
    attendance = BallotAttendance.objects.filter(ballot=ballot).count()
    # While the ballot is open the papers exist only in its sealed box (votes/seal.py): no paper row.
    sealed = sealed_paper_count(ballot)
    rows_while_open = BallotPaper.objects.filter(ballot=ballot).count()
    services.ballot_transition(ballot=ballot, to="closed")
    papers = BallotPaper.objects.filter(ballot=ballot).count()
    marks = PaperMark.objects.filter(paper__ballot=ballot).count()
    counted = services.ballot_transition(ballot=ballot, to="counted")
    votes_total = sum(e.votes or 0 for e in counted.entries.all())
    n = len(deputies)
    ok = (
        outcome["ok"] == n
        and outcome["refused"] == n
        and outcome["error"] == 0
        and attendance == sealed == papers == counted.cast_count == n
        and rows_while_open == 0
        and marks == expected_marks == votes_total
        and counted.status == Ballot.Status.COUNTED
        and tasks.get("deputies.recompute_score") == n
        and scores_ok
    )
    return {
        "seconds": elapsed,
        "worker_seconds": worker_seconds,
        "tasks": tasks,
        "ok": ok,
        "outcome": outcome,
        "jobs": len(jobs),
        "marks": marks,
    }


def drain_tasks() -> dict[str, int]:
    """Run, one after the other as one worker process would, the tasks the votes queued after their
    commits (the settings' in-memory broker lives in this process); returns how many of each."""
    from congress.celery import app

    ran: dict[str, int] = {}
    with app.connection_for_read() as connection:
        queue = connection.SimpleQueue(app.conf.task_default_queue, no_ack=True)
        while True:
            try:
                message = queue.get(block=False)
            except queue.Empty:
                break
            name = message.headers["task"]
            args, kwargs, _embed = message.payload
            app.tasks[name](*args, **kwargs)
            ran[name] = ran.get(name, 0) + 1
        queue.close()
    return ran


def _scores_follow_entries(deputies: list[Any], year: int) -> bool:
    """Every voter's stored score of the year counts the entries the votes wrote."""
    from deputies.models import DutyRecord, DutyScore

    entries = dict(
        DutyRecord.objects.filter(deputy__in=deputies, on__year=year)
        .values("deputy")
        .annotate(n=models_count("pk"))
        .values_list("deputy", "n")
    )
    scores = dict(DutyScore.objects.filter(deputy__in=deputies, year=year).values_list("deputy", "entries"))
    return len(scores) == len(deputies) and all(scores.get(d.pk) == entries.get(d.pk) for d in deputies)


def models_count(field: str) -> Any:
    from django.db.models import Count

    return Count(field)


def floor_round(deputies: list[Any], n_threads: int, ballot_number: int, per_job: bool) -> float:
    """The same jobs, each one INSERT of (ballot, deputy) under the same unique key."""
    from django.db import IntegrityError, connection, transaction

    jobs = [d.pk for d in deputies for _twice in range(2)]
    random.Random(ballot_number).shuffle(jobs)

    def insert(deputy_id: int) -> None:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO bench_vote_floor (ballot, deputy) VALUES (%s, %s)",
                    [ballot_number, deputy_id],
                )
        except IntegrityError:
            pass

    return run_pool(jobs, insert, n_threads, connection_per_job=per_job)


def run(n_deputies: int, n_threads: int, rounds: int, per_job: bool) -> None:
    from django.db import connection

    term, unit, deputies = setup(n_deputies)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_vote_floor (ballot int, deputy bigint, PRIMARY KEY (ballot, deputy))"
        )
    mode = "a new connection per submission" if per_job else "one connection per thread"
    print(f"{n_deputies} deputies, each submitting twice, {n_threads} threads ({mode}), {rounds} rounds …")
    votes: list[float] = []
    workers: list[float] = []
    floors: list[float] = []
    all_ok = True
    for number in range(1, rounds + 1):
        order = ["votes", "floor"] if number % 2 else ["floor", "votes"]
        for step in order:
            if step == "votes":
                cycle, candidates = new_cycle(term, unit, 2025 + number)
                result = vote_round(cycle, candidates, deputies, n_threads, number, per_job)
                votes.append(result["seconds"])
                workers.append(result["worker_seconds"])
                all_ok &= result["ok"]
                counted = "every vote counted once" if result["ok"] else f"MISMATCH {result['outcome']}"
            else:
                floors.append(floor_round(deputies, n_threads, number, per_job))
        print(
            f"  round {number}: votes {votes[-1]:.2f} s ({counted}), floor {floors[-1]:.2f} s, "
            f"then the worker's scores {workers[-1]:.2f} s",
            flush=True,
        )
    print()
    print(f"500 deputies voting concurrently, median of {rounds} rounds")
    print(f"  machine: {machine_details()}")
    floor = median(floors)
    print(f"  {'floor: one INSERT per submission, same threads':<50}{floor:7.2f} s")
    vote = median(votes)
    label = f"vote_cast, {2 * n_deputies} submissions"
    print(f"  {label:<50}{vote:7.2f} s   {ratio(vote, floor)} the floor")
    worker = median(workers)
    label = f"then on one worker: {n_deputies} scores recomputed"
    print(f"  {label:<50}{worker:7.2f} s   (after the commits; not waited for by the votes)")
    rate = 2 * n_deputies / vote
    print(f"  {rate:.0f} submissions per second; each vote counted once in every round: {all_ok}")
    if not all_ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
