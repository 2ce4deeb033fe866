"""Demo data of the shared core: the fictional city 示范市, its terms, handling units and the demo
accounts of every role. Idempotent: every row is looked up by a natural key before it is created."""

from __future__ import annotations

import datetime
import zlib
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from . import roles
from .demo_accounts import DEMO_PASSWORD
from .models import Area, Body, BodyRole, HandlingUnit, Session, Term, UnitOfficer

# (district, [(street, [communities])]) — a fictional city, names made up for the demo.
DISTRICTS: list[tuple[str, list[tuple[str, list[str]]]]] = [
    (
        "城关区",
        [
            ("东岗街道", ["东岗社区", "雁园社区", "盐场社区"]),
            ("酒泉路街道", ["金塔社区", "双城社区", "南关社区"]),
            ("皋兰路街道", ["平凉社区", "永昌社区", "秦安社区"]),
            ("伏龙坪街道", ["伏龙社区", "白塔社区", "龙尾社区"]),
            ("青白石镇", ["青白石村", "白道坪村", "石门沟村"]),
        ],
    ),
    (
        "七里河区",
        [
            ("敦煌路街道", ["敦煌社区", "西站社区", "华林社区"]),
            ("西园街道", ["西园社区", "民主社区", "工林社区"]),
            ("土门墩街道", ["土门社区", "晏家坪社区", "兰工坪社区"]),
            ("八里镇", ["彭家坪村", "崔家大滩村", "魏岭村"]),
        ],
    ),
    (
        "西固区",
        [
            ("陈坪街道", ["陈坪社区", "福利路社区", "临洮街社区"]),
            ("先锋路街道", ["先锋社区", "合水路社区", "康乐路社区"]),
            ("新城镇", ["新城村", "青石村", "咀头村"]),
        ],
    ),
    (
        "安宁区",
        [
            ("培黎街道", ["培黎社区", "北滨河社区", "莫高社区"]),
            ("孔家崖街道", ["孔家崖社区", "万新社区", "费家营社区"]),
            ("刘家堡街道", ["刘家堡社区", "元台子社区", "桃海社区"]),
        ],
    ),
    (
        "红古区",
        [
            ("海石湾镇", ["海石湾社区", "海石村", "红山村"]),
            ("平安镇", ["平安村", "岗子村", "夹滩村"]),
            ("窑街街道", ["上街社区", "下街社区", "华能社区"]),
        ],
    ),
    (
        "示范县",
        [
            ("城关镇", ["南街社区", "北街社区", "东湖村"]),
            ("河口镇", ["河口村", "新建村", "沙井村"]),
            ("柳泉镇", ["柳泉村", "刘家湾村", "马家坪村"]),
            ("山字墩乡", ["山字墩村", "三角城村", "团庄村"]),
        ],
    ),
]

HANDLING_UNITS: list[tuple[str, str, str]] = [
    ("示范市发展和改革委员会", "发改委", "department"),
    ("示范市教育局", "教育局", "department"),
    ("示范市科学技术局", "科技局", "department"),
    ("示范市工业和信息化局", "工信局", "department"),
    ("示范市公安局", "公安局", "department"),
    ("示范市民政局", "民政局", "department"),
    ("示范市司法局", "司法局", "department"),
    ("示范市财政局", "财政局", "department"),
    ("示范市人力资源和社会保障局", "人社局", "department"),
    ("示范市自然资源局", "自然资源局", "department"),
    ("示范市生态环境局", "生态环境局", "department"),
    ("示范市住房和城乡建设局", "住建局", "department"),
    ("示范市交通运输局", "交通运输局", "department"),
    ("示范市水务局", "水务局", "department"),
    ("示范市农业农村局", "农业农村局", "department"),
    ("示范市商务局", "商务局", "department"),
    ("示范市文化和旅游局", "文旅局", "department"),
    ("示范市卫生健康委员会", "卫健委", "department"),
    ("示范市应急管理局", "应急局", "department"),
    ("示范市市场监督管理局", "市场监管局", "department"),
    ("示范市城市管理局", "城管局", "department"),
    ("示范市医疗保障局", "医保局", "department"),
    ("示范市体育局", "体育局", "department"),
    ("示范市退役军人事务局", "退役军人局", "department"),
    ("示范市监察委员会", "市监委", "supervision"),
    ("示范市中级人民法院", "市中院", "court"),
    ("示范市人民检察院", "市检察院", "procuratorate"),
    ("示范市供电公司", "供电公司", "utility"),
    ("示范市自来水公司", "自来水公司", "utility"),
    ("示范市公共交通集团", "公交集团", "utility"),
]

TERMS: list[tuple[str, int, str, datetime.date, datetime.date]] = [
    ("national", 14, "第十四届全国人民代表大会", datetime.date(2023, 3, 5), datetime.date(2028, 3, 4)),
    ("provincial", 14, "第十四届省人民代表大会", datetime.date(2023, 1, 10), datetime.date(2028, 1, 9)),
    ("municipal", 17, "示范市第十七届人民代表大会", datetime.date(2022, 1, 8), datetime.date(2027, 1, 7)),
    ("county", 19, "区县第十九届人民代表大会", datetime.date(2021, 12, 20), datetime.date(2026, 12, 19)),
    ("township", 20, "乡镇第二十届人民代表大会", datetime.date(2021, 12, 10), datetime.date(2026, 12, 9)),
]


def _areas(stdout: TextIO) -> None:
    city, _ = Area.objects.get_or_create(code="6201", defaults={"name": "示范市", "level": Area.Level.CITY})
    for d_index, (district, streets) in enumerate(DISTRICTS, start=1):
        d_code = f"{city.code}{d_index:02d}"
        d_area, _ = Area.objects.get_or_create(
            code=d_code, defaults={"name": district, "level": Area.Level.DISTRICT, "parent": city}
        )
        for s_index, (street, communities) in enumerate(streets, start=1):
            s_code = f"{d_code}{s_index:03d}"
            s_area, _ = Area.objects.get_or_create(
                code=s_code, defaults={"name": street, "level": Area.Level.STREET, "parent": d_area}
            )
            for c_index, community in enumerate(communities, start=1):
                Area.objects.get_or_create(
                    code=f"{s_code}{c_index:03d}",
                    defaults={"name": community, "level": Area.Level.COMMUNITY, "parent": s_area},
                )
    stdout.write(f"areas: {Area.objects.count()}\n")


def _terms(stdout: TextIO) -> None:
    city = Area.objects.get(code="6201")
    for level, number, name, starts, ends in TERMS:
        term, _ = Term.objects.get_or_create(
            level=level,
            area=city,
            number=number,
            defaults={"name": name, "starts_on": starts, "ends_on": ends, "is_current": True},
        )
        if level == "municipal":
            for n in range(1, 6):
                Session.objects.get_or_create(
                    term=term,
                    number=n,
                    defaults={
                        "name": f"第{'一二三四五'[n - 1]}次会议",
                        "opens_on": datetime.date(2021 + n, 1, 10),
                        "closes_on": datetime.date(2021 + n, 1, 13),
                    },
                )
    stdout.write(f"terms: {Term.objects.count()}, sessions: {Session.objects.count()}\n")


def _units(stdout: TextIO) -> None:
    city = Area.objects.get(code="6201")
    for name, short, kind in HANDLING_UNITS:
        HandlingUnit.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short,
                "kind": kind,
                "area": city,
                "contact_name": f"{short}办公室",
                "contact_phone": f"0931-8{zlib.crc32(short.encode()) % 1000000:06d}",
            },
        )
    for district in Area.objects.districts():
        HandlingUnit.objects.get_or_create(
            name=f"{district.name}人民政府",
            defaults={"short_name": district.name, "kind": "district", "area": district},
        )
    stdout.write(f"handling units: {HandlingUnit.objects.count()}\n")


def demo_user(
    username: str,
    *,
    first_name: str,
    role: str | None,
    is_staff: bool = False,
    is_superuser: bool = False,
    email: str = "",
) -> Any:
    """Create a demo account once; never reset a password someone has changed."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "is_staff": is_staff,
            "is_superuser": is_superuser,
            "email": email or f"{username}@demo.congress.example.cn",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def _accounts(stdout: TextIO) -> None:
    roles.roles_sync()
    demo_user("admin", first_name="系统管理员", role=None, is_staff=True, is_superuser=True)
    demo_user("staff", first_name="代表工委干部", role=roles.COMMITTEE_STAFF, is_staff=True)
    demo_user("leader", first_name="常委会副主任", role=roles.COMMITTEE_LEADER, is_staff=True)
    unit_user = demo_user("unit", first_name="住建局经办人", role=roles.UNIT_OFFICER)
    UnitOfficer.objects.get_or_create(
        user=unit_user, defaults={"unit": HandlingUnit.objects.get(name="示范市住房和城乡建设局")}
    )
    head_user = demo_user("unithead", first_name="住建局办公室主任", role=roles.UNIT_OFFICER)
    UnitOfficer.objects.get_or_create(
        user=head_user,
        defaults={"unit": HandlingUnit.objects.get(name="示范市住房和城乡建设局"), "is_head": True},
    )


# The body network (DOMAIN.md §11): short login prefix of each district's committee staff.
DISTRICT_LOGINS = {
    "城关区": "cg",
    "七里河区": "qlh",
    "西固区": "xg",
    "安宁区": "an",
    "红古区": "hg",
    "示范县": "sfx",
}
# (district, area, kind, body name, login prefix) of the bodies below a district.
LOWER_BODIES = [
    ("城关区", "东岗街道", "street", "东岗街道人大工委", "dg"),
    ("城关区", "青白石镇", "township", "青白石镇人大主席团", "qbs"),
    ("七里河区", "八里镇", "township", "八里镇人大主席团", "bl"),
]
# Each district's own departments that take the district's items (name suffix, short suffix).
DISTRICT_UNITS = [("住房和城乡建设局", "住建局"), ("城市管理局", "城管局")]
# Units of the bodies below a district: (body name, unit name, short name, kind).
BODY_UNITS = [
    ("东岗街道人大工委", "东岗街道办事处", "东岗街道办", "other"),
    ("青白石镇人大主席团", "青白石镇人民政府", "青白石镇政府", "district"),
]


def _body(*, name: str, kind: str, parent: Body | None, area: Area | None) -> Body:
    from .services import body_create

    return Body.objects.filter(name=name).first() or body_create(
        kind=kind, name=name, parent=parent, area=area
    )


def _body_staff(body: Body, username: str, first_name: str, role: str) -> Any:
    user = demo_user(username, first_name=first_name, role=role, is_staff=True)
    BodyRole.objects.get_or_create(user=user, body=body, role=role)
    return user


def _bodies(stdout: TextIO) -> None:
    """The city committee at the root, a committee per district and county, and below 城关区 a
    street working committee and a township presidium; each with its own staff login."""
    from .services import body_root_ensure

    city = Area.objects.get(code="6201")
    root = body_root_ensure()
    if root.area_id is None:
        Body.objects.filter(pk=root.pk).update(area=city)
    staff = get_user_model().objects.filter(username="staff").first()
    if staff is not None:
        BodyRole.objects.get_or_create(user=staff, body=root, role=roles.COMMITTEE_STAFF)
    leader = get_user_model().objects.filter(username="leader").first()
    if leader is not None:
        BodyRole.objects.get_or_create(user=leader, body=root, role=roles.COMMITTEE_LEADER)
    districts: dict[str, Body] = {}
    for area in Area.objects.districts().order_by("code"):
        body = _body(name=f"{area.name}人大常委会", kind="county", parent=root, area=area)
        districts[area.name] = body
        prefix = DISTRICT_LOGINS.get(area.name)
        if prefix:
            _body_staff(body, f"{prefix}staff", f"{area.name}人大常委会干部", roles.COMMITTEE_STAFF)
    _body_staff(districts["城关区"], "cgleader", "城关区人大常委会副主任", roles.COMMITTEE_LEADER)
    for district, area_name, kind, name, prefix in LOWER_BODIES:
        area = Area.objects.get(name=area_name, parent__name=district)
        body = _body(name=name, kind=kind, parent=districts[district], area=area)
        _body_staff(body, f"{prefix}staff", f"{name}干部", roles.COMMITTEE_STAFF)
    # A district congress and a township congress with their own terms (a street has none).
    for body, level, number, name in (
        (districts["城关区"], "county", 19, "城关区第十九届人民代表大会"),
        (Body.objects.get(name="青白石镇人大主席团"), "township", 20, "青白石镇第二十届人民代表大会"),
    ):
        Term.objects.get_or_create(
            level=level,
            area=body.area,
            number=number,
            defaults={
                "name": name,
                "body": body,
                "starts_on": datetime.date(2021, 12, 20),
                "ends_on": datetime.date(2026, 12, 19),
                "is_current": True,
            },
        )
    units = [
        (body.name, f"{area}{suffix}", f"{area[:-1]}{short}", "department")
        for area, body in districts.items()
        for suffix, short in DISTRICT_UNITS
    ]
    for body_name, name, short, kind in units + BODY_UNITS:
        HandlingUnit.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short,
                "kind": kind,
                "body": Body.objects.get(name=body_name),
                "area": Body.objects.get(name=body_name).area,
                "contact_name": f"{short}办公室",
            },
        )
    _district_policies(districts["城关区"])
    _district_categories(districts["城关区"])
    stdout.write(f"bodies: {Body.objects.count()}\n")


# The "2310" chain is a district's rule (002:931: 常委会收到代表建议后2个工作日内交区政府办…): 城关区
# keeps it as its own, so a change of the city's defaults does not move it; its street and township
# inherit it.
DISTRICT_2310 = (("opinion.triage", 2), ("opinion.routing", 3), ("opinion.reply", 10))


def _district_policies(body: Body) -> None:
    from .calendar.models import DeadlinePolicy
    from .calendar.services import deadline_policy_override

    for code, amount in DISTRICT_2310:
        if DeadlinePolicy.objects.filter(code=code, body=body).exists():
            continue
        if not DeadlinePolicy.objects.filter(code=code, body__isnull=True).exists():
            continue
        deadline_policy_override(
            body=body, code=code, amount=amount, source="城关区“2310”工作机制（002:931）"
        )


# A district's own category (docs/bodies.md): 城关区 files its old-estate renovation items under the
# shared 住房保障; 东岗街道 and 青白石镇 use it too, the other districts never see it.
DISTRICT_CATEGORY = ("cg-old-estates", "老旧小区改造", "housing")


def _district_categories(body: Body) -> None:
    from .models import Category
    from .services import category_save

    code, name, parent_code = DISTRICT_CATEGORY
    parent = Category.objects.filter(code=parent_code, body__isnull=True).first()
    if parent is None or Category.objects.filter(code=code).exists():
        return
    category_save(
        category=None, values={"name": name, "code": code, "body": body, "parent": parent, "sort_order": 10}
    )


def load(*, stdout: TextIO) -> None:
    _areas(stdout)
    _terms(stdout)
    _units(stdout)
    _accounts(stdout)
    _bodies(stdout)
