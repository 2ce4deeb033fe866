"""Periodic tasks of the suggestions app (created by ``manage.py setup_schedules``)."""

from __future__ import annotations

from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask


def ensure_periodic_tasks() -> None:
    every_ten_minutes, _ = IntervalSchedule.objects.get_or_create(every=10, period=IntervalSchedule.MINUTES)
    PeriodicTask.objects.get_or_create(
        name="Suggestions: copy recomputed deadlines into assignments",
        defaults={"task": "suggestions.tasks.assignments_due_dates_sync", "interval": every_ten_minutes},
    )
    hourly, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.HOURS)
    PeriodicTask.objects.get_or_create(
        name="Suggestions: delete photos of abandoned submissions",
        defaults={"task": "suggestions.tasks.photo_stash_cleanup", "interval": hourly},
    )
    nightly, _ = CrontabSchedule.objects.get_or_create(minute="30", hour="3", timezone="Asia/Shanghai")
    PeriodicTask.objects.get_or_create(
        name="Suggestions: anonymise cases past the retention period",
        defaults={"task": "suggestions.tasks.suggestions_anonymise_expired", "crontab": nightly},
    )
