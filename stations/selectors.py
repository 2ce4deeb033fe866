"""Reads about stations and QR codes that other apps rely on."""

from __future__ import annotations

from dataclasses import dataclass

from deputies.models import Deputy

from .models import QrCode, Station


@dataclass(frozen=True)
class QrTarget:
    """Who a scanned QR code belongs to. ``revoked`` codes still name their owner so the landing page
    can say whose code it was and where to go instead."""

    token: str
    deputy: Deputy | None
    station: Station | None
    revoked: bool


def qr_target(token: str) -> QrTarget | None:
    """The owner of a QR token, or None when no such token was ever issued."""
    code = (
        QrCode.objects.select_related("deputy", "station", "station__area").filter(token=token[:16]).first()
    )
    if code is None:
        return None
    return QrTarget(
        token=code.token, deputy=code.deputy, station=code.station, revoked=code.revoked_at is not None
    )


def qr_live_code(*, deputy: Deputy | None = None, station: Station | None = None) -> QrCode | None:
    codes = QrCode.objects.filter(revoked_at__isnull=True)
    if deputy is not None:
        return codes.filter(deputy=deputy).first()
    if station is not None:
        return codes.filter(station=station).first()
    return None
