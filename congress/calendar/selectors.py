"""Reads: the process-wide working-day calendar and deadlines of an item.

Other apps read due dates through ``deadlines_for`` / ``deadline_for`` (or a ``GenericRelation`` on
their own model, see docs/calendar.md) and count with ``work_calendar()``.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Collection
from datetime import date
from typing import Any

from django.db import models

from .engine import WorkCalendar, build_calendar
from .models import (
    CalendarDay,
    CalendarNotice,
    CalendarState,
    CalendarYear,
    DayKind,
    Deadline,
    DeadlinePolicy,
)
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


def policies_for_body(codes: Collection[str], body: Any = None) -> dict[str, DeadlinePolicy]:
    """The policy that applies to each code for ``body`` (a body or its id): the body's own, else
    the nearest ancestor's, else the default row (no body). Inactive rows count: a body that
    switched a code off has switched it off for itself and the bodies below it that have no rule of
    their own. One query, whatever the depth of the tree: an ancestor is a body whose path is a
    prefix of the body's path, and the longest such path wins."""
    from django.db.models.functions import Coalesce, Left, Length

    from congress.models import Body

    body_id = getattr(body, "pk", body)
    condition = models.Q(body__isnull=True)
    if body_id is not None:
        target_path = Body.objects.filter(pk=body_id).values("path")[:1]
        condition |= models.Q(body__path=Left(models.Subquery(target_path), Length("body__path")))
    rows = (
        DeadlinePolicy.objects.filter(code__in=list(codes))
        .filter(condition)
        .select_related("body")
        .annotate(rank=Coalesce(Length("body__path"), 0))
        .order_by("code", "-rank")
    )
    chosen: dict[str, DeadlinePolicy] = {}
    for row in rows:
        chosen.setdefault(row.code, row)
    return chosen
