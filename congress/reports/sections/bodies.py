"""五、下级人大机构工作对比: the bodies below the reporting body side by side (received, on-time rate,
satisfaction, transfers up and down, with the league's minimum-sample rule), printed only in the
report of a body that has bodies below it (the city's report compares its districts)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import pgettext_lazy

from ..comparison import compare
from ..reads import WHOLE, Period, Scope
from . import Headline, Section


def figures(period: Period, using: str, scope: Scope = WHOLE) -> dict[str, Any]:
    return compare(period, using, scope)


def headline(period: Period, using: str, scope: Scope = WHOLE) -> list[Headline]:
    return []


def draw(f: dict[str, Any]) -> dict[str, str]:
    return {}


SECTION = Section(
    key="bodies",
    title=pgettext_lazy("report section", "The bodies below, side by side"),
    order=50,
    template="reports/annual/bodies.html",
    figures=figures,
    headline=headline,
    charts=draw,
    applies=lambda scope: scope.has_children,
)
