"""Reads about stations and QR codes that other apps rely on."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Max,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from deputies.models import Deputy

from .models import Booking, Checklist, ChecklistItem, Compliance, Inspection, QrCode, Reception, Station


def directory_station_options(*, area_id: int | None = None) -> QuerySet[Station]:
    """The stations the public deputy directory filters by (``deputies.directory``): public homes
    of deputies (代表之家), by name; within district ``area_id`` (its towns' homes) when given."""
    stations = Station.objects.public().filter(kind=Station.Kind.HOME).only("pk", "name").order_by("name")
    if area_id:
        stations = stations.filter(area__parent_id=area_id)
    return stations


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


# Deputies listed from the highest level down (national first), then by name.
LEVEL_RANK = Case(
    *[When(level=value, then=Value(rank)) for rank, value in enumerate(Deputy.Level.values)],
    default=Value(99),
    output_field=IntegerField(),
)


# --- Public directory ------------------------------------------------------------------------------


def station_public_list(
    *, query: str = "", kind: str = "", district_id: int | None = None, body_id: int | None = None
) -> QuerySet[Station]:
    """Stations the public can visit or contact (planned ones are not shown). ``body_id``: the
    stations run by that body and by the bodies below it (a district's streets and townships), one
    prefix match on the body path."""
    stations = Station.objects.public().for_list().order_by("area__code", "name")
    if body_id:
        from congress.models import Body

        path = Body.objects.filter(pk=body_id).values("path")[:1]
        stations = stations.filter(body__path__startswith=Subquery(path))
    if query:
        stations = stations.filter(
            Q(name__icontains=query) | Q(address__icontains=query) | Q(brand_name__icontains=query)
        )
    if kind:
        stations = stations.filter(kind=kind)
    if district_id:
        stations = stations.filter(
            Q(area_id=district_id) | Q(area__parent_id=district_id) | Q(area__parent__parent_id=district_id)
        )
    return stations


def station_map_points(stations: QuerySet[Station]) -> list[dict[str, Any]]:
    """Markers for the map, one query, only stations with coordinates."""
    return [
        {"name": name, "slug": slug, "lat": float(lat or 0), "lng": float(lng or 0), "address": address}
        for name, slug, lat, lng, address in stations.filter(latitude__isnull=False, longitude__isnull=False)
        .order_by()
        .values_list("name", "slug", "latitude", "longitude", "address")
    ]


def station_public_detail(slug: str) -> Station | None:
    return (
        Station.objects.public()
        .select_related("area", "area__parent", "head", "parent")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Deputy.objects.active()
                .only("pk", "name", "slug", "level", "title")
                .annotate(level_rank=LEVEL_RANK)
                .order_by("level_rank", "name"),
            ),
            "deputy_heads",
            Prefetch("children", queryset=Station.objects.public().only("pk", "name", "slug", "parent_id")),
        )
        .filter(slug=slug)
        .first()
    )


def upcoming_receptions(
    *,
    station: Station | None = None,
    district_id: int | None = None,
    today: datetime.date | None = None,
    days: int = 60,
    body_id: int | None = None,
) -> QuerySet[Reception]:
    """Planned receptions from today, soonest first, with the live booking count. ``body_id``: at
    the stations of that body and the bodies below it."""
    today = today or timezone.localdate()
    receptions = (
        Reception.objects.upcoming(today=today)
        .filter(date__lte=today + datetime.timedelta(days=days))
        .select_related("station")
        .annotate(booked=Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED)))
        .order_by("date", "start_time", "pk")
    )
    if station is not None:
        receptions = receptions.filter(station=station)
    if body_id:
        from congress.models import Body

        path = Body.objects.filter(pk=body_id).values("path")[:1]
        receptions = receptions.filter(station__body__path__startswith=Subquery(path))
    if district_id:
        receptions = receptions.filter(
            Q(station__area__parent_id=district_id) | Q(station__area_id=district_id)
        )
    return receptions


def reception_for_booking(pk: int) -> Reception | None:
    return (
        Reception.objects.select_related("station")
        .prefetch_related("duty_deputies")
        .annotate(booked=Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED)))
        .filter(pk=pk)
        .first()
    )


def station_figures(station: Station, *, year: int | None = None) -> dict[str, Any]:
    """四公开 "platform figures": receptions held and visitors this year, deputies in the station."""
    year = year or timezone.localdate().year
    held = Reception.objects.filter(station=station, status=Reception.Status.HELD, date__year=year).aggregate(
        receptions=Count("pk"), visitors=Sum("visitors")
    )
    return {"year": year, "receptions": held["receptions"] or 0, "visitors": held["visitors"] or 0}


def station_recent_held(station: Station, *, limit: int = 5) -> QuerySet[Reception]:
    return Reception.objects.filter(station=station, status=Reception.Status.HELD).order_by("-date")[:limit]


def station_checklist(station: Station) -> list[tuple[ChecklistItem, Compliance | None]]:
    """The station's checklist items (its own checklist or the default) with its compliance."""
    checklist = station.checklist or Checklist.objects.filter(is_default=True).first()
    if checklist is None:
        return []
    done = {c.item_id: c for c in Compliance.objects.filter(station=station)}
    return [(item, done.get(item.pk)) for item in checklist.items.all()]


# --- Staff reports ---------------------------------------------------------------------------------


def deputies_without_station(*, body_ids: list[int] | None = None) -> QuerySet[Deputy]:
    """Active deputies in no station (编组进站 requires every active deputy in one, 003:562); with
    ``body_ids``, those of these bodies (a user's scope, ``congress.bodies``)."""
    return (
        Deputy.objects.in_bodies(body_ids)
        .active()
        .filter(memberships__isnull=True)
        .select_related("area")
        .order_by("level", "area__code", "name")
    )


def inspection_ranking(*, year: int | None = None, body_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """Stations ranked by their best inspection total of the year (ties share a rank); with
    ``body_ids``, the stations of these bodies."""
    year = year or timezone.localdate().year
    rows = list(
        Inspection.objects.in_bodies(body_ids)
        .filter(inspected_on__year=year)
        .values("station_id", "station__name", "station__slug", "station__area__name")
        .annotate(
            best=Max("total"),
            hardware=Max("hardware"),
            rules=Max("rules"),
            records=Max("records"),
            activities=Max("activities"),
            inspections=Count("pk"),
        )
        .order_by("-best", "station__name")
    )
    rank, previous = 0, None
    for position, row in enumerate(rows, start=1):
        if row["best"] != previous:
            rank, previous = position, row["best"]
        row["rank"] = rank
    return rows


def receptions_for_liaison(user: Any) -> QuerySet[Reception]:
    """Receptions a liaison may record: those of their stations in the bodies where they hold the
    liaison role; committee staff see those of their bodies and the bodies below (docs/bodies.md)."""
    from .permissions import liaison_stations

    receptions = Reception.objects.select_related("station").order_by("-date", "start_time")
    if user.has_perm("stations.change_reception"):
        return receptions.visible_to(user)
    return receptions.filter(station__in=liaison_stations(user))


def poster_codes(
    *,
    user: Any,
    station: Station | None = None,
    area: Any = None,
    station_ids: list[int] | None = None,
) -> QuerySet[QrCode]:
    """Live codes of a station and its member deputies, of a few chosen stations, or of every
    station in an area (district, street …) and their deputies, in print order — only stations
    ``user`` sees (a sibling body's station, named or inside the area, prints nothing)."""
    from congress.models import Area

    codes = QrCode.objects.filter(revoked_at__isnull=True).select_related("deputy", "station")
    visible = Station.objects.visible_to(user)
    if station is not None:
        stations = visible.filter(pk=station.pk)
    elif station_ids:
        stations = visible.filter(pk__in=station_ids)
    elif area is not None:
        stations = visible.filter(area__in=Area.objects.descendants_of(area))
    else:
        return codes.none()
    selected = codes.filter(station__in=stations) | codes.filter(deputy__memberships__station__in=stations)
    return selected.distinct().order_by("station_id", "deputy__name", "pk")


def live_code(token: str) -> QrCode | None:
    """A code that is still in use, with its owner, by the token printed on it."""
    return (
        QrCode.objects.select_related("deputy", "station")
        .filter(token=token[:16], revoked_at__isnull=True)
        .first()
    )


def station_by_slug(slug: str, *, user: Any = None) -> Station | None:
    """A station by slug; with ``user``, only within the user's bodies (a staff document)."""
    stations = Station.objects.visible_to(user) if user is not None else Station.objects.all()
    return stations.filter(slug=slug[:20]).first()


def poster_download_name(code: QrCode, extension: str, *, unique: bool = False) -> str:
    """The file name of a code's poster or image as a clerk files it (王芳-二维码海报.pdf)."""
    from .qr import poster_filename

    return poster_filename(code, extension, unique=unique)


def poster_sheets(codes: Iterable[QrCode], *, with_png: bool = False) -> list[dict[str, Any]]:
    """What each A4 poster prints (name, photo, level, stations, the code and its URL), in the
    codes' order: the poster document (``congress/reports/posters.py``) lays these out. With
    ``with_png`` each sheet also carries the PNG of its code, for the zip of posters."""
    from congress.models import Body, Term

    from .qr import poster_filename, qr_png, qr_svg_data_uri, qr_url

    codes = list(codes)
    # The letterhead names the body the citizen reaches: the deputy's congress, or the body that
    # runs the station. Two queries for any number of posters.
    term_ids = {code.deputy.term_id for code in codes if code.deputy is not None}
    body_ids = {code.station.body_id for code in codes if code.station is not None}
    by_term = dict(Term.objects.filter(pk__in=term_ids).values_list("pk", "body__name")) if term_ids else {}
    by_body = dict(Body.objects.filter(pk__in=body_ids).values_list("pk", "name")) if body_ids else {}
    sheets = []
    for code in codes:
        deputy, station = code.deputy, code.station
        photo_uri = ""
        if deputy is not None and deputy.photo:
            try:
                photo_path = Path(deputy.photo.path)
                if photo_path.is_file():
                    photo_uri = photo_path.as_uri()
            except (NotImplementedError, ValueError):
                photo_uri = ""
        body_name = ""
        if deputy is not None:
            body_name = by_term.get(deputy.term_id, "")
        elif station is not None:
            body_name = by_body.get(station.body_id or 0, "")
        sheet: dict[str, Any] = {
            "code": code,
            "deputy": deputy,
            "station": station,
            "body_name": body_name,
            "stations": list(deputy.stations.all()[:2]) if deputy is not None else [],
            "photo_uri": photo_uri,
            "qr_svg_uri": qr_svg_data_uri(code.token),
            "url": qr_url(code.token),
            "pdf_name": poster_filename(code, "pdf"),
            "png_name": poster_filename(code, "png"),
        }
        if with_png:
            sheet["png"] = qr_png(code.token)
        sheets.append(sheet)
    return sheets


def station_names(ids: list[int], *, user: Any) -> dict[int, str]:
    """Names of the stations with these ids that exist and ``user`` sees, by id, in the order given."""
    found = dict(Station.objects.visible_to(user).filter(pk__in=ids).values_list("pk", "name"))
    return {pk: found[pk] for pk in ids if pk in found}
