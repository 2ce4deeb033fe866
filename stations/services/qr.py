"""QR codes (一人一码): issue and revoke the stable opaque tokens of deputies and stations."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from congress.audit import audit_record
from congress.bodies import body_id_of, check_body_writable
from congress.ids import public_id
from deputies.models import Deputy

from ..models import (
    QrCode,
    Station,
)


def qr_code_issue(
    *, deputy: Deputy | None = None, station: Station | None = None, actor: Any = None
) -> QrCode:
    """Issue a fresh QR token for a deputy or a station, revoking the live one if there is one.
    The owner's audit trail records the issue (and the reissue)."""
    check_body_writable(actor, body_id_of(station or deputy))
    if (deputy is None) == (station is None):
        raise ValueError("a QR code belongs to exactly one deputy or one station")
    owner: Deputy | Station = deputy or station  # type: ignore[assignment]
    with transaction.atomic():
        live = list(
            QrCode.objects.select_for_update().filter(revoked_at__isnull=True, deputy=deputy, station=station)
        )
        QrCode.objects.filter(pk__in=[code.pk for code in live]).update(
            revoked_at=timezone.now(), revoked_reason="reissued"
        )
        code = QrCode.objects.create(token=public_id(10), deputy=deputy, station=station)
        audit_record(
            target=owner,
            action="qr_code_reissue" if live else "qr_code_issue",
            actor=actor,
            note=code.token,
            data={"revoked": [old.token for old in live]},
        )
        return code


def qr_code_revoke(*, code: QrCode, reason: str, actor: Any = None) -> QrCode:
    """Withdraw a QR code: scanning it shows a clear page pointing to the directory."""
    check_body_writable(actor, body_id_of(code))
    if code.revoked_at is None:
        with transaction.atomic():
            revoked = QrCode.objects.filter(pk=code.pk, revoked_at__isnull=True).update(
                revoked_at=timezone.now(), revoked_reason=reason[:200]
            )
            code.refresh_from_db()
            owner = code.deputy or code.station
            if revoked and owner is not None:
                audit_record(target=owner, action="qr_code_revoke", actor=actor, note=code.token)
    return code
