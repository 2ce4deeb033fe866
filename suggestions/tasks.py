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


@shared_task(time_limit=1800, soft_time_limit=1700, ignore_result=True)
def term_frequencies_refresh() -> int:
    """Recount how many items hold each text unit (the IDF of duplicates and hotspots). Idempotent."""
    return services.term_frequencies_refresh()


@shared_task(time_limit=3600, soft_time_limit=3500, ignore_result=True)
def routing_models_retrain(body_ids: list[int] | None = None, actor_id: int | None = None) -> int:
    """Retrain the routing models (智能分办) of the given bodies, or of every body. Each run writes a
    new version; the newest is used, so running twice only costs time."""
    from django.contrib.auth import get_user_model

    from congress.models import Body

    from .routing import services as routing

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    bodies = Body.objects.order_by("pk")
    if body_ids is not None:
        bodies = bodies.filter(pk__in=body_ids)
    return routing.routing_models_retrain(bodies=bodies, actor=actor)


@shared_task(time_limit=900, soft_time_limit=840, ignore_result=True)
def hotspots_detect() -> int:
    """Find clusters of similar items growing this week and tell staff once per cluster."""
    from .services.hotspots import hotspots_detect as detect

    return len(detect())


@shared_task(time_limit=120, soft_time_limit=100, ignore_result=True)
def suggestion_auto_dispatch(suggestion_id: int) -> bool:
    """Dispatch a new item without a clerk when automatic dispatch is on and the models are sure
    enough (docs/suggestions.md §11). Does nothing to an item no longer waiting for triage."""
    from .routing.dispatch import suggestion_auto_dispatch as dispatch

    return dispatch(suggestion_id=suggestion_id) is not None
