"""Thin periodic tasks of the ballot cycle."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="votes.remind_overdue_milestones", time_limit=300, soft_time_limit=240, ignore_result=True)
def remind_overdue_milestones() -> int:
    """Daily scan; each reminder has a de-duplication key, so reruns never send twice."""
    return services.milestones_remind()
