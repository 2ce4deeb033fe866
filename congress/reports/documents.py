"""The other documents on the shared PDF module: the handling-unit report (one unit, or all units in
a zip), the station registers (五簿一档) and the monthly dispatch of key suggestions for leaders.

Each builder returns the figures it read (JSON-able, no timestamp) and the file drawn from them.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from congress.models import HandlingUnit
from deputies import reports as deputy_data
from stations import reports as station_data
from suggestions import reports as suggestion_data

from .annual import figures_json
from .league import minimum_rated
from .pdf import DocumentInfo, charts, render_document, render_pdf
from .reads import WHOLE, Period, Scope, report_database
from .rounding import percent_text

Progress = Callable[[int, str], None]


def _num(value: Any) -> dict[str, Any]:
    return {"num": True, "text": f"{value:,}" if isinstance(value, int) else str(value)}


def _pct(rate: dict[str, Any]) -> dict[str, Any]:
    # Divided and rounded once, half up, like every printed rate (``rounding``).
    return {"num": True, "text": f"{percent_text(rate)}（n={rate['denominator']}）"}


# -- handling-unit report -----------------------------------------------------------------------


def unit_figures(unit_id: int, period: Period, *, using: str | None = None) -> dict[str, Any]:
    using = using or report_database()
    s, e = period.start, period.end
    unit = HandlingUnit.objects.using(using).filter(pk=unit_id).values("pk", "name").first() or {}
    rows = suggestion_data.units(s, e, unit_id=unit_id, using=using)
    summary = rows[0] if rows else None
    figures = {
        "unit": unit,
        "period": period.as_dict(),
        "handling": suggestion_data.handling(s, e, unit_id=unit_id, using=using),
        "outcomes": suggestion_data.outcome_classes(s, e, unit_id=unit_id, using=using),
        "satisfaction": summary
        and {
            "ratings": summary["ratings"],
            "rated_items": summary["rated_items"],
            "satisfaction_rate": summary["satisfaction_rate"],
        },
        "minimum_rated": minimum_rated(),
        "items": suggestion_data.items_of_unit(s, e, unit_id=unit_id, using=using),
        "overdue": suggestion_data.overdue_at_end(s, e, unit_id=unit_id, using=using, limit=500),
    }
    return json.loads(figures_json(figures))


def _unit_sections(f: dict[str, Any]) -> list[dict[str, Any]]:
    handling = f["handling"]
    outcomes = f["outcomes"]
    rated = f["satisfaction"] or {
        "ratings": 0,
        "rated_items": 0,
        "satisfaction_rate": {"numerator": 0, "denominator": 0, "rate": None},
    }
    small = rated["rated_items"] < f["minimum_rated"]
    return [
        {
            "anchor": "summary",
            "title": _("1. Summary"),
            "figures": [
                {"value": f"{handling['assigned']:,}", "label": _("Dispatches (lead unit)")},
                {"value": f"{handling['replied']:,}", "label": _("Replied")},
                {
                    "value": percent_text(handling["on_time_rate"]),
                    "label": _("On-time reply rate"),
                    "note": f"n={handling['on_time_rate']['denominator']}",
                },
                {
                    "value": percent_text(rated["satisfaction_rate"]),
                    "label": _("Satisfaction rate"),
                    "note": f"n={rated['satisfaction_rate']['denominator']}"
                    + (f" · {_('sample too small')}" if small else ""),
                },
                {"value": f"{f['overdue']['count']:,}", "label": _("Overdue at the end of the period")},
            ],
            "charts": [
                charts.svg_data_uri(
                    charts.pie_chart(
                        [_("A solved or adopted"), _("B being solved"), _("C kept for reference")],
                        [outcomes["A"], outcomes["B"], outcomes["C"]],
                        title=_("Outcome classes"),
                        width_cm=9,
                    )
                )
            ],
            "tables": [
                {
                    "headers": [_("Outcome class"), _("Replies")],
                    "rows": [
                        [_("A solved or adopted"), _num(outcomes["A"])],
                        [_("B being solved"), _num(outcomes["B"])],
                        [_("C kept for reference"), _num(outcomes["C"])],
                    ],
                }
            ],
        },
        {
            "anchor": "items",
            "title": _("2. Items handled"),
            "tables": [
                {
                    "headers": [
                        _("Code"),
                        _("Title"),
                        _("Assigned"),
                        _("Due date"),
                        _("Replied"),
                        _("State"),
                    ],
                    "rows": [
                        [
                            row["code"],
                            row["title"],
                            row["assigned_on"],
                            row["due_date"],
                            row["replied_on"]
                            + ("" if row["on_time"] or not row["replied_on"] else _(" (late)")),
                            row["status"],
                        ]
                        for row in f["items"]
                    ],
                }
            ],
        },
        {
            "anchor": "overdue",
            "title": _("3. Overdue at the end of the period"),
            "tables": [
                {
                    "headers": [_("Code"), _("Title"), _("Due date"), _("Days overdue")],
                    "rows": [
                        [row["code"], row["title"], row["due_date"], _num(row["days_overdue"])]
                        for row in f["overdue"]["rows"]
                    ],
                }
            ],
        },
    ]


def _unit_info(f: dict[str, Any], period: Period) -> DocumentInfo:
    return DocumentInfo(
        title=_("Handling report of %(unit)s") % {"unit": f["unit"].get("name", "")},
        subtitle=period.label,
    )


def unit_report(unit_id: int, period: Period) -> tuple[dict[str, Any], bytes]:
    with translation.override(settings.LANGUAGE_CODE):
        figures = unit_figures(unit_id, period)
        pdf = render_pdf(
            "reports/pdf/generic.html",
            {"sections": _unit_sections(figures)},
            info=_unit_info(figures, period),
        )
    return figures, pdf


def units_zip(
    period: Period, *, scope: Scope = WHOLE, progress: Progress | None = None
) -> tuple[dict[str, Any], bytes]:
    """One PDF per unit with dispatches in the period (of the body's items), in one zip."""
    step = progress or (lambda percent, text: None)
    using = report_database()
    ids = [
        row["unit_id"]
        for row in suggestion_data.units(period.start, period.end, using=using, **scope.subtree)
    ]
    buffer = io.BytesIO()
    index: dict[str, Any] = {"period": period.as_dict(), "units": []}
    with (
        translation.override(settings.LANGUAGE_CODE),
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for number, unit_id in enumerate(ids, start=1):
            figures = unit_figures(unit_id, period, using=using)
            step(5 + 90 * number // max(len(ids), 1), figures["unit"].get("name", ""))
            document = render_document(
                "reports/pdf/generic.html",
                {"sections": _unit_sections(figures)},
                info=_unit_info(figures, period),
            )
            name = f"{number:03d}-{figures['unit'].get('name', unit_id)}.pdf"
            archive.writestr(name, bytes(document.write_pdf()))
            index["units"].append(figures)
    return index, buffer.getvalue()


# -- station registers (五簿一档) -------------------------------------------------------------------

ACTIVITY_KINDS = ("inspection", "meeting_attended", "opinion_handled", "suggestion_filed", "other")


def station_figures(station_id: int, period: Period, *, using: str | None = None) -> dict[str, Any]:
    using = using or report_database()
    s, e = period.start, period.end
    members = station_data.station_member_ids(station_id, using=using)
    figures = {
        "station": station_data.station_header(station_id, using=using),
        "period": period.as_dict(),
        "activities": deputy_data.duty_rows(s, e, deputy_ids=members, kinds=ACTIVITY_KINDS, using=using),
        "receptions": station_data.station_receptions(s, e, station_id=station_id, using=using),
        "trainings": deputy_data.duty_rows(s, e, deputy_ids=members, kinds=("training",), using=using),
        "referrals": suggestion_data.station_items(s, e, station_id=station_id, using=using),
        "report_backs": deputy_data.duty_rows(s, e, deputy_ids=members, kinds=("report_back",), using=using),
        "deputies": deputy_data.deputy_file(deputy_ids=members, start=s, end=e, using=using),
    }
    return json.loads(figures_json(figures))


def _register_sections(f: dict[str, Any]) -> list[dict[str, Any]]:
    def duty_table(rows: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "headers": [_("Date"), _("Deputy"), _("Kind"), _("Note")],
            "rows": [[row["on"], row["deputy"], row["kind"], row["note"]] for row in rows],
        }

    return [
        {"anchor": "activities", "title": _("1. Activity register"), "tables": [duty_table(f["activities"])]},
        {
            "anchor": "receptions",
            "title": _("2. Reception register"),
            "new_page": True,
            "tables": [
                {
                    "headers": [
                        _("Date"),
                        _("Time"),
                        _("Deputies present"),
                        _("Visitors"),
                        _("Opinions taken down"),
                    ],
                    "rows": [
                        [
                            row["date"],
                            row["time"],
                            row["deputies"],
                            _num(row["visitors"]),
                            row["opinions"] or row["topic"],
                        ]
                        for row in f["receptions"]
                    ],
                }
            ],
        },
        {
            "anchor": "trainings",
            "title": _("3. Training register"),
            "new_page": True,
            "tables": [duty_table(f["trainings"])],
        },
        {
            "anchor": "referrals",
            "title": _("4. Referral register"),
            "new_page": True,
            "tables": [
                {
                    "headers": [_("Code"), _("Date"), _("Opinion"), _("Lead unit"), _("State")],
                    "rows": [
                        [row["code"], row["submitted_on"], row["title"], row["lead_unit"], row["status"]]
                        for row in f["referrals"]
                    ],
                }
            ],
        },
        {
            "anchor": "report_backs",
            "title": _("5. Report-back register"),
            "new_page": True,
            "tables": [duty_table(f["report_backs"])],
        },
        {
            "anchor": "deputies",
            "title": _("Deputy file"),
            "new_page": True,
            "tables": [
                {
                    "headers": [
                        pgettext("person", "Name"),
                        _("Gender"),
                        _("Born"),
                        _("Party"),
                        _("Level"),
                        _("Work unit and title"),
                        _("Duty entries"),
                    ],
                    "rows": [
                        [
                            row["name"],
                            row["gender"],
                            _num(str(row["birth_year"])),
                            row["party"],
                            row["level"],
                            row["work"],
                            _num(row["entries"]),
                        ]
                        for row in f["deputies"]
                    ],
                }
            ],
        },
    ]


def station_register(station_id: int, period: Period) -> tuple[dict[str, Any], bytes]:
    from .pdf import TocEntry

    with translation.override(settings.LANGUAGE_CODE):
        figures = station_figures(station_id, period)
        sections = _register_sections(figures)
        info = DocumentInfo(
            title=_("Registers of %(station)s") % {"station": figures["station"].get("name", "")},
            subtitle=_("Five registers and one file · %(period)s") % {"period": period.label},
            cover=True,
            toc=[TocEntry(section["anchor"], section["title"]) for section in sections],
        )
        pdf = render_pdf("reports/pdf/generic.html", {"sections": sections}, info=info)
    return figures, pdf


# -- monthly dispatch of key suggestions --------------------------------------------------------


def key_monthly_figures(
    today: datetime.date, *, scope: Scope = WHOLE, using: str | None = None
) -> dict[str, Any]:
    """Key suggestions open at the end of the previous month or received in it, with supervision, of
    ``scope``'s body and the bodies below it (the whole network for the root)."""
    using = using or report_database()
    first = today.replace(day=1)
    last_month_end = first - datetime.timedelta(days=1)
    period = Period.month(last_month_end.year, last_month_end.month)
    start, end, within = period.start, period.end, scope.subtree
    figures = {
        "month": f"{start:%Y-%m}",
        "period": period.as_dict(),
        "body": scope.as_dict(),
        "key": suggestion_data.key_suggestions(start, end, using=using, limit=500, **within),
        "supervision": suggestion_data.supervision(start, end, using=using, **within),
        "overdue": suggestion_data.overdue_at_end(start, end, using=using, limit=0, **within)["count"],
        "hotspots": [
            {
                "label": view.label,
                "size": view.size,
                "in_month": view.recent,
                "areas": view.areas,
                "first_code": view.first_code,
            }
            for view in suggestion_data.hotspots_in_period(start, end, using=using, **within)
        ],
    }
    return json.loads(figures_json(figures))


def key_monthly_report(today: datetime.date, *, scope: Scope = WHOLE) -> tuple[dict[str, Any], bytes]:
    with translation.override(settings.LANGUAGE_CODE):
        f = key_monthly_figures(today, scope=scope)
        key = f["key"]
        sections = [
            {
                "anchor": "key",
                "title": _("Key suggestions"),
                "paragraphs": [
                    _(
                        "%(total)s key suggestions were under leaders' supervision in %(month)s, "
                        "%(closed)s of them closed; %(held)s supervision activities were held."
                    )
                    % {
                        "total": key["total"],
                        "month": f["month"],
                        "closed": key["closed"],
                        "held": f["supervision"]["total"],
                    }
                ],
                "tables": [
                    {
                        "headers": [
                            _("Code"),
                            _("Title"),
                            _("Lead unit"),
                            _("Lead official"),
                            _("Supervising leader"),
                            _("State"),
                            pgettext("count", "Supervision"),
                        ],
                        "rows": [
                            [
                                row["code"],
                                row["title"],
                                row["lead_unit"],
                                row["lead_official"],
                                row["supervising_leader"],
                                row["status"],
                                _num(row["supervisions"]),
                            ]
                            for row in key["rows"]
                        ],
                    }
                ],
            },
            {
                "anchor": "supervision",
                "title": _("Supervision by kind"),
                "tables": [
                    {
                        "headers": [_("Kind"), _("Count")],
                        "rows": [[row["label"], _num(row["count"])] for row in f["supervision"]["by_kind"]],
                    }
                ],
            },
        ]
        sections.append(_hotspot_section(f))
        info = DocumentInfo(
            title=_("Monthly dispatch of key suggestions %(month)s") % {"month": f["month"]},
            issuer=scope.name,
        )
        pdf = render_pdf("reports/pdf/generic.html", {"sections": sections}, info=info)
    return f, pdf


def _hotspot_section(f: dict[str, Any]) -> dict[str, Any]:
    """热点民情 of the month, the body's own part of each cluster (docs/suggestions.md §11)."""
    hotspots = f["hotspots"]
    return {
        "anchor": "hotspots",
        "title": _("Hotspots of the month"),
        "paragraphs": [
            _(
                "%(count)s clusters of similar opinions were seen in %(month)s; each counts only the items "
                "of this body and the bodies below it."
            )
            % {"count": len(hotspots), "month": f["month"]}
        ],
        "tables": [
            {
                "headers": [
                    _("Shared words"),
                    _("Items"),
                    _("Of them this month"),
                    _("Places"),
                    _("First item"),
                ],
                "rows": [
                    [
                        row["label"],
                        _num(row["size"]),
                        _num(row["in_month"]),
                        "、".join(row["areas"]) or "—",
                        row["first_code"],
                    ]
                    for row in hotspots
                ],
            }
        ],
    }
