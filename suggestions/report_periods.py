"""The moments a report's period runs between (Asia/Shanghai)."""

from __future__ import annotations

import datetime

from django.utils import timezone


def bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """From 00:00 of the first day to 00:00 after the last day, local time."""
    zone = timezone.get_default_timezone()
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return begin, after
