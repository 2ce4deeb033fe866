"""Thin Celery wrappers around the services of the suggestions app."""

from __future__ import annotations

from celery import shared_task

from . import services
from .services import overdue, reminders


@shared_task(time_limit=300, soft_time_limit=240, ignore_result=True)
def assignments_due_dates_sync() -> int:
    """Copy recomputed deadlines (calendar change, extension) into Assignment.due_date. Idempotent."""
    return services.assignments_due_dates_sync()


@shared_task(time_limit=600, soft_time_limit=540, ignore_result=True)
def suggestions_anonymise_expired() -> int:
    """Remove personal data from cases closed longer ago than the retention period. Idempotent."""
    return services.suggestions_anonymise_expired()


@shared_task(time_limit=300, soft_time_limit=240, ignore_result=True)
def photo_stash_cleanup() -> int:
    """Delete photos kept for public submissions that were never completed (older than a day)."""
    return services.photo_stash_cleanup()


# Reminder tasks keep their ``suggestions.reminders.*`` names: beat rows in a database refer to them.


@shared_task(
    name="suggestions.reminders.overdue_scan", time_limit=1800, soft_time_limit=1700, ignore_result=True
)
def overdue_scan_task() -> dict[str, int]:
    """Mark overdue levels and send what is owed (docs/reminders.md). Safe to run at any time."""
    result = overdue.overdue_scan()
    return {
        "cleared": result.cleared,
        "overdue": result.marked_overdue,
        "very_overdue": result.marked_very_overdue,
        **result.sent,
    }


@shared_task(
    name="suggestions.reminders.weekly_digest", time_limit=900, soft_time_limit=840, ignore_result=True
)
def weekly_digest_task() -> int:
    return reminders.weekly_digest_send()


@shared_task(name="suggestions.reminders.rating", time_limit=900, soft_time_limit=840, ignore_result=True)
def rating_reminders_task() -> int:
    return reminders.rating_reminders_send()
