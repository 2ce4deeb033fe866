"""The A4 QR code posters (一人一码, 003:564–566) on the shared PDF module: one poster, or a zip with
one PDF and one PNG per code for a station, a few stations or a district. What each poster prints is
read through ``stations.selectors.poster_sheets``."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from stations.selectors import poster_sheets

from .pdf import DocumentInfo, render_document


def _render(sheets: list[dict[str, Any]]) -> Any:
    # Posters go on walls in China: the shared module prints them in Chinese whatever language the
    # person downloading uses, and refuses to print boxes when no Chinese font is installed.
    return render_document(
        "reports/poster.html",
        {"posters": sheets, "committee_name": settings.COMMITTEE_NAME},
        info=DocumentInfo(title=_("QR code poster"), full_bleed=True),
    )


def poster_pdf(code: Any) -> bytes:
    """One A4 page: name, photo, level, station, the code and one line of instructions."""
    return bytes(_render(poster_sheets([code])).write_pdf())


def posters_zip(codes: Iterable[Any]) -> bytes:
    """A zip with one poster PDF and one code PNG per code. The posters are laid out in one
    document (fonts load once) and each page is written out on its own."""
    sheets = poster_sheets(codes, with_png=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if sheets:
            document = _render(sheets)
            for sheet, page in zip(sheets, document.pages, strict=False):
                archive.writestr(sheet["pdf_name"], bytes(document.copy([page]).write_pdf()))
                archive.writestr(sheet["png_name"], sheet["png"])
    return buffer.getvalue()
