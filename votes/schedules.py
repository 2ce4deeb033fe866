"""Periodic tasks of the ballot cycle, stored in django-celery-beat so staff can see and change them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress.schedules import periodic_task_ensure


def ensure_periodic_tasks() -> None:
    periodic_task_ensure(
        name=_("Remind units of overdue livelihood-project milestones"),
        task="votes.remind_overdue_milestones",
        minute="30",
        hour="8",
    )
