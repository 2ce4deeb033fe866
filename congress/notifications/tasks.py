from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="congress.notifications.deliver", time_limit=60, soft_time_limit=50, ignore_result=True)
def deliver_notification(notification_id: int) -> None:
    services.notification_deliver(notification_id=notification_id)


@shared_task(
    name="congress.notifications.flush_outbox", time_limit=300, soft_time_limit=280, ignore_result=True
)
def flush_outbox() -> None:
    """Deliver whatever is still pending (after a broker or worker outage, or a retry is due)."""
    for pk in services.pending_due():
        services.notification_deliver(notification_id=pk)
