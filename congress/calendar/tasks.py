"""Periodic work of the calendar: the missing-year reminder (thin wrappers around services)."""

from __future__ import annotations

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from . import services

TASK_NAME = "congress.calendar.tasks.check_next_year_calendar"
PERIODIC_TASK_NAME = _("Check next year's holiday calendar")


@shared_task(name=TASK_NAME, time_limit=300, soft_time_limit=240, ignore_result=True)
def check_next_year_calendar() -> list[int]:
    """Daily: load a missing year from chinesecalendar when the package knows it; otherwise, from
    1 November for next year, keep an admin notice and email staff weekly. Safe to run any time."""
    return services.calendar_check_missing_years()


def ensure_periodic_tasks() -> None:
    """Create the django-celery-beat schedule once: every day at 08:30 local time."""
    from congress.schedules import periodic_task_ensure

    periodic_task_ensure(
        name=PERIODIC_TASK_NAME,
        task=TASK_NAME,
        minute="30",
        hour="8",
        description=_("Reminds staff when next year's State Council holiday calendar is missing."),
    )
