"""Thin Celery wrappers around the deputies services."""

from __future__ import annotations

from celery import shared_task

from .services import duty_scores_recompute


@shared_task(name="deputies.recompute_scores", time_limit=900, soft_time_limit=840, ignore_result=True)
def recompute_scores(year: int) -> int:
    """Recompute every score of a year (after the points rules changed). Idempotent."""
    return duty_scores_recompute(year=year)


@shared_task(name="deputies.recompute_score", time_limit=120, soft_time_limit=100, ignore_result=True)
def recompute_score(deputy_id: int, year: int) -> None:
    """Recompute one deputy's score of one year after a write that did not wait for it (a vote).
    Idempotent: it recomputes from the entries, so a repeat or a late run changes nothing."""
    from .models import Deputy
    from .services import duty_score_recompute

    deputy = Deputy.objects.filter(pk=deputy_id).first()
    if deputy is not None:
        duty_score_recompute(deputy=deputy, year=year)
