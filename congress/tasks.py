"""Core periodic tasks."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .models import WorkerHeartbeat


@shared_task(name="congress.tasks.worker_heartbeat", time_limit=30, soft_time_limit=25, ignore_result=True)
def worker_heartbeat(worker: str = "celery") -> None:
    """Record that a worker is alive; /healthz and the admin show when it last beat."""
    WorkerHeartbeat.objects.update_or_create(name=worker, defaults={"last_seen": timezone.now()})
