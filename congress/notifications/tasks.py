from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="congress.notifications.deliver", time_limit=60, soft_time_limit=50, ignore_result=True)
def deliver_notification(notification_id: int) -> None:
    services.notification_deliver(notification_id=notification_id)


@shared_task(
    name="congress.notifications.flush_outbox", time_limit=300, soft_time_limit=280, ignore_result=True
)
def flush_outbox() -> int:
    """Deliver whatever is still pending (after a broker or worker outage, or a retry is due), in
    batches, stopping before the time limit; the next run carries on."""
    return services.outbox_flush(time_budget=240.0)


@shared_task(
    name="congress.notifications.deliver_many", time_limit=300, soft_time_limit=280, ignore_result=True
)
def deliver_notifications(notification_ids: list[int]) -> None:
    """Deliver a batch written by ``notify_many``; rows already sent or locked are skipped."""
    for pk in notification_ids:
        services.notification_deliver(notification_id=pk)


@shared_task(
    name="congress.notifications.sms_receipts", time_limit=170, soft_time_limit=160, ignore_result=True
)
def sms_receipts() -> int:
    """Collect the SMS provider's delivery reports (a CMPP gateway pushes them to a logged-in
    session; Tencent Cloud is pulled) and record them on the outbox rows."""
    return services.sms_receipts_collect()
