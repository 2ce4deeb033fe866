"""The deputy's QR code on their public page. The deputies app does not import this one (stations
depends on deputies): its template loads this tag, which reads the live code here."""

from __future__ import annotations

from typing import Any

from django import template

from stations.models import QrCode

register = template.Library()


@register.inclusion_tag("stations/includes/deputy_qr.html")
def deputy_qr(deputy: Any) -> dict[str, Any]:
    """The deputy's live QR code (one query), shown to scan or to save, or nothing before the
    committee office has issued one."""
    code = QrCode.objects.filter(deputy=deputy, revoked_at__isnull=True).only("token").first()
    return {"code": code, "deputy": deputy}
