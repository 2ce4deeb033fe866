"""Pure working-day calendar and deadline arithmetic (no Django imports).

Counting rules
==============

Every legal time limit in the portal is counted in Chinese working days, in calendar days, or in
calendar months. The rules follow the Civil Code's provisions on periods (《中华人民共和国民法典》
第二百零一条至第二百零三条):

1. **The starting day is not counted** (art. 201: "开始的当日不计入，自下一日开始计算"). The day of
   receipt is day 0; counting starts on the next day. For a working-day period the first counted day is
   therefore the first *working* day after the day of receipt, so an item received on a Saturday has
   the same due date as one received on the Friday before.
2. **Working days** are Monday to Friday, minus statutory holidays (法定节假日), plus the make-up working
   days (调休上班日) that the State Council's annual notice turns Saturdays and Sundays into. A holiday
   wins over a weekday; a make-up working day wins over a weekend. N working days end on the N-th
   working day after the starting day.
3. **Month periods end on the corresponding day** of the final month; when that month has no such day,
   on its last day (art. 202: "到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日"):
   31 January + 1 month = 28 February (29 February in a leap year).
4. **A calendar-day or month period whose last day is a statutory holiday or a rest day ends on the
   first working day after it** (art. 203: "期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的
   最后一日"; rest days count as 法定休假日 in the Supreme People's Court's reading). A working-day
   period never needs this: it ends on a working day by construction.
5. **A deadline is the end of its day** (art. 203: "期间的最后一日的截止时间为二十四时"), in the
   portal's time zone (Asia/Shanghai). An item becomes overdue at 00:00 of the following day.

Missing years
=============

The State Council publishes next year's holiday notice late in the year. For a year that is not in
``WorkCalendar.loaded_years`` only weekends are used (any partial data for that year is ignored), and
every result whose counted range touches such a year is marked ``provisional``. When the year is loaded,
provisional deadlines are recomputed by the Django layer (``services.deadlines_recompute``).

Speed
=====

A ``WorkCalendar`` precomputes the sorted ordinals of every working day in its supported range once;
each addition or count is then one or two binary searches.
"""

from __future__ import annotations

import calendar as _stdcalendar
import enum
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, NamedTuple

# Dates outside this range are refused: no time limit in the portal starts before 2000 or ends after
# 2100, and a fixed range keeps the precomputed table small (about 37,000 ordinals).
MIN_YEAR = 2000
MAX_YEAR = 2100


class Unit(enum.StrEnum):
    """How a period is measured. The values are stored in the database (``DeadlinePolicy.unit``)."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"


class DayKind(enum.StrEnum):
    """Why a day is or is not a working day."""

    WORKDAY = "workday"  # Monday to Friday, nothing special
    WEEKEND = "weekend"  # Saturday or Sunday, nothing special
    HOLIDAY = "holiday"  # a statutory holiday (possibly on a weekend)
    MAKEUP_WORKDAY = "makeup_workday"  # a weekend day turned into a working day (调休)


class StepReason(enum.StrEnum):
    """One line of an explanation."""

    COUNTED = "counted"  # a working weekday counted towards a working-day period
    COUNTED_MAKEUP = "counted_makeup"  # a weekend day counted because it is a make-up working day
    SKIPPED_WEEKEND = "skipped_weekend"  # a rest day not counted (working-day period) or rolled over
    SKIPPED_HOLIDAY = "skipped_holiday"  # a statutory holiday not counted or rolled over
    CALENDAR_RANGE = "calendar_range"  # a run of calendar days counted (calendar-day / month period)
    PERIOD_END = "period_end"  # the nominal last day of a calendar-day / month period
    MONTH_END_CLAMPED = "month_end_clamped"  # no corresponding day: the last day of the month is used
    ROLLED_FORWARD = "rolled_forward"  # the period ends on this first working day after a rest day
    DUE = "due"  # the resulting due date


class OutOfRangeError(ValueError):
    """A date outside ``MIN_YEAR``..``MAX_YEAR`` was asked for."""


@dataclass(frozen=True, slots=True)
class Step:
    day: date
    reason: StepReason
    holiday_name: str = ""
    # Running count of working days (working-day periods) or days in a calendar range.
    count: int | None = None
    # For CALENDAR_RANGE: the last day of the run (``day`` is the first).
    until: date | None = None
    # The day lies in a year whose holiday calendar is not loaded (weekends only were used).
    provisional: bool = False

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"day": self.day.isoformat(), "reason": self.reason.value}
        if self.holiday_name:
            data["holiday_name"] = self.holiday_name
        if self.count is not None:
            data["count"] = self.count
        if self.until is not None:
            data["until"] = self.until.isoformat()
        if self.provisional:
            data["provisional"] = True
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Step:
        return cls(
            day=date.fromisoformat(data["day"]),
            reason=StepReason(data["reason"]),
            holiday_name=data.get("holiday_name", ""),
            count=data.get("count"),
            until=date.fromisoformat(data["until"]) if data.get("until") else None,
            provisional=bool(data.get("provisional", False)),
        )


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a due date is what it is: the start, every day considered, and the result."""

    unit: Unit
    amount: int
    start: date
    due: date
    steps: tuple[Step, ...]
    # Years touched by the counted range whose calendar is not loaded (weekends only were used).
    unloaded_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.unloaded_years)

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit.value,
            "amount": self.amount,
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
            "provisional": self.provisional,
            "unloaded_years": list(self.unloaded_years),
            "steps": [step.as_dict() for step in self.steps],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Explanation:
        return cls(
            unit=Unit(data["unit"]),
            amount=int(data["amount"]),
            start=date.fromisoformat(data["start"]),
            due=date.fromisoformat(data["due"]),
            steps=tuple(Step.from_dict(s) for s in data.get("steps", [])),
            unloaded_years=tuple(int(y) for y in data.get("unloaded_years", [])),
        )


class DueDate(NamedTuple):
    """The result of a computation without the step list (the fast path)."""

    due: date
    provisional: bool


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months_raw(start: date, months: int) -> date:
    """The corresponding day ``months`` months after ``start``, or that month's last day (art. 202)."""
    year, month0 = divmod(start.year * 12 + start.month - 1 + months, 12)
    day = start.day
    if day > 28:
        last_day = 29 if month0 == 1 and _stdcalendar.isleap(year) else _MONTH_DAYS[month0]
        day = min(day, last_day)
    return date(year, month0 + 1, day)


def end_of_day(day: date, tz: tzinfo) -> datetime:
    """The last instant at which a deadline on ``day`` is still met: 24:00 is 00:00 of the next day,
    so this returns the exclusive bound (the moment the item becomes overdue)."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)


def is_overdue_at(due: date, moment: datetime, tz: tzinfo) -> bool:
    """True from 00:00 (in ``tz``) of the day after ``due``, not one second earlier (art. 203)."""
    return moment >= end_of_day(due, tz)


@dataclass(frozen=True)
class WorkCalendar:
    """An immutable Chinese working-day calendar.

    ``holidays`` and ``makeup_workdays`` map a date to the holiday's name (a make-up working day
    carries the name of the holiday it makes up for). Only entries in ``loaded_years`` are used; other
    years fall back to Monday-to-Friday and make results provisional.
    """

    holidays: Mapping[date, str] = field(default_factory=dict)
    makeup_workdays: Mapping[date, str] = field(default_factory=dict)
    loaded_years: frozenset[int] = frozenset()
    # Free-form token identifying the data this calendar was built from (cache invalidation).
    version: str = ""
    _first_ordinal: int = field(init=False, repr=False, compare=False)
    _last_ordinal: int = field(init=False, repr=False, compare=False)
    _working: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        overlap = set(self.holidays) & set(self.makeup_workdays)
        if overlap:
            first = min(overlap)
            raise ValueError(f"{first} is both a holiday and a make-up working day")
        first_ordinal = date(MIN_YEAR, 1, 1).toordinal()
        last_ordinal = date(MAX_YEAR, 12, 31).toordinal()
        holiday_ordinals = {d.toordinal() for d in self.holidays if d.year in self.loaded_years}
        makeup_ordinals = {d.toordinal() for d in self.makeup_workdays if d.year in self.loaded_years}
        working: list[int] = []
        append = working.append
        # date.toordinal() % 7: Monday == 1 ... Saturday == 6, Sunday == 0.
        for ordinal in range(first_ordinal, last_ordinal + 1):
            weekday_mod = ordinal % 7
            if ordinal in makeup_ordinals:
                append(ordinal)
            elif weekday_mod in (0, 6) or ordinal in holiday_ordinals:
                continue
            else:
                append(ordinal)
        object.__setattr__(self, "_first_ordinal", first_ordinal)
        object.__setattr__(self, "_last_ordinal", last_ordinal)
        object.__setattr__(self, "_working", working)

    # -- single days -------------------------------------------------------------------------------

    def _check(self, day: date) -> int:
        ordinal = day.toordinal()
        if not self._first_ordinal <= ordinal <= self._last_ordinal:
            raise OutOfRangeError(f"{day} is outside {MIN_YEAR}–{MAX_YEAR}")
        return ordinal

    def is_loaded(self, year: int) -> bool:
        return year in self.loaded_years

    def day_kind(self, day: date) -> DayKind:
        if day.year in self.loaded_years:
            if day in self.makeup_workdays:
                return DayKind.MAKEUP_WORKDAY
            if day in self.holidays:
                return DayKind.HOLIDAY
        return DayKind.WEEKEND if day.weekday() >= 5 else DayKind.WORKDAY

    def holiday_name(self, day: date) -> str:
        if day.year not in self.loaded_years:
            return ""
        return self.holidays.get(day) or self.makeup_workdays.get(day) or ""

    def is_working_day(self, day: date) -> bool:
        ordinal = self._check(day)
        index = bisect_left(self._working, ordinal)
        return index < len(self._working) and self._working[index] == ordinal

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self._nth_after(self._check(day), 1)

    def working_day_on_or_after(self, day: date) -> date:
        ordinal = self._check(day)
        index = bisect_left(self._working, ordinal)
        return self._at(index)

    def _at(self, index: int) -> date:
        if not 0 <= index < len(self._working):
            raise OutOfRangeError(f"result outside {MIN_YEAR}–{MAX_YEAR}")
        return date.fromordinal(self._working[index])

    def _nth_after(self, ordinal: int, n: int) -> date:
        # Index of the first working day strictly after ``ordinal`` is bisect_right(...).
        return self._at(bisect_right(self._working, ordinal) + n - 1)

    # -- periods -----------------------------------------------------------------------------------

    def add_working_days(self, start: date, n: int) -> date:
        """The N-th working day after ``start`` (the start day is never counted). ``n == 0`` returns
        ``start``; a negative ``n`` counts back: the |n|-th working day before ``start``."""
        ordinal = self._check(start)
        if n == 0:
            return start
        if n > 0:
            return self._nth_after(ordinal, n)
        return self._at(bisect_left(self._working, ordinal) + n)

    def add_calendar_days(self, start: date, n: int) -> date:
        """``start`` + N days, rolled forward to the first working day when that day is a rest day or
        a holiday (art. 201, 203)."""
        if n < 0:
            raise ValueError("a period cannot be negative")
        self._check(start)
        end = start + timedelta(days=n)
        return end if n == 0 else self.working_day_on_or_after(end)

    def add_months(self, start: date, n: int) -> date:
        """The corresponding day N months after ``start`` or that month's last day (art. 202), rolled
        forward to the first working day when it is a rest day or a holiday (art. 203)."""
        if n < 0:
            raise ValueError("a period cannot be negative")
        self._check(start)
        if n == 0:
            return start
        return self.working_day_on_or_after(add_months_raw(start, n))

    def add(self, start: date, unit: Unit | str, n: int) -> date:
        if unit == Unit.WORKING_DAYS:
            if n < 0:
                raise ValueError("a period cannot be negative")
            return self.add_working_days(start, n)
        if unit == Unit.CALENDAR_DAYS:
            return self.add_calendar_days(start, n)
        if unit == Unit.MONTHS:
            return self.add_months(start, n)
        raise ValueError(f"unknown unit {unit!r}")

    def due_date(self, start: date, unit: Unit | str, n: int) -> DueDate:
        """The due date and whether it is provisional, without building an explanation (the hot path
        of reports and bulk recomputes: working days are inlined, one binary search)."""
        if unit == "working_days" and n > 0:
            ordinal = start.toordinal()
            if not self._first_ordinal <= ordinal <= self._last_ordinal:
                raise OutOfRangeError(f"{start} is outside {MIN_YEAR}–{MAX_YEAR}")
            index = bisect_right(self._working, ordinal) + n - 1
            if index >= len(self._working):
                raise OutOfRangeError(f"result outside {MIN_YEAR}–{MAX_YEAR}")
            due = date.fromordinal(self._working[index])
        else:
            due = self.add(start, unit, n)
        if start.year == due.year and due > start:
            return DueDate(due, due.year not in self.loaded_years)
        return DueDate(due, self.is_provisional(start, due))

    def is_provisional(self, start: date, end: date) -> bool:
        """Whether the counted range (``start``, ``end``] touches a year that is not loaded."""
        if end <= start:
            return False
        loaded = self.loaded_years
        if start.year == end.year:
            return end.year not in loaded
        return any(y not in loaded for y in range((start + timedelta(days=1)).year, end.year + 1))

    def unloaded_years_between(self, start: date, end: date) -> tuple[int, ...]:
        """Years of the counted range (``start``, ``end``] that are not loaded."""
        if end <= start:
            return ()
        first_year = (start + timedelta(days=1)).year
        return tuple(y for y in range(first_year, end.year + 1) if y not in self.loaded_years)

    # -- counting ----------------------------------------------------------------------------------

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]: ``a`` is not counted, ``b`` is. Negative when ``b`` < ``a``.

        ``working_days_between(s, add_working_days(s, n)) == n`` for every n >= 0.
        """
        oa, ob = self._check(a), self._check(b)
        if ob >= oa:
            return bisect_right(self._working, ob) - bisect_right(self._working, oa)
        return -(bisect_right(self._working, oa) - bisect_right(self._working, ob))

    def working_days_overdue(self, due: date, on: date) -> int:
        """Working days elapsed after ``due`` up to and including ``on``; 0 when not overdue. An item
        due on Friday is overdue on Saturday, but 0 working days overdue until Monday."""
        if on <= due:
            return 0
        return self.working_days_between(due, on)

    # -- explanation -------------------------------------------------------------------------------

    def explain(self, start: date, unit: Unit | str, n: int) -> Explanation:
        """The due date with every day considered and why."""
        unit = Unit(unit)
        due = self.add(start, unit, n)
        if unit is Unit.WORKING_DAYS:
            steps = self._explain_working(start, due)
        else:
            steps = self._explain_calendar(start, unit, n, due)
        steps.append(Step(day=due, reason=StepReason.DUE, provisional=due.year not in self.loaded_years))
        return Explanation(
            unit=unit,
            amount=n,
            start=start,
            due=due,
            steps=tuple(steps),
            unloaded_years=self.unloaded_years_between(start, due),
        )

    def _skip_step(self, day: date) -> Step | None:
        kind = self.day_kind(day)
        provisional = day.year not in self.loaded_years
        if kind is DayKind.HOLIDAY:
            return Step(day=day, reason=StepReason.SKIPPED_HOLIDAY, holiday_name=self.holidays[day])
        if kind is DayKind.WEEKEND:
            return Step(day=day, reason=StepReason.SKIPPED_WEEKEND, provisional=provisional)
        return None

    def _explain_working(self, start: date, due: date) -> list[Step]:
        steps: list[Step] = []
        count = 0
        day = start + timedelta(days=1)
        while day <= due:
            skipped = self._skip_step(day)
            if skipped is not None:
                steps.append(skipped)
            else:
                count += 1
                provisional = day.year not in self.loaded_years
                if self.day_kind(day) is DayKind.MAKEUP_WORKDAY:
                    steps.append(
                        Step(
                            day=day,
                            reason=StepReason.COUNTED_MAKEUP,
                            holiday_name=self.makeup_workdays[day],
                            count=count,
                        )
                    )
                else:
                    steps.append(
                        Step(day=day, reason=StepReason.COUNTED, count=count, provisional=provisional)
                    )
            day += timedelta(days=1)
        return steps

    def _explain_calendar(self, start: date, unit: Unit, n: int, due: date) -> list[Step]:
        if n == 0:
            return []
        if unit is Unit.CALENDAR_DAYS:
            nominal_end = start + timedelta(days=n)
            clamped = False
        else:
            nominal_end = add_months_raw(start, n)
            clamped = nominal_end.day != start.day
        steps = [
            Step(
                day=start + timedelta(days=1),
                reason=StepReason.CALENDAR_RANGE,
                until=nominal_end,
                count=(nominal_end - start).days,
            ),
            Step(
                day=nominal_end,
                reason=StepReason.MONTH_END_CLAMPED if clamped else StepReason.PERIOD_END,
            ),
        ]
        day = nominal_end
        while day < due:
            skipped = self._skip_step(day)
            if skipped is not None:
                steps.append(skipped)
            day += timedelta(days=1)
        if due != nominal_end:
            steps.append(Step(day=due, reason=StepReason.ROLLED_FORWARD))
        return steps


def build_calendar(
    *,
    holidays: Iterable[tuple[date, str]] = (),
    makeup_workdays: Iterable[tuple[date, str]] = (),
    loaded_years: Iterable[int] = (),
    version: str = "",
) -> WorkCalendar:
    return WorkCalendar(
        holidays=dict(holidays),
        makeup_workdays=dict(makeup_workdays),
        loaded_years=frozenset(loaded_years),
        version=version,
    )
