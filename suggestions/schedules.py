"""Periodic tasks of the suggestions app (created by ``manage.py setup_schedules``)."""

from __future__ import annotations

from congress.schedules import periodic_task_ensure


def ensure_periodic_tasks() -> None:
    periodic_task_ensure(
        name="Suggestions: copy recomputed deadlines into assignments",
        task="suggestions.tasks.assignments_due_dates_sync",
        every_minutes=10,
    )
    periodic_task_ensure(
        name="Suggestions: delete photos of abandoned submissions",
        task="suggestions.tasks.photo_stash_cleanup",
        every_minutes=60,
    )
    periodic_task_ensure(
        name="Suggestions: anonymise cases past the retention period",
        task="suggestions.tasks.suggestions_anonymise_expired",
        minute="30",
        hour="3",
    )
