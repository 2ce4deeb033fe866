"""Reads: the process-wide working-day calendar and deadlines of an item.

Other apps read due dates through ``deadlines_for`` / ``deadline_for`` (or a ``GenericRelation`` on
their own model, see docs/calendar.md) and count with ``work_calendar()``.
"""

from __future__ import annotations

import threading
import uuid
from datetime import date

from django.db import models

from .engine import WorkCalendar, build_calendar
from .models import CalendarDay, CalendarNotice, CalendarState, CalendarYear, DayKind, Deadline
from .querysets import DeadlineQuerySet

_lock = threading.Lock()
_cached: tuple[str, WorkCalendar] | None = None


def calendar_version() -> str:
    """The current calendar version (one primary-key read); created on first use."""
    version = (
        CalendarState.objects.filter(pk=CalendarState.SINGLETON_ID).values_list("version", flat=True).first()
    )
    if version is None:
        state, _created = CalendarState.objects.get_or_create(
            pk=CalendarState.SINGLETON_ID, defaults={"version": uuid.uuid4().hex}
        )
        version = state.version
    return version


def build_work_calendar(*, version: str = "") -> WorkCalendar:
    """A calendar from the database as this connection sees it now (two queries, ~0.1 s to build)."""
    holidays: list[tuple[date, str]] = []
    makeup: list[tuple[date, str]] = []
    for day, kind, name in CalendarDay.objects.values_list("date", "kind", "name"):
        (makeup if kind == DayKind.MAKEUP_WORKDAY else holidays).append((day, name))
    loaded = CalendarYear.objects.filter(is_loaded=True).values_list("year", flat=True)
    return build_calendar(holidays=holidays, makeup_workdays=makeup, loaded_years=loaded, version=version)


def work_calendar() -> WorkCalendar:
    """The working-day calendar, built once per process and rebuilt when the calendar changes."""
    global _cached
    version = calendar_version()  # read before building: a change committed meanwhile bumps it again
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        cached = _cached
        if cached is not None and cached[0] == version:
            return cached[1]
        calendar = build_work_calendar(version=version)
        _cached = (version, calendar)
        return calendar


def work_calendar_clear() -> None:
    """Forget this process's calendar (tests; the version check makes it unnecessary otherwise)."""
    global _cached
    _cached = None


def deadlines_for(owner: models.Model) -> DeadlineQuerySet:
    """Every deadline of an item, open and closed, with their policies."""
    return Deadline.objects.for_owner(owner).select_related("policy")


def deadline_for(owner: models.Model, policy_code: str, *, open_only: bool = True) -> Deadline | None:
    """The (open) deadline of an item under one policy, or None; the latest one when several."""
    qs = deadlines_for(owner).filter(policy__code=policy_code)
    if open_only:
        qs = qs.filter(is_open=True)
    return qs.order_by("-created_at", "-pk").first()


def missing_years(years: list[int]) -> list[int]:
    loaded = set(CalendarYear.objects.filter(year__in=years, is_loaded=True).values_list("year", flat=True))
    return [y for y in years if y not in loaded]


def unresolved_notices() -> models.QuerySet[CalendarNotice]:
    """Missing-year notices staff have not dealt with (shown on the calendar's admin pages)."""
    return CalendarNotice.objects.filter(resolved_at__isnull=True).order_by("year")
