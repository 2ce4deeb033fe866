"""The stations app's periodic tasks, stored in django-celery-beat so staff can see and change them."""

from __future__ import annotations

from django.conf import settings
from django_celery_beat.models import CrontabSchedule, PeriodicTask


def ensure_periodic_tasks() -> None:
    # 01:30 local time: after the day's receptions are recorded, before anyone looks at tomorrow's.
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="1",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    PeriodicTask.objects.get_or_create(
        name="Materialise upcoming receptions",
        defaults={"task": "stations.materialise_receptions", "crontab": nightly},
    )
