"""Thin Celery wrappers around the reports services (and the monthly dispatch, registered here so
the worker's autodiscovery finds it)."""

from __future__ import annotations

from celery import shared_task

from . import services
from .monthly import monthly_key_report_task

__all__ = ["generate_report", "monthly_key_report_task"]


@shared_task(name="reports.generate", time_limit=3600, soft_time_limit=3500, ignore_result=True)
def generate_report(report_id: int) -> bool:
    return services.report_generate(report_id=report_id) is not None
