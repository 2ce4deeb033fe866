"""Writes about stations and QR codes."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from congress.ids import public_id
from deputies.models import Deputy

from .models import QrCode, Station


def qr_code_issue(*, deputy: Deputy | None = None, station: Station | None = None) -> QrCode:
    """Issue a fresh QR token for a deputy or a station, revoking the live one if there is one."""
    if (deputy is None) == (station is None):
        raise ValueError("a QR code belongs to exactly one deputy or one station")
    with transaction.atomic():
        live = QrCode.objects.select_for_update().filter(
            revoked_at__isnull=True, deputy=deputy, station=station
        )
        live.update(revoked_at=timezone.now(), revoked_reason="reissued")
        return QrCode.objects.create(token=public_id(10), deputy=deputy, station=station)


def qr_code_revoke(*, code: QrCode, reason: str) -> QrCode:
    """Withdraw a QR code: scanning it shows a clear page pointing to the directory."""
    if code.revoked_at is None:
        QrCode.objects.filter(pk=code.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason=reason[:200]
        )
        code.refresh_from_db()
    return code
