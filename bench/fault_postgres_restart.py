"""Fault: PostgreSQL restarted under load.

    .venv/bin/python bench/fault_postgres_restart.py [--clients 20] [--down-seconds 5]

Own PostgreSQL, own Redis, gunicorn. Clients request the home page, the readiness check
``/healthz`` and the liveness check ``/healthz/live`` without pause;
after a few seconds the benchmark stops its PostgreSQL, keeps it down for ``--down-seconds``, and
starts it again. Prints, per second, the answers of ``/healthz`` (it must answer 503 while the
database is down, never hang or crash), how long after the restart the first 200 came, and whether
the portal recovered by itself (no web process restarted).
"""

from __future__ import annotations

import argparse
import http.client
import threading
import time
from collections import Counter, defaultdict

from security_stack import Stack

PATHS = ("/", "/healthz", "/healthz/live")


def client(port: int, path: str, deadline: float, log: list, lock: threading.Lock) -> None:
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            status: int | str = response.status
        except OSError as error:
            status = type(error).__name__
        finally:
            conn.close()
        with lock:
            log.append((started, path, status, time.monotonic() - started))
        time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--down-seconds", type=float, default=15.0)
    args = parser.parse_args()
    stack = Stack(web_workers=2).start()
    web_pid = stack.processes["web"].pid
    try:
        log: list = []
        lock = threading.Lock()
        t0 = time.monotonic()
        before, total = 4.0, 4.0 + args.down_seconds + 10.0
        deadline = t0 + total
        threads = [
            threading.Thread(target=client, args=(stack.web_port, PATHS[n % len(PATHS)], deadline, log, lock))
            for n in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        time.sleep(before)
        stack.pg_stop()
        stopped_at = time.monotonic()  # pg_ctl has waited until the server is gone
        time.sleep(args.down_seconds)
        restarting_at = time.monotonic()
        stack.pg_restart_server()
        started_at = time.monotonic()  # pg_ctl has waited until it accepts connections
        for thread in threads:
            thread.join(timeout=total + 60)
        by_second: dict[int, Counter] = defaultdict(Counter)
        for at, path, status, _elapsed in log:
            if path == "/healthz":
                by_second[int(at - t0)][status] += 1
        print()
        print(
            f"PostgreSQL down from {stopped_at - t0:.1f} s; "
            f"restarted {restarting_at - t0:.1f}–{started_at - t0:.1f} s"
        )
        for second in sorted(by_second):
            print(
                f"  {second:>3} s  /healthz "
                + ", ".join(f"{k}: {v}" for k, v in sorted(by_second[second].items(), key=str))
            )
        # Readiness is cached per process for HEALTHZ_CACHE_SECONDS (congress/health.py): a stale answer
        # may last that long after each change, and no longer.
        cache = float(
            stack.shell(
                "from django.conf import settings; print(getattr(settings, 'HEALTHZ_CACHE_SECONDS', 5.0))"
            ).split()[-1]
        )
        ready = [(at, s) for at, p, s, _e in log if p == "/healthz"]
        first_503 = next((at - stopped_at for at, s in sorted(ready) if at > stopped_at and s == 503), None)
        down = [s for at, s in ready if stopped_at + cache + 0.5 < at < restarting_at]
        after = sorted((at, s) for at, s in ready if at >= started_at)
        first_ok = next((at - started_at for at, s in after if s == 200), None)
        settled = [s for at, s in after if at > started_at + cache + 0.5]
        slow = max((e for at, p, s, e in log if p == "/healthz"), default=0.0)
        pages = Counter(s for at, p, s, _e in log if p == "/")
        live = Counter(s for at, p, s, _e in log if p == "/healthz/live" and stopped_at < at < restarting_at)
        print(
            f"readiness cached {cache:.0f} s per process; first 503 {first_503:.2f} s after the stop"
            if first_503 is not None
            else "no 503 while PostgreSQL was down"
        )
        print(
            f"/healthz from {cache:.0f} s after the stop to the restart: {dict(Counter(down))}; "
            f"slowest answer {slow * 1000:.0f} ms"
        )
        print(f"/healthz/live while down: {dict(live)}; home page over the run: {dict(pages)}")
        print(
            f"first 200 from /healthz {first_ok:.2f} s after PostgreSQL was back; "
            f"from {cache:.0f} s after: {dict(Counter(settled))}"
            if first_ok is not None
            else "no 200 after the restart"
        )
        same_web = stack.processes["web"].poll() is None and stack.processes["web"].pid == web_pid
        held = (
            bool(down)
            and all(s == 503 for s in down)
            and first_ok is not None
            and first_ok <= cache + 2
            and all(s == 200 for s in settled)
            and all(s == 200 for s in live.elements())
            and same_web
        )
        print("HELD" if held else "FAILED")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
