"""Periodic tasks of the ballot cycle, stored in django-celery-beat so staff can see and change them."""

from __future__ import annotations

from django_celery_beat.models import CrontabSchedule, PeriodicTask


def ensure_periodic_tasks() -> None:
    morning, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="8", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.get_or_create(
        name="Remind units of overdue livelihood-project milestones",
        defaults={"task": "votes.remind_overdue_milestones", "crontab": morning},
    )
