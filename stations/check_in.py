"""When a deputy may check in at a reception (签到). A check-in says the deputy is there, so it is
taken around the reception's own hours, not any time on its day: from
``RECEPTION_CHECK_IN_OPENS_MINUTES`` before the start until ``RECEPTION_CHECK_IN_CLOSES_MINUTES``
after the end (*default* 60 and 60: no source names a window; an hour either side lets a deputy
check in on arrival and one who forgot still do it when the reception ends). A deputy who missed the
window is recorded as present by the liaison's reception record instead."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from .models import Reception


def opens_minutes() -> int:
    return int(getattr(settings, "RECEPTION_CHECK_IN_OPENS_MINUTES", 60))


def closes_minutes() -> int:
    return int(getattr(settings, "RECEPTION_CHECK_IN_CLOSES_MINUTES", 60))


@dataclass(frozen=True)
class Window:
    opens: datetime.datetime
    closes: datetime.datetime

    def holds(self, moment: datetime.datetime) -> bool:
        return self.opens <= moment <= self.closes


def check_in_window(reception: Reception) -> Window:
    """The window in the portal's time zone (pure: no database)."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(reception.date, reception.start_time, tzinfo=zone)
    end = datetime.datetime.combine(reception.date, reception.end_time, tzinfo=zone)
    return Window(
        opens=start - datetime.timedelta(minutes=opens_minutes()),
        closes=end + datetime.timedelta(minutes=closes_minutes()),
    )
