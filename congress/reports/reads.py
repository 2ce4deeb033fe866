"""Where the reports read from, and the period they cover.

Every figure of every report is read through ``report_database()``: point ``REPORTS_DATABASE`` at a
read replica (a database router can do the same for the alias) and no report query touches the
primary.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _


def report_database() -> str:
    return str(getattr(settings, "REPORTS_DATABASE", "default"))


@dataclass(frozen=True)
class Period:
    """From the first to the last day, both included (Asia/Shanghai)."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = datetime.date(year, month, 1)
        last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        return cls(first, last)

    def previous_year(self) -> Period:
        return Period(_years_back(self.start), _years_back(self.end))

    @property
    def is_calendar_year(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) and (
            self.start.year == self.end.year
        )

    @property
    def label(self) -> str:
        from .pdf import official_date

        if self.is_calendar_year:
            return str(_("the year %(year)s") % {"year": self.start.year})
        return str(
            _("%(start)s to %(end)s") % {"start": official_date(self.start), "end": official_date(self.end)}
        )

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def _years_back(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Scope:
    """Whose figures: a body's report counts that body's work and its descendants' (a roll-up, each
    item once: received where it came in, handled where it is answered). ``body_ids`` is the subtree;
    None counts every row — the whole network, as the root's report does (every row belongs to some
    body of the tree)."""

    body_id: int | None = None
    name: str = ""
    short_name: str = ""
    body_ids: tuple[int, ...] | None = None
    has_children: bool = False

    @classmethod
    def of(cls, body: Any, *, using: str | None = None) -> Scope:
        from congress.models import Body

        if body is None:
            return cls()
        subtree = tuple(
            Body.objects.using(using or report_database())
            .descendants_of(body)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        return cls(
            body_id=body.pk,
            name=body.name,
            short_name=body.short_name or body.name,
            body_ids=None if body.parent_id is None else subtree,
            has_children=len(subtree) > 1,
        )

    @property
    def subtree(self) -> dict[str, Any]:
        """The keyword the apps' ``reports`` functions take."""
        return {"body_ids": self.body_ids}

    def as_dict(self) -> dict[str, Any]:
        return {"body_id": self.body_id, "name": self.name, "short_name": self.short_name}


WHOLE = Scope()
