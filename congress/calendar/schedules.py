"""Periodic tasks of the calendar (picked up by ``manage.py setup_schedules``)."""

from .tasks import ensure_periodic_tasks

__all__ = ["ensure_periodic_tasks"]
