# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type"
"""Benchmark: what encrypting citizens' personal data (SM4-GCM, HMAC-SM3 blind index) costs a public
submission and a tracking lookup, beside the same work with the field encryption switched off, in one
run on one database (issue target: under 5 % more time).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/bench_field_crypto.py [-n 300] [--rounds 5]

It creates a database of its own (``bench_field_crypto``, the test runner's machinery: migrations
applied), runs the rounds and drops it. Each round times ``n`` submissions through the intake service
(``suggestion_submit``: validation, the row, its events, the audit event, the SMS receipt in the
outbox, the text index) and ``n`` tracking lookups (code and PIN checked, the item read back with its
personal data, as the tracking page does), each with encryption and without, alternating operation
by operation so that a warming cache or a neighbour's load on the shared machine falls on both.
"Without" swaps the cipher and the blind index for the identity inside this process only; there is
no switch for it in the portal. Printed: the median over the rounds of the mean time per operation of
each mode, and the difference.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


@contextmanager
def without_encryption() -> Iterator[None]:
    from congress import fieldcrypto

    saved = fieldcrypto.encrypt, fieldcrypto.decrypt, fieldcrypto.blind_index
    fieldcrypto.encrypt = lambda value, column: value
    fieldcrypto.decrypt = lambda value, column: value
    fieldcrypto.blind_index = lambda value, purpose: fieldcrypto.normalise(value, purpose)
    try:
        yield
    finally:
        fieldcrypto.encrypt, fieldcrypto.decrypt, fieldcrypto.blind_index = saved


def timed(work: Callable[[int], Any], n: int) -> float:
    started = time.perf_counter()
    for i in range(n):
        work(i)
    return (time.perf_counter() - started) / n


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=300, help="operations per mode and round (default 300)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds, each mode once per round (default 5)")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings.test")
    os.environ.setdefault("TEST_DB_NAME", "bench_field_crypto")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    print("creating the benchmark database (migrations) …", flush=True)
    created = setup_databases(verbosity=0, interactive=False)
    try:
        run(args.n, args.rounds)
    finally:
        connection.close()
        teardown_databases(created, verbosity=0)


def run(n: int, rounds: int) -> None:
    from suggestions import selectors, services
    from suggestions.models import Suggestion
    from tests.factories.core import CategoryFactory, StreetFactory

    category, street = CategoryFactory(code="bench", name="城市建设"), StreetFactory()
    made: dict[bool, list[tuple[str, str]]] = {True: [], False: []}

    def submit(encrypted: bool) -> Callable[[int], Any]:
        def one(i: int) -> None:
            done = services.suggestion_submit(
                submission=services.SubmissionInput(
                    channel="web",
                    title="路灯损坏",
                    text=f"东岗西路与天水路交叉口的路灯已经坏了两个星期，晚上行人很不安全，请尽快维修。第{i}号",
                    category=category,
                    area=street,
                    address=f"东岗西路{i}号附近",
                    submitter_name="王小明",
                    submitter_mobile=f"139{i % 100000000:08d}",
                    submitter_email="wang@example.cn",
                    consent_privacy=True,
                    consent_publish=False,
                )
            )
            made[encrypted].append((done.suggestion.code, done.pin))

        return one

    def track(encrypted: bool) -> Callable[[int], Any]:
        def one(i: int) -> None:
            code, pin = made[encrypted][i % len(made[encrypted])]
            found = selectors.suggestion_by_code_and_pin(code=code, pin=pin)
            assert found is not None
            item = Suggestion.objects.get(pk=found.pk)
            _ = (item.submitter_name, item.submitter_mobile, item.address)

        return one

    # Warm up both modes (first queries, caches, the text index's dictionaries) before timing.
    for encrypted in (True, False):
        with nullcontext() if encrypted else without_encryption():
            timed(submit(encrypted), 20)
            timed(track(encrypted), 20)
    figures: dict[tuple[str, bool], list[float]] = {}
    for round_no in range(rounds):
        for what, work in (("submission", submit), ("tracking lookup", track)):
            spent = {True: 0.0, False: 0.0}
            ops = {True: work(True), False: work(False)}
            for i in range(n):
                # Operation by operation, the two modes in turn (and the order flipped each time), so a
                # neighbour's load on the shared machine falls on both alike.
                for encrypted in (True, False) if i % 2 == 0 else (False, True):
                    with nullcontext() if encrypted else without_encryption():
                        started = time.perf_counter()
                        ops[encrypted](i)
                        spent[encrypted] += time.perf_counter() - started
            for encrypted in (True, False):
                figures.setdefault((what, encrypted), []).append(spent[encrypted] / n)
        print(f"round {round_no + 1}/{rounds} done", flush=True)
    print(f"\n{n} operations per mode and round, {rounds} rounds, median per operation:")
    for what in ("submission", "tracking lookup"):
        on = statistics.median(figures[(what, True)]) * 1000
        off = statistics.median(figures[(what, False)]) * 1000
        change = 100 * (on - off) / off
        print(f"  {what:16} encrypted {on:7.2f} ms   not encrypted {off:7.2f} ms   {change:+5.1f} %")


if __name__ == "__main__":
    main()
