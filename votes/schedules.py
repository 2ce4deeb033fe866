"""Periodic tasks of the ballot cycle, stored in django-celery-beat so staff can see and change them."""

from __future__ import annotations

from congress.schedules import periodic_task_ensure


def ensure_periodic_tasks() -> None:
    periodic_task_ensure(
        name="Remind units of overdue livelihood-project milestones",
        task="votes.remind_overdue_milestones",
        minute="30",
        hour="8",
    )
