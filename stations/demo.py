"""Demo stations: a deputies' home (代表之家) in every street or township, liaison stations and
contact points under some of them, a professional station and an online one; every active deputy of
the city, district and township levels is grouped into a station of their district (编组进站)."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import TextIO

from congress import roles
from congress.demo import demo_user
from congress.ids import public_id
from congress.models import Area
from deputies.models import Deputy

from .models import Station, StationMembership

BRANDS = ["相约星期五·有事大家说", "代表在身边", "民情直通车", "有事好商量", "连心驿站"]
HOURS = ["每周五 9:00–11:30", "工作日 9:00–17:00", "每月5日、20日 9:00–12:00", "每周二、四 14:30–17:30"]


def load(*, stdout: TextIO) -> None:
    rng = random.Random(5642)
    base_lat, base_lng = Decimal("36.061089"), Decimal("103.834304")
    for district in Area.objects.districts().order_by("code"):
        for street in district.children.order_by("code"):
            lat = base_lat + Decimal(rng.randint(-9000, 9000)) / Decimal(100000)
            lng = base_lng + Decimal(rng.randint(-15000, 15000)) / Decimal(100000)
            home, _ = Station.objects.get_or_create(
                name=f"{street.name}人大代表之家",
                defaults={
                    "slug": public_id(8, rng=rng),
                    "kind": "home",
                    "area": street,
                    "brand_name": rng.choice(BRANDS),
                    "address": f"{district.name}{street.name}{rng.randint(1, 300)}号",
                    "latitude": lat,
                    "longitude": lng,
                    "opening_hours": rng.choice(HOURS),
                    "status": "built",
                },
            )
            for community in list(street.children.order_by("code"))[:2]:
                Station.objects.get_or_create(
                    name=f"{community.name}人大代表联络站",
                    defaults={
                        "slug": public_id(8, rng=rng),
                        "kind": "liaison" if "社区" in community.name else "point",
                        "parent": home,
                        "area": community,
                        "address": f"{district.name}{street.name}{community.name}党群服务中心",
                        "latitude": lat + Decimal(rng.randint(-800, 800)) / Decimal(100000),
                        "longitude": lng + Decimal(rng.randint(-800, 800)) / Decimal(100000),
                        "opening_hours": rng.choice(HOURS),
                        "status": rng.choice(["built", "built", "built", "building"]),
                    },
                )
    city = Area.objects.get(code="6201")
    Station.objects.get_or_create(
        name="示范市医药卫生专业代表工作站",
        defaults={
            "slug": public_id(8, rng=rng),
            "kind": "professional",
            "area": city,
            "theme": "医药卫生",
            "address": "示范市城关区东岗西路1号市第一人民医院",
            "opening_hours": "每月第一个周三 14:30–17:00",
        },
    )
    Station.objects.get_or_create(
        name="示范市网上代表联络站",
        defaults={
            "slug": public_id(8, rng=rng),
            "kind": "online",
            "area": city,
            "address": "网上",
            "opening_hours": "全天",
        },
    )

    # 编组进站: each active deputy into a deputies' home of their district.
    homes_by_district: dict[int, list[int]] = {}
    for pk, district_id in Station.objects.filter(kind="home").values_list("pk", "area__parent_id"):
        if district_id is not None:
            homes_by_district.setdefault(district_id, []).append(pk)
    memberships = []
    deputies = Deputy.objects.active().exclude(level__in=["national", "provincial"]).order_by("slug")
    for deputy_id, area_id in deputies.values_list("pk", "area_id"):
        homes = homes_by_district.get(area_id)
        if homes:
            memberships.append(StationMembership(station_id=rng.choice(homes), deputy_id=deputy_id))
    StationMembership.objects.bulk_create(memberships, ignore_conflicts=True, batch_size=2000)

    for station in Station.objects.filter(kind="home", head__isnull=True).order_by("pk"):
        head = Deputy.objects.filter(memberships__station=station, level="municipal").order_by("slug").first()
        if head is not None:
            Station.objects.filter(pk=station.pk).update(head=head)

    liaison = demo_user("liaison", first_name="联络员", role=roles.STATION_LIAISON)
    first_home = Station.objects.filter(kind="home").order_by("area__code").first()
    if first_home is not None:
        first_home.liaisons.add(liaison)
    stdout.write(f"stations: {Station.objects.count()}, memberships: {StationMembership.objects.count()}\n")
