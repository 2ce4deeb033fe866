"""The core's periodic tasks, stored in django-celery-beat so staff can see and change them."""

from __future__ import annotations

from django_celery_beat.models import IntervalSchedule, PeriodicTask


def ensure_periodic_tasks() -> None:
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.MINUTES)
    PeriodicTask.objects.get_or_create(
        name="Worker heartbeat",
        defaults={"task": "congress.tasks.worker_heartbeat", "interval": every_minute},
    )
    PeriodicTask.objects.get_or_create(
        name="Deliver pending notifications",
        defaults={"task": "congress.notifications.flush_outbox", "interval": every_minute},
    )
