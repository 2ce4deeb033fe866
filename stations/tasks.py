"""Thin Celery wrappers around the stations services."""

from __future__ import annotations

from celery import shared_task

from .services import RECEPTION_MATERIALISE_WEEKS, bookings_erase_expired, receptions_materialise


@shared_task(name="stations.materialise_receptions", time_limit=600, soft_time_limit=540, ignore_result=True)
def materialise_receptions(
    weeks: int = RECEPTION_MATERIALISE_WEEKS, schedule_ids: list[int] | None = None
) -> int:
    """Nightly: plan the receptions of every active schedule for the coming weeks (idempotent)."""
    return receptions_materialise(weeks=weeks, schedule_ids=schedule_ids)


@shared_task(name="stations.erase_expired_bookings", time_limit=600, soft_time_limit=540, ignore_result=True)
def erase_expired_bookings() -> int:
    """Nightly: delete bookings past their retention period (personal data, DOMAIN.md §9)."""
    return bookings_erase_expired()
