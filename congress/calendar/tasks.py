"""Periodic work of the calendar: the missing-year reminder (thin wrappers around services)."""

from __future__ import annotations

import json

from celery import shared_task

from . import services

TASK_NAME = "congress.calendar.tasks.check_next_year_calendar"
PERIODIC_TASK_NAME = "workcalendar: check next year's holiday calendar"


@shared_task(name=TASK_NAME, time_limit=300, soft_time_limit=240, ignore_result=True)
def check_next_year_calendar() -> list[int]:
    """Daily: load a missing year from chinesecalendar when the package knows it; otherwise, from
    1 November for next year, keep an admin notice and email staff weekly. Safe to run any time."""
    return services.calendar_check_missing_years()


def ensure_periodic_tasks() -> None:
    """Create or update the django-celery-beat schedule: every day at 08:30 Asia/Shanghai."""
    from django.conf import settings
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    schedule, _created = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="8",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    PeriodicTask.objects.update_or_create(
        name=PERIODIC_TASK_NAME,
        defaults={
            "task": TASK_NAME,
            "crontab": schedule,
            "interval": None,
            "args": json.dumps([]),
            "enabled": True,
            "description": "Reminds staff when next year's State Council holiday calendar is missing.",
        },
    )
