"""Who may do what with stations, receptions and QR codes; used by views, the API and the admin."""

from __future__ import annotations

from typing import Any

from .models import QrCode, Reception


def can_record_reception(user: Any, reception: Reception) -> bool:
    """Committee staff, or a liaison of the reception's station."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.has_perm("stations.change_reception"):
        return True
    return bool(
        user.has_perm("stations.use_station_workbench")
        and reception.station.liaisons.filter(pk=user.pk).exists()
    )


def can_use_workbench(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.has_perm("stations.use_station_workbench") or user.has_perm("stations.change_reception"))
    )


def can_download_poster_batches(user: Any) -> bool:
    """Zips of posters are heavy to build: committee staff only."""
    return bool(getattr(user, "is_authenticated", False) and user.has_perm("stations.view_qrcode"))


def can_see_reports(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.has_perm("stations.view_station") and user.is_staff
    )


def can_manage_qr(user: Any, code: QrCode) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm("stations.change_qrcode"))
