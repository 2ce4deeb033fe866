"""The statistics dashboard's figures: the same figure functions the annual report uses, with the
dashboard's filters (year, district, handling unit), and every table in one exportable shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from suggestions import reports as data

from .comparison import compare
from .league import league, minimum_rated
from .reads import WHOLE, Period, Scope, report_database
from .rounding import percent_text


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]]


def _rate_text(rate: dict[str, Any]) -> str:
    return percent_text(rate)


def _sample_text(rate: dict[str, Any], enough: bool) -> str:
    return _rate_text(rate) if enough else str(_("sample too small"))


def comparison_table(rows: list[dict[str, Any]]) -> Table:
    """The bodies below side by side (``comparison.compare``), rates with their samples."""
    body_rows = []
    for row in rows:
        label = row["label"]
        if row["kind"] == "total":
            label = _("Total")
        elif row["kind"] == "own":
            label = _("%(body)s (own work)") % {"body": row["label"]}
        body_rows.append(
            [
                label,
                row["received"],
                row["assigned"],
                _sample_text(row["on_time_rate"], row["on_time_enough"]),
                row["judged"],
                _sample_text(row["satisfaction_rate"], row["satisfaction_enough"]),
                row["ratings"],
                row["rated_items"],
                row["up"],
                row["down"],
            ]
        )
    return Table(
        "bodies",
        _("The bodies below, side by side"),
        [
            _("Body"),
            _("Received"),
            _("Dispatches"),
            _("On-time rate"),
            _("Sample (dispatches judged)"),
            _("Satisfaction rate"),
            _("Sample (ratings)"),
            _("Rated items"),
            _("Transferred up"),
            _("Transferred down"),
        ],
        body_rows,
    )


def dashboard(
    *, year: int, district_id: int | None = None, unit_id: int | None = None, scope: Scope = WHOLE
) -> dict[str, Any]:
    """The figures of a body (its own work and its descendants'), with the comparison of the bodies
    below it when it has some."""
    using = report_database()
    period = Period.year(year)
    previous = period.previous_year()
    kw: dict[str, Any] = {"district_id": district_id, "unit_id": unit_id, "using": using, **scope.subtree}
    s, e = period.start, period.end
    months = data.received_by_month(s, e, **kw)
    months_before = data.received_by_month(previous.start, previous.end, **kw)
    handling = data.handling(s, e, **kw)
    handling_before = data.handling(previous.start, previous.end, **kw)
    rated = data.satisfaction(s, e, **kw)
    rated_before = data.satisfaction(previous.start, previous.end, **kw)
    received = sum(row["count"] for row in months)
    received_before = sum(row["count"] for row in months_before)
    by_category = data.received_by_category(s, e, **kw)
    by_channel = data.received_by_channel(s, e, **kw)
    by_district = data.received_by_district(s, e, **kw)
    table = league(data.units(s, e, **kw))
    headline = [
        {"label": _("Received"), "value": f"{received:,}", "before": f"{received_before:,}", "sample": ""},
        {
            "label": _("On-time reply rate"),
            "value": _rate_text(handling["on_time_rate"]),
            "before": _rate_text(handling_before["on_time_rate"]),
            "sample": handling["on_time_rate"]["denominator"],
        },
        {
            "label": _("Satisfaction rate"),
            "value": _rate_text(rated["satisfaction_rate"]),
            "before": _rate_text(rated_before["satisfaction_rate"]),
            "sample": rated["satisfaction_rate"]["denominator"],
        },
        {
            "label": _("Replied"),
            "value": f"{handling['replied']:,}",
            "before": f"{handling_before['replied']:,}",
            "sample": "",
        },
        {
            "label": _("Overdue at the end of the period"),
            "value": f"{data.overdue_at_end(s, e, limit=0, **kw)['count']:,}",
            "before": f"{data.overdue_at_end(previous.start, previous.end, limit=0, **kw)['count']:,}",
            "sample": "",
        },
    ]
    league_rows = [
        [
            row["rank"],
            row["unit"],
            row["assigned"],
            _rate_text(row["on_time_rate"]),
            row["on_time_rate"]["denominator"],
            _rate_text(row["satisfaction_rate"]),
            row["satisfaction_rate"]["denominator"],
            row["rated_items"],
            row["overdue_open"],
        ]
        for row in table["ranked"]
    ] + [
        [
            _("sample too small"),
            row["unit"],
            row["assigned"],
            _rate_text(row["on_time_rate"]),
            row["on_time_rate"]["denominator"],
            _rate_text(row["satisfaction_rate"]),
            row["satisfaction_rate"]["denominator"],
            row["rated_items"],
            row["overdue_open"],
        ]
        for row in table["insufficient"]
    ]
    tables = [
        Table(
            "headline",
            _("Headline figures"),
            [_("Figure"), str(year), str(year - 1), _("Sample")],
            [[row["label"], row["value"], row["before"], row["sample"]] for row in headline],
        ),
        Table(
            "month",
            _("Received by month"),
            [_("Month"), str(year), str(year - 1)],
            [
                [row["label"], row["count"], before["count"]]
                for row, before in zip(months, months_before, strict=False)
            ],
        ),
        Table(
            "category",
            _("Received by category"),
            [_("Category"), _("Items")],
            [[r["label"], r["count"]] for r in by_category],
        ),
        Table(
            "channel",
            _("Received by channel"),
            [_("Channel"), _("Items")],
            [[r["label"], r["count"]] for r in by_channel],
        ),
        Table(
            "district",
            _("Received by district"),
            [_("District or county"), _("Items")],
            [[r["label"], r["count"]] for r in by_district],
        ),
        Table(
            "league",
            _("Handling-unit league table"),
            [
                _("Rank"),
                _("Handling unit"),
                _("Dispatches"),
                _("On-time rate"),
                _("Sample (dispatches judged)"),
                _("Satisfaction rate"),
                _("Sample (ratings)"),
                _("Rated items"),
                _("Overdue"),
            ],
            league_rows,
        ),
    ]
    if scope.has_children:
        tables.append(comparison_table(compare(period, using, scope)["rows"]))
    charts = {
        "month": {
            "labels": [row["label"] for row in months],
            "series": [
                {"label": str(year), "values": [row["count"] for row in months]},
                {"label": str(year - 1), "values": [row["count"] for row in months_before]},
            ],
        },
        "category": {
            "labels": [r["label"] for r in by_category],
            "series": [{"label": _("Items"), "values": [r["count"] for r in by_category]}],
        },
        "channel": {
            "labels": [r["label"] for r in by_channel],
            "series": [{"label": _("Items"), "values": [r["count"] for r in by_channel]}],
        },
        "district": {
            "labels": [r["label"] for r in by_district],
            "series": [{"label": _("Items"), "values": [r["count"] for r in by_district]}],
        },
    }
    return {
        "period": period,
        "headline": headline,
        "tables": {t.key: t for t in tables},
        "charts": charts,
        "league": table,
        "minimum": minimum_rated(),
    }
