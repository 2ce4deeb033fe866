"""三、代表履职: composition, activity distribution (duty record), points, report-backs and how voters
rated them, the duty quotas kept and the annual evaluations, all from ``deputies.reports``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from deputies import reports as data

from ..pdf import charts
from ..reads import WHOLE, Period, Scope
from . import Headline, Section


def figures(period: Period, using: str, scope: Scope = WHOLE) -> dict[str, Any]:
    s, e = period.start, period.end
    return {
        "composition": data.composition(using=using, **scope.subtree),
        "activity": data.activity(s, e, using=using, **scope.subtree),
        "points": data.points(s, e, using=using, **scope.subtree),
        "report_backs": data.report_backs(s, e, using=using, **scope.subtree),
        "report_back_ratings": data.report_back_ratings(s, e, using=using, **scope.subtree),
        "quotas": data.quotas(s, e, using=using, **scope.subtree),
        "evaluations": data.evaluations(s, e, using=using, **scope.subtree),
    }


def headline(period: Period, using: str, scope: Scope = WHOLE) -> list[Headline]:
    activity = data.activity(period.start, period.end, using=using, **scope.subtree)
    return [
        # Deputies' status has no history: today's count, no year-on-year change.
        Headline("deputies", _("Active deputies"), activity["active_deputies"], compared=False),
        Headline("duty_entries", _("Duty-record entries"), activity["entries"]),
        Headline(
            "report_backs",
            _("Report-backs to voters"),
            data.report_backs(period.start, period.end, using=using, **scope.subtree)["total"],
        ),
    ]


def _bars(rows: list[dict[str, Any]], title: str, **options: Any) -> str:
    return charts.svg_data_uri(
        charts.bar_chart(
            [row["label"] for row in rows], [row["count"] for row in rows], title=title, **options
        )
    )


def draw(f: dict[str, Any]) -> dict[str, str]:
    composition = f["composition"]
    return {
        "level": _bars(composition["level"], str(_("Deputies by level")), height_cm=6),
        "gender": charts.svg_data_uri(
            charts.pie_chart(
                [row["label"] for row in composition["gender"]],
                [row["count"] for row in composition["gender"]],
                title=str(_("By gender")),
            )
        ),
        "occupation": charts.svg_data_uri(
            charts.pie_chart(
                [row["label"] for row in composition["occupation"]],
                [row["count"] for row in composition["occupation"]],
                title=str(_("By occupation class")),
            )
        ),
        "activity": _bars(
            f["activity"]["distribution"],
            str(_("Deputies by number of duty entries")),
            width_cm=12,
            height_cm=6,
        ),
        # Full width, a bar's height per kind: the kinds' names are long and there are a dozen or more.
        "by_kind": _bars(
            f["activity"]["by_kind"],
            str(_("Duty entries by kind")),
            horizontal=True,
            width_cm=16,
            height_cm=2.5 + 0.55 * len(f["activity"]["by_kind"]),
        ),
        "points": _bars(f["points"]["distribution"], str(_("Deputies by points")), height_cm=6),
    }


SECTION = Section(
    key="deputies",
    title=_("Deputies' duties"),
    order=30,
    template="reports/annual/deputies.html",
    figures=figures,
    headline=headline,
    charts=draw,
)
