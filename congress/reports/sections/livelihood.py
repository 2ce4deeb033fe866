"""四、民生实事项目: the ballot's result, the projects' progress and the year-end evaluation."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from votes import reports as data

from ..pdf import charts
from ..reads import WHOLE, Period, Scope
from . import Headline, Section


def figures(period: Period, using: str, scope: Scope = WHOLE) -> dict[str, Any]:
    year = period.start.year
    return {
        "ballot": data.ballot_result(year, using=using, body_id=scope.body_id),
        "projects": data.projects(year, using=using, body_id=scope.body_id),
        "evaluation": data.evaluation(year, using=using, body_id=scope.body_id),
    }


def headline(period: Period, using: str, scope: Scope = WHOLE) -> list[Headline]:
    year = period.start.year
    projects = data.projects(year, using=using, body_id=scope.body_id)
    evaluation = data.evaluation(year, using=using, body_id=scope.body_id)
    return [
        Headline("projects", _("Livelihood projects chosen"), projects["total"]),
        Headline("projects_completed", _("Livelihood projects completed"), projects["completed"]),
        Headline(
            "project_satisfaction",
            _("Satisfaction with the projects"),
            evaluation["rate"],
            "rate",
        ),
    ]


def draw(f: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    candidates = f["ballot"]["candidates"]
    if candidates:
        out["ballot"] = charts.svg_data_uri(
            charts.bar_chart(
                [f"{row['number']}. {row['title']}" for row in candidates],
                [row["votes"] for row in candidates],
                title=str(_("Votes per candidate project")),
                horizontal=True,
                height_cm=max(5, len(candidates) * 0.7),
            )
        )
    rows = f["projects"]["rows"]
    if rows:
        out["progress"] = charts.svg_data_uri(
            charts.bar_chart(
                [row["title"] for row in rows],
                [row["progress"] for row in rows],
                title=str(_("Progress of each project (%)")),
                horizontal=True,
                height_cm=max(4, len(rows) * 0.5),
                fmt="{:.0f}%",
            )
        )
    return out


SECTION = Section(
    key="livelihood",
    title=_("Livelihood projects"),
    order=40,
    template="reports/annual/livelihood.html",
    figures=figures,
    headline=headline,
    charts=draw,
)
