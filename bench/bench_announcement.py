"""Benchmark: the ballot result announcement (票决结果公告) PDF, laid out and served from the cache.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres TEST_REDIS_URL=redis://127.0.0.1:6379/12 \\
        .venv/bin/python bench/bench_announcement.py

It creates its own database (``bench_perf_announcement``, dropped at the end), publishes a ballot of
13 candidates for 10 seats with ``--deputies`` voters, and prints: the first layout in a fresh
process (WeasyPrint loads the CJK fonts), the median of ``--rounds`` further layouts in the same
process (the cache cleared each time), and the median of ``--rounds`` reads of the laid-out PDF from
the shared cache (what every reader after the first, or after the periodic warm-up, waits for);
the floor is one read of the published result's plain data, which every request does anyway.
"""

from __future__ import annotations

import argparse
import datetime

from _common import bench_database, machine_details, median, ratio, timed
from bench_ballot import new_cycle, setup

DATABASE = "bench_perf_announcement"


def publish(n_deputies: int) -> str:
    from votes import services

    term, unit, deputies = setup(n_deputies)
    cycle, candidates = new_cycle(term, unit, 2026)
    ballot = services.ballot_create(
        cycle=cycle, candidates=candidates, held_on=datetime.date(2026, 1, 12), mode="electronic"
    )
    ballot = services.ballot_transition(ballot=ballot, to="open")
    for i, deputy in enumerate(deputies):
        chosen = candidates[i % 3 : i % 3 + 10]
        services.vote_cast(ballot=ballot, deputy=deputy, marks={c.pk: "for" for c in chosen})
    for status in ("closed", "counted", "published"):
        ballot = services.ballot_transition(ballot=ballot, to=status)
    return str(ballot.slug)


def run(n_deputies: int, rounds: int) -> None:
    from django.core.cache import cache
    from django.utils import translation

    from congress.reports.ballot_announcement import announcement_pdf_bytes
    from votes.reports import published_ballot_result

    slug = publish(n_deputies)
    translation.activate("zh-hans")
    cache.clear()
    first, made = timed(lambda: announcement_pdf_bytes(slug))
    assert made is not None
    size = len(made[0])
    layouts = []
    for _ in range(rounds):
        cache.clear()
        seconds, _made = timed(lambda: announcement_pdf_bytes(slug))
        layouts.append(seconds)
    cached = [timed(lambda: announcement_pdf_bytes(slug))[0] for _ in range(rounds)]
    floor = [timed(lambda: published_ballot_result(slug))[0] for _ in range(rounds)]
    print(machine_details())
    print(f"ballot of 13 candidates, {n_deputies} voters; PDF {size / 1024:.0f} KiB")
    print(f"first layout in a fresh process   {first * 1000:9.1f} ms")
    print(f"layout, same process (median)     {median(layouts) * 1000:9.1f} ms")
    versus_floor = ratio(median(cached), median(floor))
    print(f"from the cache (median)           {median(cached) * 1000:9.1f} ms  {versus_floor}")
    print(f"floor: the result's data (median) {median(floor) * 1000:9.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--deputies", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database", default=DATABASE)
    args = parser.parse_args()
    with bench_database(args.database):
        run(args.deputies, args.rounds)


if __name__ == "__main__":
    main()
