"""Thin Celery wrappers around the services of the suggestions app."""

from __future__ import annotations

from celery import shared_task

from . import services


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
