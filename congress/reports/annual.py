"""The annual report (年度报告, DOMAIN.md §8): figures from every section, the summary page with the
year-on-year change of every headline figure, and the PDF drawn from the figures alone.

``annual_figures`` reads the database (through the apps' ``reports`` modules, on
``report_database()``); ``annual_pdf`` needs nothing but those figures, so a stored figures JSON
reprints the same report. The figures carry no timestamp: the same data gives the same JSON.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from congress.bodies import root_body

from .pdf import DocumentInfo, TocEntry, render_pdf
from .reads import WHOLE, Period, Scope, report_database
from .sections import Headline, Section, sections

Progress = Callable[[int, str], None]
CHINESE_NUMERALS = "一二三四五六七八九十"


def _change(current: Headline, previous: Headline) -> dict[str, Any]:
    """The change as counts only; it is divided and rounded when printed (``rounding``)."""
    if current.kind == "rate":
        return {"change": None}
    return {"change": current.value - previous.value}


def _sections(scope: Scope) -> list[Section]:
    return [section for section in sections() if section.applies(scope)]


def headline_rows(period: Period, using: str, scope: Scope = WHOLE) -> list[dict[str, Any]]:
    """Every section's headline figures with last year's value and the change beside them (none for
    a figure that is not a count of the period, e.g. the stations there are today)."""
    rows = []
    before = period.previous_year()
    for section in _sections(scope):
        previous = {h.key: h for h in section.headline(before, using, scope)}
        for current in section.headline(period, using, scope):
            old = previous[current.key]
            row: dict[str, Any] = {
                "section": section.key,
                "key": current.key,
                "label": str(current.label),
                "kind": current.kind,
                "value": current.value,
                "compared": current.compared,
                "previous": old.value if current.compared else None,
                "change": None,
            }
            if current.compared:
                row.update(_change(current, old))
            rows.append(row)
    return rows


def annual_figures(
    year: int, *, scope: Scope = WHOLE, progress: Progress | None = None, using: str | None = None
) -> dict[str, Any]:
    """All the figures of the year's report of a body (its own work and its descendants', each item
    once), JSON-able. Without a body, the whole network's under the root's name."""
    using = using or report_database()
    period = Period.year(year)
    step = progress or (lambda percent, text: None)
    parts = _sections(scope)
    with translation.override(settings.LANGUAGE_CODE):
        step(5, _("Headline figures"))
        figures: dict[str, Any] = {
            "year": year,
            "period": period.as_dict(),
            "committee": scope.name or root_body().name,
            "body": scope.as_dict(),
            "headline": headline_rows(period, using, scope),
            "sections": {},
        }
        for index, section in enumerate(parts):
            step(10 + 50 * index // max(len(parts), 1), str(section.title))
            figures["sections"][section.key] = section.figures(period, using, scope)
    # A JSON round trip turns dates and tuples into what the stored file holds.
    return json.loads(figures_json(figures))


def figures_json(figures: dict[str, Any]) -> bytes:
    return json.dumps(figures, ensure_ascii=False, sort_keys=True, indent=1, default=str).encode("utf-8")


def figures_digest(figures: dict[str, Any]) -> str:
    return hashlib.sha256(figures_json(figures)).hexdigest()


def annual_pdf(
    figures: dict[str, Any], *, date: datetime.date | None = None, progress: Progress | None = None
) -> bytes:
    """The report as PDF, from the figures only."""
    step = progress or (lambda percent, text: None)
    year = figures["year"]
    with translation.override(settings.LANGUAGE_CODE):
        chapters = []
        toc = [TocEntry("summary", _("Summary of the year's figures"))]
        parts = [section for section in sections() if section.key in figures["sections"]]
        for index, section in enumerate(parts):
            step(60 + 25 * index // max(len(parts), 1), _("Charts: %(section)s") % {"section": section.title})
            title = f"{CHINESE_NUMERALS[index]}、{section.title}"
            chapters.append(
                {
                    "key": section.key,
                    "anchor": section.key,
                    "title": title,
                    "template": section.template,
                    "f": figures["sections"][section.key],
                    "charts": section.charts(figures["sections"][section.key]),
                }
            )
            toc.append(TocEntry(section.key, title))
        toc.append(TocEntry("definitions", _("Notes on the figures")))
        step(85, _("Laying out the pages"))
        info = DocumentInfo(
            title=_("Annual report %(year)s") % {"year": year},
            subtitle=_("Deputies' liaison, opinions and suggestions, livelihood projects"),
            date=date,
            issuer=figures.get("committee", ""),
            cover=True,
            toc=toc,
        )
        return render_pdf(
            "reports/annual/report.html",
            {"figures": figures, "headline": figures["headline"], "chapters": chapters, "year": year},
            info=info,
        )
