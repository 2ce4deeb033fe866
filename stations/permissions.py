"""Who may do what with stations, memberships, receptions and QR codes; used by views, the API and
the admin alike.

The station workbench and the station desk open for a liaison who holds the liaison role *and* is
linked to at least one station: taking the user out of the role closes both pages even while the
link stays. Committee staff (who may change receptions) use the workbench for every station.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import permissions as drf_permissions

from .models import QrCode, Reception, Station

WORKBENCH_PERMISSION = "stations.use_station_workbench"


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", True))


def has_liaison_role(user: Any) -> bool:
    return _authenticated(user) and bool(user.has_perm(WORKBENCH_PERMISSION))


def liaison_stations(user: Any) -> QuerySet[Station]:
    """The stations a user keeps as a liaison (role and link) in a body where they hold the liaison
    role (``congress.bodies.liaison_body_ids``); none without the role."""
    if not has_liaison_role(user):
        return Station.objects.none()
    from congress.bodies import liaison_body_ids

    return Station.objects.filter(liaisons=user.pk, body_id__in=liaison_body_ids(user))


def can_record_reception(user: Any, reception: Reception) -> bool:
    """Committee staff, or a liaison (role and link) of the reception's station."""
    if not _authenticated(user):
        return False
    if user.has_perm("stations.change_reception"):
        from congress.bodies import can_write_body

        return can_write_body(user, reception.station.body_id)
    return liaison_stations(user).filter(pk=reception.station_id).exists()


def can_use_workbench(user: Any) -> bool:
    if not _authenticated(user):
        return False
    if user.has_perm("stations.change_reception"):
        return True
    return liaison_stations(user).exists()


def can_add_stations(user: Any) -> bool:
    return _authenticated(user) and bool(user.has_perm("stations.add_station"))


def can_change_stations(user: Any) -> bool:
    return _authenticated(user) and bool(user.has_perm("stations.change_station"))


def can_manage_memberships(user: Any) -> bool:
    return _authenticated(user) and bool(user.has_perm("stations.change_stationmembership"))


def can_download_poster_batches(user: Any) -> bool:
    """Zips of posters are heavy to build: committee staff only."""
    return _authenticated(user) and bool(user.has_perm("stations.view_qrcode"))


def can_see_reports(user: Any) -> bool:
    return bool(_authenticated(user) and user.has_perm("stations.view_station") and user.is_staff)


def can_manage_qr(user: Any, code: QrCode) -> bool:
    return _authenticated(user) and bool(user.has_perm("stations.change_qrcode"))


class StationApiPermission(drf_permissions.BasePermission):
    """Anyone reads stations open to the public; staff with the model permissions write them
    (through the services)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in drf_permissions.SAFE_METHODS:
            return True
        if request.method == "POST":
            return can_add_stations(request.user)
        return can_change_stations(request.user)
