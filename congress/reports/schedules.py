"""Periodic tasks of the reports module (django-celery-beat; created once, staff edits are kept)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress.schedules import periodic_task_ensure

from .dashboard_cache import WARM_EVERY_MINUTES
from .monthly import TASK


def ensure_periodic_tasks() -> None:
    # 08:00 on the 1st, Asia/Shanghai: the leaders find the month's dispatch in the morning.
    periodic_task_ensure(
        name=_("Reports: monthly dispatch of key suggestions (PDF)"),
        task=TASK,
        minute="0",
        hour="8",
        day_of_month="1",
    )
    # Every ten minutes: a ballot published a moment ago has its announcement ready before the
    # first reader (laying one out takes seconds; a laid-out one is only read from the cache).
    periodic_task_ensure(
        name=_("Reports: lay out announcements of recently published ballots"),
        task="reports.warm_ballot_announcements",
        every_minutes=10,
    )
    # The statistics dashboards opened in the last hour keep fresh figures (docs/reports.md).
    periodic_task_ensure(
        name=_("Reports: keep the statistics dashboards' figures fresh"),
        task="reports.statistics_warm",
        every_minutes=WARM_EVERY_MINUTES,
    )
