"""Periodic tasks live in django-celery-beat so staff can see and change them in the admin.

Every app declares its tasks with ``periodic_task_ensure`` in an ``ensure_periodic_tasks()`` function
(in its ``schedules`` or ``reminders`` module); ``manage.py setup_schedules`` calls them all. A task
that exists is left as it is: a schedule staff changed or a task they disabled stays that way.
"""

from __future__ import annotations

from django.conf import settings
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask


def periodic_task_ensure(
    *,
    name: str,
    task: str,
    minute: str = "0",
    hour: str = "*",
    day_of_week: str = "*",
    day_of_month: str = "*",
    every_minutes: int | None = None,
    description: str = "",
) -> PeriodicTask:
    """Create the periodic task ``name`` once: every ``every_minutes`` minutes, or on the crontab
    given (local time, ``settings.TIME_ZONE``)."""
    existing = PeriodicTask.objects.filter(name=name).first()
    if existing is not None:
        return existing
    defaults: dict[str, object] = {"task": task, "description": description}
    if every_minutes is not None:
        defaults["interval"], _ = IntervalSchedule.objects.get_or_create(
            every=every_minutes, period=IntervalSchedule.MINUTES
        )
    else:
        defaults["crontab"], _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week=day_of_week,
            day_of_month=day_of_month,
            month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
    task_row, _created = PeriodicTask.objects.get_or_create(name=name, defaults=defaults)
    return task_row


def ensure_periodic_tasks() -> None:
    periodic_task_ensure(name="Worker heartbeat", task="congress.tasks.worker_heartbeat", every_minutes=1)
    periodic_task_ensure(
        name="Deliver pending notifications", task="congress.notifications.flush_outbox", every_minutes=1
    )
