"""QR code images and A4 posters (一人一码, 003:564–566): PNG and SVG with segno, the poster PDF
on the portal's shared PDF module (``congress.reports.pdf``), and a zip of posters for a station or a
district."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.reports.pdf import DocumentInfo, render_document

from .models import QrCode

# Scale of the PNG download: 12 px per module prints sharply at badge and wall sizes.
PNG_SCALE = getattr(settings, "QR_PNG_SCALE", 12)


def qr_url(token: str) -> str:
    """The absolute URL a printed code points at; /q/<token>/ never changes (congress/urls.py)."""
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("qr-landing", args=[token])


def _symbol(token: str) -> segno.QRCode:
    # Error correction "Q" survives a smudged or partly covered poster.
    return segno.make(qr_url(token), error="q", micro=False)


def qr_png(token: str, *, scale: int = PNG_SCALE) -> bytes:
    buffer = io.BytesIO()
    _symbol(token).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_svg(token: str) -> bytes:
    buffer = io.BytesIO()
    _symbol(token).save(buffer, kind="svg", scale=10, border=4, xmldecl=True, svgclass=None, lineclass=None)
    return buffer.getvalue()


def _poster_context(code: QrCode) -> dict[str, object]:
    deputy, station = code.deputy, code.station
    photo_uri = ""
    if deputy is not None and deputy.photo:
        try:
            photo_path = Path(deputy.photo.path)
            if photo_path.is_file():
                photo_uri = photo_path.as_uri()
        except (NotImplementedError, ValueError):
            photo_uri = ""
    stations = list(deputy.stations.all()[:2]) if deputy is not None else []
    return {
        "code": code,
        "deputy": deputy,
        "station": station,
        "stations": stations,
        "photo_uri": photo_uri,
        "qr_svg_uri": _symbol(code.token).svg_data_uri(scale=10, border=2),
        "url": qr_url(code.token),
        "committee_name": settings.COMMITTEE_NAME,
    }


def _render(codes: list[QrCode]) -> Any:
    # Posters go on walls in China: the shared module prints them in Chinese whatever language the
    # person downloading uses, and refuses to print boxes when no Chinese font is installed.
    return render_document(
        "stations/posters/poster.html",
        {"posters": [_poster_context(code) for code in codes]},
        info=DocumentInfo(title=_("QR code poster"), full_bleed=True),
    )


def poster_pdf(code: QrCode) -> bytes:
    """One A4 page: name, photo, level, station, the code and one line of instructions."""
    return bytes(_render([code]).write_pdf())


def poster_filename(code: QrCode, extension: str) -> str:
    owner = code.deputy or code.station
    slug = getattr(owner, "slug", code.token)
    return f"{slug}-{code.token}.{extension}"


def posters_zip(codes: Iterable[QrCode]) -> bytes:
    """A zip with one poster PDF per code. The posters are laid out in one document (fonts load
    once) and each page is written out on its own."""
    code_list = list(codes)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if code_list:
            document = _render(code_list)
            for code, page in zip(code_list, document.pages, strict=False):
                archive.writestr(poster_filename(code, "pdf"), bytes(document.copy([page]).write_pdf()))
                archive.writestr(poster_filename(code, "png"), qr_png(code.token))
    return buffer.getvalue()
