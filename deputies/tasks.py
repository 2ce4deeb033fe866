"""Thin Celery wrappers around the deputies services."""

from __future__ import annotations

from celery import shared_task

from .services import duty_scores_recompute


@shared_task(name="deputies.recompute_scores", time_limit=900, soft_time_limit=840, ignore_result=True)
def recompute_scores(year: int) -> int:
    """Recompute every score of a year (after the points rules changed). Idempotent."""
    return duty_scores_recompute(year=year)
