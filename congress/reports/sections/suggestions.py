"""一、意见建议办理: received by channel, category, district and month; triage; handling per unit;
on-time replies; outcome classes; satisfaction; reopened; overdue at year end; key suggestions and
their supervision."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from suggestions import reports as data

from ..league import league
from ..pdf import charts
from ..reads import WHOLE, Period, Scope
from . import Headline, Section


def figures(period: Period, using: str, scope: Scope = WHOLE) -> dict[str, Any]:
    s, e = period.start, period.end
    previous = period.previous_year()
    units = data.units(s, e, using=using, **scope.subtree)
    return {
        "received": data.received_total(s, e, using=using, **scope.subtree),
        "by_kind": data.received_by_kind(s, e, using=using, **scope.subtree),
        "by_channel": data.received_by_channel(s, e, using=using, **scope.subtree),
        "by_category": data.received_by_category(s, e, using=using, **scope.subtree),
        "by_district": data.received_by_district(s, e, using=using, **scope.subtree),
        "by_month": data.received_by_month(s, e, using=using, **scope.subtree),
        "by_month_previous": data.received_by_month(
            previous.start, previous.end, using=using, **scope.subtree
        ),
        "triage": data.triage_outcomes(s, e, using=using, **scope.subtree),
        "handling": data.handling(s, e, using=using, **scope.subtree),
        "outcomes": data.outcome_classes(s, e, using=using, **scope.subtree),
        "satisfaction": data.satisfaction(s, e, using=using, **scope.subtree),
        "reopened": data.reopened(s, e, using=using, **scope.subtree),
        "overdue": data.overdue_at_end(s, e, using=using, limit=30, **scope.subtree),
        "units": units,
        "league": league(units),
        "key": data.key_suggestions(s, e, using=using, limit=60, **scope.subtree),
        "supervision": data.supervision(s, e, using=using, **scope.subtree),
        "transfers": data.transfers(s, e, using=using, **scope.subtree),
        "shows_transfers": _shows_transfers(scope),
    }


def _shows_transfers(scope: Scope) -> bool:
    """Transfers are a figure of a body in a network (one with bodies below or above it)."""
    return scope.has_children or scope.body_ids is not None


def headline(period: Period, using: str, scope: Scope = WHOLE) -> list[Headline]:
    s, e = period.start, period.end
    triage = data.triage_outcomes(s, e, using=using, **scope.subtree)
    handled = data.handling(s, e, using=using, **scope.subtree)
    rated = data.satisfaction(s, e, using=using, **scope.subtree)
    rows = [
        Headline("received", _("Opinions and suggestions received"), triage["total"]),
        Headline("accepted", _("Accepted"), triage["accepted"]),
        Headline("merged", _("Merged into another case"), triage["merged"]),
        Headline("rejected", pgettext_lazy("suggestion status", "Rejected"), triage["rejected"]),
        Headline("assigned", _("Dispatched to handling units"), handled["assigned"]),
        Headline("replied", _("Replied by the lead unit"), handled["replied"]),
        Headline("on_time_rate", _("On-time reply rate"), handled["on_time_rate"], "rate"),
        Headline("satisfaction_rate", _("Satisfaction rate"), rated["satisfaction_rate"], "rate"),
        Headline(
            "reopened", _("Reopened after 'unsatisfied'"), data.reopened(s, e, using=using, **scope.subtree)
        ),
        Headline(
            "overdue_at_end",
            _("Still overdue at the end of the period"),
            data.overdue_at_end(s, e, using=using, limit=0, **scope.subtree)["count"],
        ),
        Headline(
            "key",
            _("Key suggestions"),
            data.key_suggestions(s, e, using=using, limit=0, **scope.subtree)["total"],
        ),
        Headline(
            "supervisions",
            _("Supervision held"),
            data.supervision(s, e, using=using, **scope.subtree)["total"],
        ),
    ]
    if _shows_transfers(scope):
        moved = data.transfers(s, e, using=using, **scope.subtree)
        rows += [
            Headline("transferred_up", _("Transferred up to a higher body"), moved["up"]),
            Headline("transferred_down", _("Transferred down to a lower body"), moved["down"]),
        ]
    return rows


def _labels(rows: list[dict[str, Any]]) -> tuple[list[str], list[int]]:
    return [row["label"] for row in rows], [row["count"] for row in rows]


def draw(f: dict[str, Any]) -> dict[str, str]:
    months = [row["label"] for row in f["by_month"]]
    this_year = [row["count"] for row in f["by_month"]]
    last_year = [row["count"] for row in f["by_month_previous"]]
    top_units = sorted(f["units"], key=lambda row: (-row["assigned"], row["unit"]))[:15]
    outcomes = f["outcomes"]
    rated = f["satisfaction"]
    return {
        "by_month": charts.svg_data_uri(
            charts.grouped_bar_chart(
                months,
                [(str(_("This period")), this_year), (str(_("Same months a year before")), last_year)],
                title=str(_("Received by month")),
            )
        ),
        "by_channel": charts.svg_data_uri(
            charts.bar_chart(
                *_labels(f["by_channel"]),
                title=str(_("By channel")),
                horizontal=True,
                width_cm=8,
                height_cm=7,
            )
        ),
        "by_category": charts.svg_data_uri(
            charts.bar_chart(
                *_labels(f["by_category"]),
                title=str(_("By category")),
                horizontal=True,
                width_cm=8,
                height_cm=7,
            )
        ),
        "by_district": charts.svg_data_uri(
            charts.bar_chart(*_labels(f["by_district"]), title=str(_("By district or county")), height_cm=6.5)
        ),
        "outcomes": charts.svg_data_uri(
            charts.pie_chart(
                [str(_("A solved or adopted")), str(_("B being solved")), str(_("C kept for reference"))],
                [outcomes["A"], outcomes["B"], outcomes["C"]],
                title=str(_("Outcome classes")),
                width_cm=8,
            )
        ),
        "satisfaction": charts.svg_data_uri(
            charts.pie_chart(
                [str(_("Satisfied")), str(_("Basically satisfied")), str(_("Unsatisfied"))],
                [rated["satisfied"], rated["basically"], rated["unsatisfied"]],
                title=str(_("Ratings")),
                width_cm=8,
            )
        ),
        "units": charts.svg_data_uri(
            charts.bar_chart(
                [row["unit"] for row in top_units],
                [row["assigned"] for row in top_units],
                title=str(_("Dispatches per handling unit (largest 15)")),
                horizontal=True,
                height_cm=9,
            )
        ),
    }


SECTION = Section(
    key="suggestions",
    title=pgettext_lazy("report section", "Handling of opinions and suggestions"),
    order=10,
    template="reports/annual/suggestions.html",
    figures=figures,
    headline=headline,
    charts=draw,
)
