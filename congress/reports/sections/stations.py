"""二、代表联络站: stations by kind, 八有四公开 checklist compliance, receptions held, visitors
(人次), bookings."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stations import reports as data

from ..pdf import charts
from ..reads import WHOLE, Period, Scope
from . import Headline, Section


def figures(period: Period, using: str, scope: Scope = WHOLE) -> dict[str, Any]:
    s, e = period.start, period.end
    previous = period.previous_year()
    return {
        "by_kind": data.stations_by_kind(using=using, **scope.subtree),
        "checklist": data.checklist_compliance(using=using, **scope.subtree),
        "receptions": data.receptions(s, e, using=using, **scope.subtree),
        "receptions_previous": data.receptions(previous.start, previous.end, using=using, **scope.subtree)[
            "by_month"
        ],
        "by_district": data.receptions_by_district(s, e, using=using, **scope.subtree),
        "bookings": data.bookings(s, e, using=using, **scope.subtree),
        "membership": data.membership(using=using, **scope.subtree),
    }


def headline(period: Period, using: str, scope: Scope = WHOLE) -> list[Headline]:
    held = data.receptions(period.start, period.end, using=using, **scope.subtree)
    return [
        Headline(
            "stations",
            pgettext_lazy("count", "Stations"),
            sum(row["count"] for row in data.stations_by_kind(using=using, **scope.subtree)),
            compared=False,  # the register has no history: today's count, no year-on-year change
        ),
        Headline("receptions", _("Receptions held"), held["held"]),
        Headline("visitors", _("Visitors received (person-times)"), held["visitors"]),
        Headline(
            "bookings",
            _("Bookings by citizens"),
            data.bookings(period.start, period.end, using=using, **scope.subtree)["total"],
        ),
    ]


def draw(f: dict[str, Any]) -> dict[str, str]:
    months = f["receptions"]["by_month"]
    items = f["checklist"]["items"]
    return {
        "by_kind": charts.svg_data_uri(
            charts.bar_chart(
                [row["label"] for row in f["by_kind"]],
                [row["count"] for row in f["by_kind"]],
                title=str(_("Stations by kind")),
                horizontal=True,
                width_cm=8,
                height_cm=6,
            )
        ),
        "receptions": charts.svg_data_uri(
            charts.grouped_bar_chart(
                [row["label"] for row in months],
                [
                    (str(_("This period")), [row["held"] for row in months]),
                    (str(_("Same months a year before")), [row["held"] for row in f["receptions_previous"]]),
                ],
                title=str(_("Receptions held by month")),
            )
        ),
        "checklist": charts.svg_data_uri(
            charts.bar_chart(
                [row["label"] for row in items],
                [round(row["met"] * 100 / row["checked"], 1) if row["checked"] else 0 for row in items],
                title=str(_("Stations meeting each checklist item (%)")),
                horizontal=True,
                height_cm=8,
                fmt="{:.1f}%",
            )
        ),
        "visitors": charts.svg_data_uri(
            charts.bar_chart(
                [row["label"] for row in f["by_district"]],
                [row["visitors"] for row in f["by_district"]],
                title=str(_("Visitors by district (person-times)")),
                horizontal=True,
                width_cm=8,
                height_cm=6,
            )
        ),
    }


SECTION = Section(
    key="stations",
    title=_("Contact stations"),
    order=20,
    template="reports/annual/stations.html",
    figures=figures,
    headline=headline,
    charts=draw,
)
