"""Liveness of the two services every process depends on: PostgreSQL and the Celery broker."""

from __future__ import annotations

from pathlib import Path

import redis
from django.conf import settings
from django.db import connection


def database_status() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"
    return True, "ok"


def broker_status() -> tuple[bool, str]:
    url: str = settings.CELERY_BROKER_URL
    try:
        if url.startswith(("redis://", "rediss://")):
            client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
            client.ping()
        elif url.startswith("filesystem://"):
            folder = Path(str(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]))
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / ".healthz"
            probe.write_text("ok")
            probe.unlink()
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
