"""Reception-day recurrence (接待日, DOMAIN.md §3) with dateutil's rrule: weekly, every other week,
monthly on a day and mid-quarter. Pure functions, no database.

A monthly day the month does not have (the 30th in February, the 31st in April) falls on the
month's last day, which is what stations announce ("每月30日，遇小月顺延至月末" in practice)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from dateutil import rrule


@dataclass(frozen=True)
class Pattern:
    frequency: str  # weekly, biweekly, monthly, mid_quarter, once
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    weekday: int | None = None  # 0 = Monday
    month_day: int | None = None  # 1–31, or -1 for the last day
    quarter_month: int | None = None  # 1, 2 or 3


def _as_datetime(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time())


def _month_day_rule(month_day: int) -> dict[str, object]:
    """rrule keywords for "the n-th of the month, or its last day when shorter"."""
    if month_day == -1 or month_day >= 31:
        return {"bymonthday": -1}
    if month_day <= 28:
        return {"bymonthday": month_day}
    # The last of the days 28..n that the month has: the n-th, or the month end when shorter.
    return {"bymonthday": tuple(range(28, month_day + 1)), "bysetpos": -1}


def build_rule(pattern: Pattern) -> rrule.rrule:
    """The rrule of a pattern. Raises ValueError when the pattern lacks what its frequency needs."""
    start = _as_datetime(pattern.starts_on)
    until = _as_datetime(pattern.ends_on) if pattern.ends_on else None
    if pattern.frequency in {"weekly", "biweekly"}:
        if pattern.weekday is None or not 0 <= pattern.weekday <= 6:
            raise ValueError("weekday")
        interval = 2 if pattern.frequency == "biweekly" else 1
        return rrule.rrule(
            rrule.WEEKLY, interval=interval, byweekday=pattern.weekday, dtstart=start, until=until
        )
    if pattern.frequency == "monthly":
        if pattern.month_day is None or not (pattern.month_day == -1 or 1 <= pattern.month_day <= 31):
            raise ValueError("month_day")
        return rrule.rrule(
            rrule.MONTHLY,
            dtstart=start,
            until=until,
            **_month_day_rule(pattern.month_day),  # type: ignore[arg-type]
        )
    if pattern.frequency == "mid_quarter":
        if pattern.quarter_month not in {1, 2, 3}:
            raise ValueError("quarter_month")
        month_day = pattern.month_day or 15
        if not (month_day == -1 or 1 <= month_day <= 31):
            raise ValueError("month_day")
        months = tuple(pattern.quarter_month + 3 * q for q in range(4))
        return rrule.rrule(
            rrule.MONTHLY,
            bymonth=months,
            dtstart=start,
            until=until,
            **_month_day_rule(month_day),  # type: ignore[arg-type]
        )
    if pattern.frequency == "once":
        return rrule.rrule(rrule.DAILY, count=1, dtstart=start)
    raise ValueError("frequency")


def dates_between(pattern: Pattern, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Reception dates from ``first`` to ``last``, both included."""
    if last < first:
        return []
    rule = build_rule(pattern)
    return [moment.date() for moment in rule.between(_as_datetime(first), _as_datetime(last), inc=True)]


def occurrence_index(pattern: Pattern, day: datetime.date) -> int:
    """How many receptions the pattern had before ``day``: the basis of the duty rotation, stable
    however often and over whatever window the schedule is materialised."""
    rule = build_rule(pattern)
    if day <= pattern.starts_on:
        return 0
    after = _as_datetime(pattern.starts_on - datetime.timedelta(days=1))
    return len(rule.between(after, _as_datetime(day), inc=False))


def rotation_for(rotation: Sequence[int], per_reception: int, index: int) -> list[int]:
    """The deputies on duty at the ``index``-th reception: the rotation advances by
    ``per_reception`` places each time and wraps around."""
    if not rotation or per_reception <= 0:
        return []
    count = min(per_reception, len(rotation))
    start = (index * count) % len(rotation)
    return [rotation[(start + offset) % len(rotation)] for offset in range(count)]
