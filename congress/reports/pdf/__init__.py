"""The shared PDF module: every document of the portal is an HTML template laid out by WeasyPrint.

Templates extend ``reports/pdf/base.html``, which gives A4 pages, the Chinese fonts (宋体-style
body, 黑体-style headings), a running header with the committee's name and the document title, the
footer "第 X 页 共 Y 页", an optional cover in official style (issuing body, title, date), an
optional table of contents and tables that break across pages with their header repeated. Charts
come from ``congress.reports.pdf.charts`` as SVG.

This module imports no app; the documents built on it (``congress.reports``) read the apps through
their selectors, and no app imports either.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise

from congress.bodies import root_body_name

from .fonts import CjkFontMissing, require_cjk_fonts

__all__ = [
    "CjkFontMissing",
    "DocumentInfo",
    "official_date",
    "render_document",
    "render_html",
    "render_pdf",
]


def official_date(day: datetime.date) -> str:
    """The date as an official document prints it (成文日期, GB/T 9704-2012 §7.3.5.1: Arabic
    numerals, the year in full, no leading zeros): 2026年1月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str
    level: int = 1


@dataclass
class DocumentInfo:
    """What the frame of every document shows: title, issuing body, date, header text."""

    # Lazy translations are welcome: they are evaluated while the document renders, in Chinese.
    title: str | Promise
    date: datetime.date | None = None
    subtitle: str | Promise = ""
    issuer: str = ""
    cover: bool = False
    toc: list[TocEntry] = field(default_factory=list)
    # Poster-like documents: no margins, no running header and footer.
    full_bleed: bool = False

    def context(self) -> dict[str, Any]:
        day = self.date or timezone.localdate()
        issuer = self.issuer or root_body_name()
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "issuer": issuer,
            "date": day,
            "date_text": official_date(day),
            "cover": self.cover,
            "toc": self.toc,
            "full_bleed": self.full_bleed,
        }


def render_html(template_name: str, context: dict[str, Any], *, info: DocumentInfo) -> str:
    # Official documents are Chinese whatever language the person generating them uses.
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template_name, {**context, "doc": info.context()})


def render_document(template_name: str, context: dict[str, Any], *, info: DocumentInfo) -> Any:
    """Lay the document out (a ``weasyprint.Document``: pages can be counted or written one by one).
    Raises ``CjkFontMissing`` when no Chinese font is installed."""
    require_cjk_fonts()
    from weasyprint import HTML  # imported late: loading Pango costs a second at start-up

    html = render_html(template_name, context, info=info)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render()


def render_pdf(template_name: str, context: dict[str, Any], *, info: DocumentInfo) -> bytes:
    return bytes(render_document(template_name, context, info=info).write_pdf())
