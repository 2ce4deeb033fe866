"""Core periodic tasks."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .models import WorkerHeartbeat


@shared_task(name="congress.tasks.worker_heartbeat", time_limit=30, soft_time_limit=25, ignore_result=True)
def worker_heartbeat(worker: str = "celery") -> None:
    """Record that a worker is alive; /healthz and the admin show when it last beat."""
    WorkerHeartbeat.objects.update_or_create(name=worker, defaults={"last_seen": timezone.now()})


@shared_task(
    name="congress.tasks.audit_chain_verify", time_limit=3600, soft_time_limit=3500, ignore_result=True
)
def audit_chain_verify() -> None:
    """The nightly check of the audit chain (alerts the security and audit administrators on a break)."""
    from .audit_watch import audit_chain_check

    audit_chain_check()


@shared_task(
    name="congress.tasks.idempotency_keys_purge", time_limit=600, soft_time_limit=570, ignore_result=True
)
def idempotency_keys_purge() -> None:
    """The nightly purge of API idempotency keys that can no longer answer (congress.idempotency)."""
    from .idempotency import idempotency_keys_purge as purge

    purge()
