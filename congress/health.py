"""Health of a web process for the load balancer (docs/scaling.md).

* Liveness (``/healthz/live``): the process answers; no I/O at all, so it stays 200 under any load.
* Readiness (``/healthz``, also ``/healthz/ready``): PostgreSQL and the Celery broker answer. Each
  check has its own short timeout (``HEALTHZ_TIMEOUT_SECONDS``, default 1 s), and the result is kept
  for ``HEALTHZ_CACHE_SECONDS`` (default 5 s) per process, computed by one request at a time: a
  load balancer polling every second, or a crowd of clients, costs one probe per process per period,
  never a probe per request.

The filesystem broker (development) is probed with a file of a unique name: before, every probe
wrote and deleted the same ``.healthz`` file, and two gunicorn workers deleted each other's, so a
healthy node answered 503 under load.
"""

from __future__ import annotations

import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis
from django.conf import settings
from django.db import connection, transaction


@dataclass(frozen=True)
class Readiness:
    database: tuple[bool, str]
    broker: tuple[bool, str]
    worker_last_seen: str | None
    checked_at: float

    @property
    def ok(self) -> bool:
        return self.database[0] and self.broker[0]

    def as_json(self) -> dict[str, Any]:
        return {
            "status": "ok" if self.ok else "error",
            "database": {"ok": self.database[0], "detail": self.database[1]},
            "broker": {"ok": self.broker[0], "detail": self.broker[1]},
            "worker_last_seen": self.worker_last_seen,
            "checked_seconds_ago": round(max(0.0, time.monotonic() - self.checked_at), 1),
        }


def _timeout() -> float:
    return float(getattr(settings, "HEALTHZ_TIMEOUT_SECONDS", 1.0))


def database_status() -> tuple[bool, str]:
    """``SELECT 1`` under a statement timeout of its own (a locked or overloaded server answers
    "not ready" within the timeout instead of holding the probe)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = %s", [f"{int(_timeout() * 1000)}ms"])
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"
    return True, "ok"


def broker_status() -> tuple[bool, str]:
    url: str = settings.CELERY_BROKER_URL
    try:
        if url.startswith(("redis://", "rediss://")):
            client = redis.Redis.from_url(url, socket_connect_timeout=_timeout(), socket_timeout=_timeout())
            try:
                client.ping()
            finally:
                client.close()
        elif url.startswith("filesystem://"):
            folder = Path(str(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]))
            folder.mkdir(parents=True, exist_ok=True)
            # A name of its own per probe: concurrent probes never touch each other's file.
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".healthz-", delete=True) as probe:
                probe.write(b"ok")
        elif not url.startswith("memory://"):
            return False, f"unsupported broker {url.split(':', 1)[0]}"
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"
    return True, "ok"


def worker_last_seen() -> str | None:
    from .models import WorkerHeartbeat

    try:
        beat = WorkerHeartbeat.objects.order_by("-last_seen").first()
    except Exception:
        return None
    return beat.last_seen.isoformat() if beat else None


_lock = threading.Lock()
_cached: Readiness | None = None


def readiness(*, fresh: bool = False) -> Readiness:
    """The readiness of this process, probed at most once per ``HEALTHZ_CACHE_SECONDS``; while one
    request probes, the others get the previous result (or wait for the first one)."""
    global _cached
    ttl = float(getattr(settings, "HEALTHZ_CACHE_SECONDS", 5.0))
    current = _cached
    if not fresh and current is not None and time.monotonic() - current.checked_at < ttl:
        return current
    if current is not None and not fresh and not _lock.acquire(blocking=False):
        return current  # another thread of this process is probing right now
    if current is None or fresh:
        _lock.acquire()
    try:
        current = _cached
        if not fresh and current is not None and time.monotonic() - current.checked_at < ttl:
            return current
        database = database_status()
        result = Readiness(
            database=database,
            broker=broker_status(),
            worker_last_seen=worker_last_seen() if database[0] else None,
            checked_at=time.monotonic(),
        )
        _cached = result
        return result
    finally:
        _lock.release()


def readiness_forget() -> None:
    """Drop the cached result (tests; a process that knows its state changed)."""
    global _cached
    with _lock:
        _cached = None
