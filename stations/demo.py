"""Demo stations: a deputies' home (代表之家) in every street or township, liaison stations and
contact points under some of them, a professional station and an online one; every active deputy of
the city, district and township levels is grouped into a station of their district (编组进站)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import TextIO

from django.utils import timezone

from congress import roles
from congress.demo import demo_user
from congress.ids import public_id
from congress.models import Area, Body, BodyRole
from deputies.models import Deputy

from .models import (
    Checklist,
    Compliance,
    Inspection,
    QrCode,
    Reception,
    ReceptionSchedule,
    RotationEntry,
    Station,
    StationMembership,
)
from .recurrence import dates_between, occurrence_index, rotation_for
from .services import inspection_record, reception_record_held, receptions_materialise, schedule_pattern

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

    _bodies()
    liaison = demo_user("liaison", first_name="联络员", role=roles.STATION_LIAISON)
    first_home = Station.objects.filter(kind="home").order_by("area__code").first()
    if first_home is not None:
        first_home.liaisons.add(liaison)
        BodyRole.objects.get_or_create(user=liaison, body=first_home.body, role=roles.STATION_LIAISON)
    stdout.write(f"stations: {Station.objects.count()}, memberships: {StationMembership.objects.count()}\n")

    _qr_codes(rng)
    _schedules(rng)
    _history(rng)
    _checklists(rng)
    _today_duty()
    _volume(random.Random(2025))
    stdout.write(
        f"qr codes: {QrCode.objects.filter(revoked_at__isnull=True).count()}, "
        f"schedules: {ReceptionSchedule.objects.count()}, receptions: {Reception.objects.count()}\n"
    )


def _bodies() -> None:
    """Each station is run by the lowest body whose area holds it: a district's stations by its
    committee, a street's by its working committee, the city's own by the city committee."""
    lower_first = sorted(
        Body.objects.filter(parent__isnull=False, area__isnull=False), key=lambda b: -b.depth
    )
    placed: set[int] = set()
    for body in lower_first:
        ids = set(
            Station.objects.filter(area__in=Area.objects.descendants_of(body.area))  # type: ignore[arg-type]
            .exclude(pk__in=placed)
            .values_list("pk", flat=True)
        )
        Station.objects.filter(pk__in=ids).exclude(body=body).update(body=body)
        placed |= ids


def _qr_codes(rng: random.Random) -> None:
    """一人一码: every deputy and every station has a live code."""
    with_code = set(
        QrCode.objects.filter(revoked_at__isnull=True, deputy__isnull=False).values_list(
            "deputy_id", flat=True
        )
    )
    QrCode.objects.bulk_create(
        [
            QrCode(token=public_id(10), deputy_id=pk)
            for pk in Deputy.objects.exclude(pk__in=with_code).values_list("pk", flat=True)
        ],
        batch_size=2000,
    )
    with_code = set(
        QrCode.objects.filter(revoked_at__isnull=True, station__isnull=False).values_list(
            "station_id", flat=True
        )
    )
    QrCode.objects.bulk_create(
        [
            QrCode(token=public_id(10), station_id=pk)
            for pk in Station.objects.exclude(pk__in=with_code).values_list("pk", flat=True)
        ]
    )


# One pattern per deputies' home, in turn: the reception days the seeds name (DOMAIN.md §3).
PATTERNS: list[dict[str, object]] = [
    {"name": "每周五接待日", "frequency": "weekly", "weekday": 4},
    {"name": "每月5日接待日", "frequency": "monthly", "month_day": 5},
    {"name": "隔周二接待日", "frequency": "biweekly", "weekday": 1},
    {"name": "每月20日接待日", "frequency": "monthly", "month_day": 20},
    {"name": "每季度第二个月15日集中接待", "frequency": "mid_quarter", "month_day": 15, "quarter_month": 2},
    {"name": "每月月末接待日", "frequency": "monthly", "month_day": -1},
    {"name": "每月10日接待日", "frequency": "monthly", "month_day": 10},
    {"name": "每月25日接待日", "frequency": "monthly", "month_day": 25},
]
TOPICS = ["", "", "物业管理与老旧小区改造", "就业与社保", "教育与托育", "养老服务", "交通出行", "营商环境"]


def _schedules(rng: random.Random) -> None:
    today = timezone.localdate()
    starts_on = today.replace(day=1) - datetime.timedelta(days=90)
    stations = list(
        Station.objects.exclude(status="planned").exclude(kind="online").order_by("area__code", "name")
    )
    members: dict[int, list[int]] = {}
    for station_id, deputy_id in (
        StationMembership.objects.filter(deputy__status="active")
        .order_by("deputy__level", "deputy__slug")
        .values_list("station_id", "deputy_id")
    ):
        members.setdefault(station_id, []).append(deputy_id)
    for index, station in enumerate(stations):
        if station.kind == "home":
            pattern = PATTERNS[index % len(PATTERNS)]
        else:
            pattern = {"name": "每月28日接待日", "frequency": "monthly", "month_day": 28}
        schedule, created = ReceptionSchedule.objects.get_or_create(
            station=station,
            name=str(pattern["name"]),
            defaults={
                "frequency": pattern["frequency"],
                "weekday": pattern.get("weekday"),
                "month_day": pattern.get("month_day"),
                "quarter_month": pattern.get("quarter_month"),
                "starts_on": starts_on,
                "start_time": datetime.time(9, 0),
                "end_time": datetime.time(11, 30),
                "topic": rng.choice(TOPICS),
                "capacity": rng.choice([6, 8, 10, 12]),
                "deputies_per_reception": 2,
            },
        )
        if created:
            rotation = members.get(station.pk, [])[:8]
            RotationEntry.objects.bulk_create(
                [
                    RotationEntry(schedule=schedule, deputy_id=pk, position=pos)
                    for pos, pk in enumerate(rotation)
                ]
            )
    receptions_materialise(weeks=8, today=today)


def _history(rng: random.Random) -> None:
    """Receptions held in the past weeks, recorded through the service (duty records follow)."""
    today = timezone.localdate()
    if Reception.objects.filter(status="held").exists():
        return
    past = today - datetime.timedelta(weeks=8)
    for schedule in (
        ReceptionSchedule.objects.filter(is_active=True).prefetch_related("rotation_entries").order_by("pk")
    ):
        pattern = schedule_pattern(schedule)
        days = dates_between(pattern, past, today - datetime.timedelta(days=1))
        rotation = [entry.deputy_id for entry in schedule.rotation_entries.all()]
        for day in days[-3:]:
            duty = rotation_for(rotation, schedule.deputies_per_reception, occurrence_index(pattern, day))
            reception, _ = Reception.objects.get_or_create(
                schedule=schedule,
                date=day,
                defaults={
                    "station_id": schedule.station_id,
                    "start_time": schedule.start_time,
                    "end_time": schedule.end_time,
                    "capacity": schedule.capacity,
                    "topic": schedule.topic,
                },
            )
            reception.duty_deputies.set(duty)
            reception_record_held(
                reception=reception,
                deputies_present=list(Deputy.objects.filter(pk__in=duty)),
                visitors=rng.randint(3, 25),
                opinions_note="群众反映小区停车难、路灯不亮等问题，已登记转交。"
                if rng.random() < 0.5
                else "",
            )


def _checklists(rng: random.Random) -> None:
    checklist = Checklist.objects.filter(is_default=True).first()
    if checklist is None or Compliance.objects.exists():
        return
    items = list(checklist.items.all())
    rows = []
    for station in Station.objects.filter(kind__in=["home", "liaison"]).order_by("pk"):
        for item in items:
            rows.append(
                Compliance(
                    station=station, item=item, is_met=rng.random() < 0.8, checked_on=timezone.localdate()
                )
            )
    Compliance.objects.bulk_create(rows, ignore_conflicts=True)
    if not Inspection.objects.exists():
        for station in Station.objects.filter(kind="home").order_by("pk"):
            inspection_record(
                station=station,
                inspected_on=timezone.localdate().replace(month=1, day=15)
                if timezone.localdate().month > 1
                else timezone.localdate(),
                hardware=Decimal(rng.randint(15, 25)),
                rules=Decimal(rng.randint(15, 25)),
                records=Decimal(rng.randint(12, 25)),
                activities=Decimal(rng.randint(12, 25)),
                inspectors="市人大常委会代表工委",
            )


def _today_duty() -> None:
    """The demo deputy has a reception today at their station, so the dashboard check-in shows."""
    deputy = Deputy.objects.filter(user__username="deputy").first()
    if deputy is None:
        return
    station = Station.objects.filter(members=deputy).order_by("pk").first()
    if station is None:
        return
    today = timezone.localdate()
    if Reception.objects.filter(station=station, date=today, schedule__isnull=True).exists():
        return
    reception = Reception.objects.create(
        station=station,
        date=today,
        start_time=datetime.time(14, 30),
        end_time=datetime.time(17, 0),
        topic="社区养老服务",
        capacity=10,
    )
    reception.duty_deputies.add(deputy)


# -- volume: receptions, bookings, trainings and report-backs of the previous and the current year --

# Demo points per duty-record kind, so the reports' points distribution has something to show
# (the real points rules are data of the deputies app, DOMAIN.md §7).
DEMO_POINTS = {
    "reception": Decimal(2),
    "training": Decimal(3),
    "report_back": Decimal(5),
    "inspection": Decimal(3),
}
VOLUME_NOTE = "示范数据"


def _volume(rng: random.Random) -> None:
    """Receptions held at every station from 1 January two years ago until the schedules' own window,
    with deputies present, visitors and bookings, and the trainings and report-backs held at the
    homes, all with bulk inserts. Idempotent: skipped when the history is there."""
    import dataclasses

    from django.contrib.contenttypes.models import ContentType

    from deputies.models import DutyRecord

    from .models import Booking

    if Reception.objects.filter(notes=VOLUME_NOTE).exists():
        return
    today = timezone.localdate()
    first = datetime.date(today.year - 2, 1, 1)
    schedules = list(
        ReceptionSchedule.objects.filter(is_active=True).prefetch_related("rotation_entries").order_by("pk")
    )
    planned: list[tuple[Reception, list[int]]] = []
    for schedule in schedules:
        pattern = dataclasses.replace(schedule_pattern(schedule), starts_on=first)
        rotation = [entry.deputy_id for entry in schedule.rotation_entries.all()]
        last = min(schedule.starts_on, today) - datetime.timedelta(days=1)
        for index, day in enumerate(dates_between(pattern, first, last)):
            if rng.random() < 0.06:
                continue  # a reception day that did not take place
            duty = rotation_for(rotation, schedule.deputies_per_reception, index)
            planned.append(
                (
                    Reception(
                        station_id=schedule.station_id,
                        date=day,
                        start_time=schedule.start_time,
                        end_time=schedule.end_time,
                        capacity=schedule.capacity,
                        topic=schedule.topic,
                        status=Reception.Status.HELD,
                        visitors=rng.randint(2, 30),
                        opinions_note=rng.choice(
                            [
                                "",
                                "群众反映停车难、路灯不亮等问题，已登记转交。",
                                "收集养老、托育方面意见建议。",
                            ]
                        ),
                        notes=VOLUME_NOTE,
                    ),
                    duty,
                )
            )
    Reception.objects.bulk_create([reception for reception, _duty in planned], batch_size=2000)
    present = Reception.deputies_present.through
    reception_type = ContentType.objects.get_for_model(Reception)
    links, records, bookings = [], [], []
    for reception, duty in planned:
        for deputy_id in duty:
            links.append(present(reception_id=reception.pk, deputy_id=deputy_id))
            records.append(
                DutyRecord(
                    deputy_id=deputy_id,
                    kind="reception",
                    on=reception.date,
                    content_type=reception_type,
                    object_id=reception.pk,
                    points=DEMO_POINTS["reception"],
                    note="接待选民",
                )
            )
        for _n in range(rng.choice([0, 0, 1, 2, 3])):
            bookings.append(
                Booking(
                    reception_id=reception.pk,
                    code=public_id(10, rng=rng).upper(),
                    name=rng.choice(["张", "李", "王", "赵"]) + rng.choice(["建国", "秀英", "志强", "丽娟"]),
                    mobile=f"138{rng.randint(0, 99999999):08d}",
                    topic=rng.choice(["小区停车", "老旧小区改造", "就业培训", "养老服务"]),
                    status=Booking.Status.CANCELLED if rng.random() < 0.1 else Booking.Status.BOOKED,
                )
            )
    present.objects.bulk_create(links, batch_size=5000, ignore_conflicts=True)
    Booking.objects.bulk_create(bookings, batch_size=5000, ignore_conflicts=True)
    # Trainings and report-backs held at the deputies' homes (the homes' registers list them).
    members: dict[int, list[int]] = {}
    for station_id, deputy_id in (
        StationMembership.objects.filter(station__kind="home", deputy__status="active")
        .order_by("station_id", "deputy_id")
        .values_list("station_id", "deputy_id")
    ):
        members.setdefault(station_id, []).append(deputy_id)
    names = dict(Station.objects.filter(pk__in=list(members)).values_list("pk", "name"))
    for station_id, deputy_ids in members.items():
        for year in (today.year - 2, today.year - 1, today.year):
            for month in (3, 9):
                day = datetime.date(year, month, rng.randint(5, 25))
                if day >= today:
                    continue
                for deputy_id in deputy_ids:
                    if rng.random() < 0.85:
                        records.append(
                            DutyRecord(
                                deputy_id=deputy_id,
                                kind="training",
                                on=day,
                                points=DEMO_POINTS["training"],
                                note=f"参加{names[station_id]}履职培训",
                            )
                        )
            report_day = datetime.date(year, 11, rng.randint(1, 28))
            for deputy_id in deputy_ids:
                if report_day < today and rng.random() < 0.45:
                    records.append(
                        DutyRecord(
                            deputy_id=deputy_id,
                            kind="report_back",
                            on=report_day,
                            points=DEMO_POINTS["report_back"],
                            note=f"在{names[station_id]}向选民述职",
                        )
                    )
    DutyRecord.objects.bulk_create(records, batch_size=5000, ignore_conflicts=True)
