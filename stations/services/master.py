"""Stations and memberships (编组进站): master data the API, the admin and the spreadsheet import
write through these functions; every change writes an audit event with the before/after of the
changed fields."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import pagecache, roles
from congress.audit import audit_changes, audit_record, field_snapshot
from congress.bodies import check_body_writable, default_body_for
from congress.errors import DomainError
from congress.ids import public_id
from congress.models import Area, Body
from congress.services import validated_save
from deputies.models import Deputy

from ..models import (
    Checklist,
    RotationEntry,
    Station,
    StationMembership,
)

# --- Stations and memberships (master data) --------------------------------------------------------

STATION_FIELDS = (
    "name",
    "brand_name",
    "kind",
    "parent",
    "area",
    "address",
    "latitude",
    "longitude",
    "opening_hours",
    "phone",
    "theme",
    "status",
    "head",
    "checklist",
    "body",
)
STATION_M2M = ("deputy_heads", "liaisons")
STATION_AUDITED = (*STATION_FIELDS, *STATION_M2M)

# China lies between these latitudes and longitudes: a pair outside is a typo or swapped columns.
LATITUDE_RANGE = (Decimal("3"), Decimal("54"))
LONGITUDE_RANGE = (Decimal("73"), Decimal("136"))


def station_check(station: Station) -> None:
    """Rules a station must satisfy beyond its field types (the admin form runs them too)."""
    if (station.latitude is None) != (station.longitude is None):
        raise DomainError(_("Give both latitude and longitude, or neither."), field="latitude")
    if station.latitude is not None and not LATITUDE_RANGE[0] <= station.latitude <= LATITUDE_RANGE[1]:
        raise DomainError(
            _("The latitude is not in China; are latitude and longitude swapped?"), field="latitude"
        )
    if station.longitude is not None and not LONGITUDE_RANGE[0] <= station.longitude <= LONGITUDE_RANGE[1]:
        raise DomainError(_("The longitude is not in China."), field="longitude")
    if station.area_id and station.area.level == Area.Level.CITY:
        raise DomainError(_("Choose the district, street or community the station is in."), field="area")
    node = station.parent
    seen: set[int] = set()
    while node is not None:
        if node.pk == station.pk or node.pk in seen:
            raise DomainError(_("A station cannot be placed under itself."), field="parent")
        seen.add(node.pk)
        node = node.parent


def _liaisons_changed(before: set[int], after: Iterable[Any]) -> None:
    """New liaisons get the liaison role; one who no longer keeps any station loses it, so the
    station desk and workbench close for them."""
    after_users = list(after)
    for user in after_users:
        if user.pk not in before:
            roles.role_grant(user=user, code=roles.STATION_LIAISON)
    removed = before - {user.pk for user in after_users}
    if removed:
        from django.contrib.auth import get_user_model

        for user in get_user_model().objects.filter(pk__in=removed):
            if not user.liaison_stations.exists():
                roles.role_revoke(user=user, code=roles.STATION_LIAISON)


@pagecache.bumps(pagecache.DIRECTORY)
def station_create(
    *,
    name: str,
    kind: str,
    area: Area,
    address: str,
    brand_name: str = "",
    parent: Station | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    opening_hours: str = "",
    phone: str = "",
    theme: str = "",
    status: str = Station.Status.BUILT,
    head: Deputy | None = None,
    checklist: Checklist | None = None,
    deputy_heads: Iterable[Deputy] = (),
    liaisons: Iterable[Any] = (),
    slug: str = "",
    body: Body | None = None,
    actor: Any = None,
) -> Station:
    """Add a station to the network (代表之家 → 联络站 → 联系点, 003:539), run by ``body`` (the root
    body when none is named)."""
    if body is not None:
        check_body_writable(actor, body.pk)
    station = Station(
        body=body or default_body_for(actor),
        name=(name or "").strip(),
        slug=slug or public_id(),
        kind=kind,
        area=area,
        address=(address or "").strip(),
        brand_name=(brand_name or "").strip(),
        parent=parent,
        latitude=latitude,
        longitude=longitude,
        opening_hours=(opening_hours or "").strip(),
        phone=(phone or "").strip(),
        theme=(theme or "").strip(),
        status=status or Station.Status.BUILT,
        head=head,
        checklist=checklist,
    )
    station_check(station)
    with transaction.atomic():
        validated_save(station)
        station.deputy_heads.set(list(deputy_heads))
        liaison_users = list(liaisons)
        station.liaisons.set(liaison_users)
        _liaisons_changed(set(), liaison_users)
        audit_changes(
            target=station,
            action="create",
            before={},
            after=field_snapshot(station, STATION_AUDITED),
            actor=actor,
        )
    return station


@pagecache.bumps(pagecache.DIRECTORY)
def station_update(*, station: Station, changes: Mapping[str, Any], actor: Any = None) -> Station:
    """Change a station's details; ``deputy_heads`` and ``liaisons`` take the new lists. A change of
    status (planned → building → built, 002:575) is recorded as a move from one state to another."""
    check_body_writable(actor, station.body_id)
    changes = dict(changes)
    if changes.get("body") is not None:  # never moved to a body the actor does not write for
        check_body_writable(actor, changes["body"].pk)
    unknown = set(changes) - set(STATION_AUDITED)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": "、".join(sorted(unknown))}
        )
    with transaction.atomic():
        locked = (
            Station.objects.select_for_update(of=("self",))
            .select_related("area", "parent")
            .get(pk=station.pk)
        )
        before = field_snapshot(locked, STATION_AUDITED)
        before_liaisons = set(locked.liaisons.values_list("pk", flat=True))
        previous_status = locked.status
        m2m = {name: changes.pop(name) for name in STATION_M2M if name in changes}
        for name, value in changes.items():
            setattr(locked, name, value)
        station_check(locked)
        validated_save(locked)
        if "deputy_heads" in m2m:
            locked.deputy_heads.set(list(m2m["deputy_heads"]))
        if "liaisons" in m2m:
            users = list(m2m["liaisons"])
            locked.liaisons.set(users)
            _liaisons_changed(before_liaisons, users)
        moved = previous_status != locked.status
        audit_changes(
            target=locked,
            action="status_change" if moved else "update",
            before=before,
            after=field_snapshot(locked, STATION_AUDITED),
            actor=actor,
            from_state=previous_status if moved else "",
            to_state=locked.status if moved else "",
        )
    return locked


@pagecache.bumps(pagecache.DIRECTORY)
def membership_add(
    *, station: Station, deputy: Deputy, joined_on: datetime.date | None = None, actor: Any = None
) -> StationMembership:
    """Group a deputy into a station (编组进站, 003:562). Adding an existing membership changes only
    its date."""
    check_body_writable(actor, station.body_id)
    if deputy.status != Deputy.Status.ACTIVE:
        raise DomainError(_("Only an active deputy is grouped into a station."), field="deputy")
    if joined_on and joined_on > timezone.localdate():
        raise DomainError(_("The date of joining cannot be in the future."), field="joined_on")
    with transaction.atomic():
        existing = (
            StationMembership.objects.select_for_update().filter(station=station, deputy=deputy).first()
        )
        if existing is not None:
            if joined_on and existing.joined_on != joined_on:
                before = field_snapshot(existing, ("joined_on",))
                existing.joined_on = joined_on
                existing.save(update_fields=["joined_on"])
                audit_changes(
                    target=station,
                    action="membership_update",
                    before=before,
                    after=field_snapshot(existing, ("joined_on",)),
                    actor=actor,
                    note=deputy.name,
                )
            return existing
        membership = StationMembership.objects.create(
            station=station, deputy=deputy, joined_on=joined_on or timezone.localdate()
        )
        for target, label in ((station, deputy.name), (deputy, station.name)):
            audit_record(
                target=target,
                action="membership_add",
                actor=actor,
                note=label,
                data={"changes": {"members" if target is station else "stations": [None, label]}},
            )
    return membership


@pagecache.bumps(pagecache.DIRECTORY)
def membership_remove(*, membership: StationMembership, actor: Any = None) -> None:
    """Take a deputy out of a station; their rota places at its schedules go too."""
    check_body_writable(actor, membership.station.body_id)
    with transaction.atomic():
        station, deputy = membership.station, membership.deputy
        RotationEntry.objects.filter(schedule__station=station, deputy=deputy).delete()
        membership.delete()
        for target, label in ((station, deputy.name), (deputy, station.name)):
            audit_record(
                target=target,
                action="membership_remove",
                actor=actor,
                note=label,
                data={"changes": {"members" if target is station else "stations": [label, None]}},
            )
