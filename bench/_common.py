"""Shared helpers of the benchmark scripts: their own database, medians of several runs, the machine's
details, and a small HTTP load generator for the scripts that drive a real gunicorn.

Every script prints its figures next to a floor measured in the same run (this machine is shared and
noisy: relative figures mean more than absolute ones). None of them is a test: they print, they do
not assert speed.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Benchmarks use their own ports and databases (never the developer's portal or test database).
DEFAULT_PORT = int(os.environ.get("BENCH_PORT", "8140"))


def setup_django(database: str, settings: str = "congress.settings.test") -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    os.environ["TEST_DB_NAME"] = database
    import django

    django.setup()


@contextlib.contextmanager
def bench_database(name: str, *, keep: bool = False, reuse: bool = False) -> Iterator[None]:
    """Create (or with ``reuse`` keep using) and migrate the database ``name`` on the server of
    ``DATABASE_URL``; drop it at the end unless ``keep``."""
    setup_django(name)
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    print(f"database {name}: {'reusing' if reuse else 'creating'} and migrating …", flush=True)
    # No serialisation of the contents (that is for TransactionTestCase): a kept database holds millions.
    old = setup_databases(verbosity=0, interactive=False, keepdb=reuse, serialized_aliases=set())
    try:
        yield
    finally:
        connections.close_all()
        if not keep:
            teardown_databases(old, verbosity=0)


def machine_details() -> str:
    """One line about the machine and its load: the figures depend on both."""
    cpu = platform.processor() or ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    pg = ""
    with contextlib.suppress(Exception):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            pg = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory}, Python {platform.python_version()}, {pg}, "
        f"load average {load}"
    )


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def ratio(value: float, floor: float) -> str:
    return f"{value / floor:5.2f}×" if floor > 0 else "  n/a"


# -- HTTP load -------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    label: str
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index]

    @property
    def ok(self) -> int:
        return sum(n for status, n in self.statuses.items() if status < 400)

    def line(self) -> str:
        bad = {s: n for s, n in self.statuses.items() if s >= 400}
        extra = f"  non-2xx/3xx {bad}" if bad else ""
        if self.errors:
            extra += f"  connection errors {self.errors}"
        return (
            f"{self.rps:8.1f} req/s  p50 {self.percentile(50) * 1000:6.1f} ms  "
            f"p95 {self.percentile(95) * 1000:6.1f} ms  ({self.count} requests){extra}"
        )


Request = Callable[[int, int], tuple[str, str, bytes | None, dict[str, str]]]


def get(path: str) -> Request:
    def make(client: int, n: int) -> tuple[str, str, bytes | None, dict[str, str]]:
        return "GET", path, None, {}

    return make


def load(
    base_url: str,
    request: Request,
    *,
    clients: int,
    seconds: float,
    label: str = "",
    max_requests: int = 200_000,
    warmup: int = 0,
) -> LoadResult:
    """``clients`` threads, each with its own keep-alive connection, send requests back to back for
    ``seconds`` (bounded by ``max_requests`` in all); latency is per request, wall clock."""
    parsed = urllib.parse.urlsplit(base_url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 80
    result = LoadResult(label=label, clients=clients, seconds=seconds)
    lock = threading.Lock()
    budget = [max_requests]
    stop_at = [0.0]
    ready = threading.Barrier(clients + 1)

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        errors = 0
        n = 0
        for _ in range(warmup):
            method, path, body, headers = request(index, -1)
            with contextlib.suppress(Exception):
                connection.request(method, path, body=body, headers=headers)
                connection.getresponse().read()
        ready.wait()
        while time.perf_counter() < stop_at[0]:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            method, path, body, headers = request(index, n)
            n += 1
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except Exception:
                errors += 1
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
                continue
            latencies.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
        connection.close()
        with lock:
            result.latencies.extend(latencies)
            result.errors += errors
            for status, count in statuses.items():
                result.statuses[status] = result.statuses.get(status, 0) + count

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    stop_at[0] = time.perf_counter() + 3600
    ready.wait()
    started = time.perf_counter()
    stop_at[0] = started + seconds
    for thread in threads:
        thread.join(seconds + 60)
    result.seconds = time.perf_counter() - started
    return result


def settle(base_url: str, *, quiet_ms: float = 50.0, limit: float = 90.0) -> float:
    """Wait until the server answers ``/healthz/live`` within ``quiet_ms`` (requests of clients that
    timed out are still being served), at most ``limit`` seconds; returns the seconds waited."""
    parsed = urllib.parse.urlsplit(base_url)
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        try:
            connection = http.client.HTTPConnection(
                parsed.hostname or "127.0.0.1", parsed.port, timeout=limit
            )
            begin = time.perf_counter()
            connection.request("GET", "/healthz/live")
            connection.getresponse().read()
            connection.close()
            if (time.perf_counter() - begin) * 1000 < quiet_ms:
                break
        except OSError:
            pass
        time.sleep(0.5)
    return time.perf_counter() - started


@contextlib.contextmanager
def gunicorn(
    *, port: int, workers: int, env: dict[str, str], threads: int = 1, log: Path | None = None
) -> Iterator[str]:
    """Start gunicorn for ``congress.wsgi`` on 127.0.0.1:``port`` and stop it (only it) at the end."""
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--config",
        "python:congress.gunicorn_conf",
        "congress.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--graceful-timeout",
        "5",
        "--timeout",
        "60",
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
    ]
    output = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/healthz/live")
                connection.getresponse().read()
                connection.close()
                break
            except OSError:
                if process.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"gunicorn did not start on port {port}") from None
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        if log:
            output.close()  # type: ignore[union-attr]
