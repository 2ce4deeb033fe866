"""Fault: Redis (broker and cache) stopped while citizens submit.

    .venv/bin/python bench/fault_redis_outage.py [--clients 10] [--phase-seconds 10]

Own PostgreSQL, own Redis, gunicorn and a Celery worker. Citizens submit for three phases: Redis up,
Redis stopped, Redis back. Prints the submissions per phase and their outcome (every one must be
saved: the rate limits fail open, the receipt waits in the outbox), then how many receipts were
pending when Redis returned and that, after the outbox flush, every receipt went out exactly once
(the benchmark's SMS backend writes a line per message sent).
"""

from __future__ import annotations

import argparse
import threading
import time
from collections import Counter

from load_submissions import citizen
from security_stack import Stack, percentile


def phase(
    stack: Stack, name: str, clients: int, seconds: float, street: int, category: int, offset: int
) -> int:
    latencies: list[float] = []
    counts: Counter = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=citizen,
            args=(offset + n, stack.web_port, street, category, deadline, latencies, counts, lock),
        )
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    print(
        f"{name:<14} {len(latencies):>5} submissions, p95 {percentile(latencies, 0.95) * 1000:.0f} ms, "
        + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=str))
    )
    return counts.get(302, 0)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--phase-seconds", type=float, default=10.0)
    args = parser.parse_args()
    stack = Stack(worker=True, web_workers=2).start()
    try:
        street, category = stack.area_and_category()
        ok = phase(stack, "redis up", args.clients, args.phase_seconds, street, category, 0)
        stack.redis_stop()
        ok += phase(stack, "redis stopped", args.clients, args.phase_seconds, street, category, 1000)
        pending = stack.shell(
            "from congress.notifications.models import Notification as N\n"
            "print(N.objects.filter(kind='suggestion.received', status='pending').count())"
        ).split()[-1]
        stack.redis_start()
        ok += phase(stack, "redis back", args.clients, args.phase_seconds, street, category, 2000)
        # The periodic flush (beat every minute in production) delivers what waited in the outbox.
        stack.shell("from congress.notifications.tasks import flush_outbox; flush_outbox.delay()")
        time.sleep(5)
        for _ in range(60):
            left = stack.shell(
                "from congress.notifications.models import Notification as N\n"
                "print(N.objects.filter(kind='suggestion.received', status='pending').count())"
            ).split()[-1]
            if left == "0":
                break
            stack.shell("from congress.notifications.services import outbox_flush; outbox_flush()")
        rows = stack.shell(
            "from suggestions.models import Suggestion\n"
            "from congress.notifications.models import Notification as N\n"
            "receipts = N.objects.filter(kind='suggestion.received')\n"
            "print(Suggestion.objects.count(), receipts.filter(status='sent').count(),"
            " receipts.exclude(attempts=1).exclude(status='pending').count())"
        ).split()[-3:]
        lines = stack.sms_file.read_text(encoding="utf-8").splitlines() if stack.sms_file.exists() else []
        per_message = Counter(lines)
        print()
        print(f"successful submissions {ok}; rows {rows[0]}; receipts pending when Redis returned {pending}")
        print(
            f"receipts sent {rows[1]}; SMS lines {len(lines)}; "
            f"sent more than once {sum(1 for v in per_message.values() if v > 1)}"
        )
        held = (
            int(rows[0]) == ok
            and int(rows[1]) == ok == len(lines)
            and max(per_message.values(), default=1) == 1
        )
        print("HELD" if held else "FAILED")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
