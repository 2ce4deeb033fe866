"""Load: 200 concurrent citizens submitting opinions through the public web form for 60 s.

    .venv/bin/python bench/load_submissions.py [--clients 200] [--seconds 60] [--workers 4]

Starts its own PostgreSQL (embedded, in a temporary folder) and Redis (a free loopback port),
gunicorn with the benchmark settings (production middleware; the CAPTCHA answered through the test
settings' hook, which production forces off), then lets each simulated citizen open the form once
(for the CSRF cookie) and submit again and again until the time is up. Prints requests per second,
p50/p95/p99 latency, errors by kind, and checks that there was no 5xx and that the rows in the
database equal the successful responses. Traffic goes to 127.0.0.1 only; every loop is bounded.
"""

from __future__ import annotations

import argparse
import http.client
import re
import threading
import time
from collections import Counter
from urllib.parse import urlencode

from security_stack import Stack, percentile


def citizen(
    n: int, port: int, street: int, category: int, deadline: float, out: list, counts: Counter, lock
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", "/submit/")
        page = conn.getresponse()
        html = page.read().decode()
        cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie") or "")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    except OSError as error:
        with lock:
            counts[f"connect error {type(error).__name__}"] += 1
        return
    finally:
        conn.close()
    if not (cookie and token):
        with lock:
            counts["no csrf token"] += 1
        return
    sent = 0
    while time.monotonic() < deadline:
        body = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "category": category,
                "area": street,
                "title": f"压测意见{n}-{sent}",
                "text": "小区门口的路灯坏了，晚上出行很不方便，请尽快维修。",
                "submitter_mobile": f"139{n:04d}{sent % 10000:04d}",
                "consent_privacy": "on",
                "captcha_0": "bench",
                "captcha_1": "PASSED",
            }
        )
        started = time.monotonic()
        status: int | str
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request(
                "POST",
                "/submit/",
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={cookie.group(1)}",
                    "Referer": f"http://127.0.0.1:{port}/submit/",
                },
            )
            response = conn.getresponse()
            response.read()
            status = response.status
        except OSError as error:
            status = f"error {type(error).__name__}"
        finally:
            conn.close()
        elapsed = time.monotonic() - started
        with lock:
            out.append(elapsed)
            counts[status] += 1
        sent += 1


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = parser.parse_args()
    stack = Stack(web_workers=args.workers).start()
    try:
        street, category = stack.area_and_category()
        latencies: list[float] = []
        counts: Counter = Counter()
        lock = threading.Lock()
        started = time.monotonic()
        deadline = started + args.seconds
        threads = [
            threading.Thread(
                target=citizen, args=(n, stack.web_port, street, category, deadline, latencies, counts, lock)
            )
            for n in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 120)
        wall = time.monotonic() - started
        rows = int(
            stack.shell(
                "from suggestions.models import Suggestion; print(Suggestion.objects.count())"
            ).split()[-1]
        )
        successes = counts.get(302, 0)
        fives = sum(v for k, v in counts.items() if isinstance(k, int) and k >= 500)
        print()
        print(f"clients {args.clients}, {args.seconds:.0f} s, gunicorn workers {args.workers}")
        print(f"requests {len(latencies)}  ({len(latencies) / wall:.1f} req/s over {wall:.1f} s)")
        print(
            f"latency p50 {percentile(latencies, 0.50) * 1000:.0f} ms"
            f"  p95 {percentile(latencies, 0.95) * 1000:.0f} ms"
            f"  p99 {percentile(latencies, 0.99) * 1000:.0f} ms"
        )
        print("responses " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=str)))
        print(f"5xx {fives}; rows in the database {rows}; successful submissions {successes}")
        print("HELD" if fives == 0 and rows == successes else "FAILED")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
