"""Figures and register rows about stations for the reports and the statistics dashboard.

Aggregate queries only: a fixed number per function whatever the number of stations or receptions.
Every function takes the database alias to read from (the reports may use a read replica).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from congress.models import Area

from .models import Booking, Checklist, ChecklistItem, Compliance, Reception, Station, StationMembership


def _in_bodies(queryset: Any, field: str, body_ids: Sequence[int] | None) -> Any:
    """Restrict to the rows of the given bodies (a body and its descendants); None = every body."""
    return queryset if body_ids is None else queryset.filter(**{f"{field}__in": list(body_ids)})


def _district_q(prefix: str, district_id: int) -> Q:
    return (
        Q(**{f"{prefix}area_id": district_id})
        | Q(**{f"{prefix}area__parent_id": district_id})
        | Q(**{f"{prefix}area__parent__parent_id": district_id})
    )


def stations_by_kind(
    *, district_id: int | None = None, body_ids: Sequence[int] | None = None, using: str = "default"
) -> list[dict[str, Any]]:
    """Stations by kind, with how many of them are built (the rest are planned or being built); a
    station counts for the body that runs it."""
    stations = _in_bodies(Station.objects.using(using).all(), "body_id", body_ids)
    if district_id:
        stations = stations.filter(_district_q("", district_id))
    rows = {
        kind: (total, built)
        for kind, total, built in stations.order_by()
        .values_list("kind")
        .annotate(total=Count("pk"), built=Count("pk", filter=Q(status=Station.Status.BUILT)))
    }
    return [
        {"key": kind, "label": str(label), "count": rows[kind][0], "built": rows[kind][1]}
        for kind, label in Station.Kind.choices
        if kind in rows
    ]


def checklist_compliance(
    *, district_id: int | None = None, body_ids: Sequence[int] | None = None, using: str = "default"
) -> dict[str, Any]:
    """The default standards checklist ("八有四公开", 003:534): per item how many of the stations
    checked meet it, and how many stations meet every item. Three queries."""
    checklist = Checklist.objects.using(using).filter(is_default=True).first()
    if checklist is None:
        return {"checklist": "", "items": [], "stations_checked": 0, "fully_compliant": 0}
    items = list(
        ChecklistItem.objects.using(using)
        .filter(checklist=checklist)
        .order_by("sort_order", "pk")
        .values_list("pk", "label", "group")
    )
    compliance = Compliance.objects.using(using).filter(item__checklist=checklist)
    compliance = _in_bodies(compliance, "station__body_id", body_ids)
    if district_id:
        compliance = compliance.filter(_district_q("station__", district_id))
    per_item = {
        item: (checked, met)
        for item, checked, met in compliance.order_by()
        .values_list("item_id")
        .annotate(checked=Count("pk"), met=Count("pk", filter=Q(is_met=True)))
    }
    per_station = compliance.order_by().values("station_id").annotate(met=Count("pk", filter=Q(is_met=True)))
    totals = {"stations_checked": 0, "fully_compliant": 0}
    for row in per_station:
        totals["stations_checked"] += 1
        totals["fully_compliant"] += int(row["met"] >= len(items))
    return {
        "checklist": checklist.name,
        "items": [
            {
                "label": label,
                "group": group,
                "checked": per_item.get(pk, (0, 0))[0],
                "met": per_item.get(pk, (0, 0))[1],
            }
            for pk, label, group in items
        ],
        **totals,
    }


def _held(
    start: datetime.date,
    end: datetime.date,
    district_id: int | None,
    using: str,
    body_ids: Sequence[int] | None = None,
) -> Any:
    held = Reception.objects.using(using).filter(status=Reception.Status.HELD, date__gte=start, date__lte=end)
    held = _in_bodies(held, "station__body_id", body_ids)
    if district_id:
        held = held.filter(_district_q("station__", district_id))
    return held


def receptions(
    start: datetime.date,
    end: datetime.date,
    *,
    district_id: int | None = None,
    body_ids: Sequence[int] | None = None,
    using: str = "default",
) -> dict[str, Any]:
    """Receptions held in the period: how many, visitors (人次), stations that held one, by month."""
    held = _held(start, end, district_id, using, body_ids)
    totals = held.aggregate(
        held=Count("pk"), visitors=Sum("visitors"), stations=Count("station_id", distinct=True)
    )
    months = {
        month: (n, visitors)
        for month, n, visitors in held.order_by()
        .annotate(month=TruncMonth("date"))
        .values_list("month")
        .annotate(n=Count("pk"), v=Sum("visitors"))
    }
    by_month = []
    month = start.replace(day=1)
    while month <= end:
        n, visitors = months.get(month, (0, 0))
        by_month.append(
            {
                "key": month.strftime("%Y-%m"),
                "label": f"{month.month}月",
                "held": n,
                "visitors": visitors or 0,
            }
        )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return {
        "held": totals["held"],
        "visitors": totals["visitors"] or 0,
        "stations": totals["stations"],
        "by_month": by_month,
    }


def receptions_by_district(
    start: datetime.date, end: datetime.date, *, body_ids: Sequence[int] | None = None, using: str = "default"
) -> list[dict[str, Any]]:
    """Receptions held and visitors per district (a station counts for the district it lies in)."""
    from django.db.models import Case, IntegerField, When

    district = Case(
        When(station__area__level=Area.Level.DISTRICT, then=F("station__area_id")),
        When(station__area__level=Area.Level.STREET, then=F("station__area__parent_id")),
        When(station__area__level=Area.Level.COMMUNITY, then=F("station__area__parent__parent_id")),
        default=None,
        output_field=IntegerField(),
    )
    rows = {
        pk: (n, visitors)
        for pk, n, visitors in _held(start, end, None, using, body_ids)
        .order_by()
        .annotate(district=district)
        .values_list("district")
        .annotate(n=Count("pk"), v=Sum("visitors"))
    }
    names = Area.objects.using(using).districts().order_by("code").values_list("pk", "name")
    out = [
        {"key": pk, "label": name, "held": rows[pk][0], "visitors": rows[pk][1] or 0}
        for pk, name in names
        if pk in rows
    ]
    other = [value for key, value in rows.items() if key not in {row["key"] for row in out}]
    if other:
        out.append(
            {
                "key": None,
                "label": str(_("City-wide stations")),
                "held": sum(n for n, _v in other),
                "visitors": sum(v or 0 for _n, v in other),
            }
        )
    return out


def bookings(
    start: datetime.date,
    end: datetime.date,
    *,
    district_id: int | None = None,
    body_ids: Sequence[int] | None = None,
    using: str = "default",
) -> dict[str, int]:
    """Citizens' bookings (扫码预约, 002:1309) for receptions in the period."""
    booked = Booking.objects.using(using).filter(reception__date__gte=start, reception__date__lte=end)
    booked = _in_bodies(booked, "reception__station__body_id", body_ids)
    if district_id:
        booked = booked.filter(_district_q("reception__station__", district_id))
    return booked.aggregate(
        total=Count("pk"),
        kept=Count("pk", filter=Q(status=Booking.Status.BOOKED)),
        cancelled=Count("pk", filter=Q(status=Booking.Status.CANCELLED)),
    )


def membership(*, body_ids: Sequence[int] | None = None, using: str = "default") -> dict[str, int]:
    """编组进站 (003:562): memberships and deputies grouped into at least one station."""
    members = _in_bodies(StationMembership.objects.using(using), "station__body_id", body_ids)
    return members.aggregate(memberships=Count("pk"), deputies=Count("deputy_id", distinct=True))


# -- station registers (五簿一档) -----------------------------------------------------------------


def station_header(station_id: int, *, using: str = "default") -> dict[str, Any]:
    station = (
        Station.objects.using(using)
        .select_related("area", "head")
        .filter(pk=station_id)
        .values("pk", "name", "brand_name", "kind", "address", "opening_hours", "area__name", "head__name")
        .first()
    )
    if station is None:
        return {}
    station["kind_label"] = str(dict(Station.Kind.choices).get(station["kind"], station["kind"]))
    return station


def station_member_ids(station_id: int, *, using: str = "default") -> list[int]:
    return list(
        StationMembership.objects.using(using)
        .filter(station_id=station_id)
        .order_by("deputy__name", "deputy_id")
        .values_list("deputy_id", flat=True)
    )


def station_receptions(
    start: datetime.date, end: datetime.date, *, station_id: int, using: str = "default"
) -> list[dict[str, Any]]:
    """The reception register (接待登记簿): receptions held, deputies present, visitors, opinions."""
    held = (
        Reception.objects.using(using)
        .filter(station_id=station_id, status=Reception.Status.HELD, date__gte=start, date__lte=end)
        .annotate(present=Count("deputies_present", distinct=True))
        .order_by("date", "start_time", "pk")
    )
    names: dict[int, list[str]] = {}
    for reception_id, name in (
        Reception.deputies_present.through.objects.using(using)
        .filter(reception__in=held.values("pk"))
        .order_by("deputy__name")
        .values_list("reception_id", "deputy__name")
    ):
        names.setdefault(reception_id, []).append(name)
    return [
        {
            "date": row["date"].isoformat(),
            "time": f"{row['start_time']:%H:%M}–{row['end_time']:%H:%M}",
            "topic": row["topic"],
            "deputies": "、".join(names.get(row["pk"], [])),
            "visitors": row["visitors"],
            "opinions": row["opinions_note"],
        }
        for row in held.values("pk", "date", "start_time", "end_time", "topic", "visitors", "opinions_note")
    ]


def station_choices(
    *, body_ids: Sequence[int] | None = None, using: str = "default"
) -> list[tuple[int, str]]:
    """(id, name) of every station (of the given bodies), in directory order, for choosing a station's
    registers."""
    stations = _in_bodies(Station.objects.using(using), "body_id", body_ids)
    return list(stations.order_by("area__code", "name").values_list("pk", "name"))
