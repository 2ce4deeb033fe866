"""QR code images (一人一码, 003:564–566): PNG and SVG with segno. The A4 posters that carry them
are documents of ``congress/reports`` (``congress/reports/posters.py``), which reads the poster
sheets through ``stations.selectors.poster_sheets``."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from congress.downloads import download_filename

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


def qr_svg_data_uri(token: str) -> str:
    """The code as an SVG data URI, for pages and documents that embed it."""
    return str(_symbol(token).svg_data_uri(scale=10, border=2))


def poster_filename(code: QrCode, extension: str, *, unique: bool = False) -> str:
    """Named as a clerk files it: 王芳-二维码海报.pdf, 王芳-二维码.png. ``unique`` adds the code
    (for a zip, where two deputies may share a name)."""
    owner = code.deputy or code.station
    name = getattr(owner, "name", "") or code.token
    label = _("QR code poster") if extension == "pdf" else _("QR code")
    return download_filename(name, label, code.token if unique else "", extension=extension)
