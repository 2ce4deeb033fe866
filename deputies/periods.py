"""Calendar periods of the quota rules (pure functions): month, quarter, year and the deputy's term."""

from __future__ import annotations

import calendar
import datetime

from django.utils.translation import gettext as _

QUARTER_NAMES = ("一", "二", "三", "四")


def period_bounds(
    period: str,
    day: datetime.date,
    *,
    term_start: datetime.date | None = None,
    term_end: datetime.date | None = None,
) -> tuple[datetime.date, datetime.date]:
    """First and last day (both counted) of the period that contains ``day``."""
    if period == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    if period == "quarter":
        first_month = (day.month - 1) // 3 * 3 + 1
        last_month = first_month + 2
        return (
            datetime.date(day.year, first_month, 1),
            datetime.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1]),
        )
    if period == "year":
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)
    if period == "term":
        if term_start is None or term_end is None:
            raise ValueError("a term period needs the term's dates")
        return term_start, term_end
    raise ValueError(f"unknown period {period!r}")


def period_label(period: str, start: datetime.date) -> str:
    """How the period reads in the dashboard: 2026年3月, 2026年第一季度, 2026年, 本届."""
    if period == "month":
        return _("%(year)s-%(month)02d") % {"year": start.year, "month": start.month}
    if period == "quarter":
        quarter = (start.month - 1) // 3 + 1
        return _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": start.year}
    if period == "year":
        return _("year %(year)s") % {"year": start.year}
    return _("this term")
