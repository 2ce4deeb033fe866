"""Demo deputies: 350 municipal deputies and about 3,000 deputies of the other four levels with
realistic Chinese profiles (Faker zh_CN, fixed seed). Identifiers are derived from the seed, so a
second run finds every row already there and changes nothing."""

from __future__ import annotations

import random
from typing import TextIO

from faker import Faker

from congress import roles
from congress.demo import demo_user
from congress.ids import public_id
from congress.models import Area, Term

from .models import Delegation, Deputy, DeputyGroup

# How many deputies of each level live in the demo city (DOMAIN.md §10: 300–650 city deputies,
# 3,000–6,500 of all levels).
LEVEL_COUNTS = {"national": 12, "provincial": 58, "municipal": 350, "county": 1100, "township": 1830}

ETHNICITIES = ["汉族"] * 90 + ["回族"] * 5 + ["藏族", "东乡族", "土族", "满族", "蒙古族"]
OCCUPATION_WEIGHTS = {
    "worker": 14,
    "farmer": 14,
    "professional": 24,
    "official": 28,
    "manager": 14,
    "military": 2,
    "other": 4,
}
EDUCATION_WEIGHTS = {"doctorate": 6, "master": 22, "bachelor": 44, "college": 16, "secondary": 12}
PARTY_WEIGHTS = {
    "cpc": 70,
    "cdl": 4,
    "cndca": 3,
    "capd": 3,
    "cpwdp": 3,
    "js": 3,
    "rcck": 2,
    "zgd": 1,
    "non_party": 6,
    "masses": 5,
}
TITLES = {
    "worker": ["车间主任", "班组长", "高级技师", "技术员"],
    "farmer": ["村党支部书记", "合作社理事长", "种植大户", "村委会主任"],
    "professional": ["主任医师", "教授", "高级工程师", "律师", "中学校长", "研究员"],
    "official": ["区长", "局长", "街道党工委书记", "镇长", "副区长", "主任"],
    "manager": ["董事长", "总经理", "副总经理", "厂长"],
    "military": ["政委", "团长"],
    "other": ["社区工作者", "个体工商户", "志愿者"],
}
EXPERTISE = [
    "教育",
    "医疗",
    "法律",
    "财经",
    "环保",
    "城建",
    "交通",
    "农业",
    "科技",
    "文化",
    "养老",
    "民族宗教",
]
PROFESSIONAL_GROUPS = [
    "财政经济专业代表小组",
    "教科文卫专业代表小组",
    "城建环保专业代表小组",
    "农业农村专业代表小组",
    "法制监察专业代表小组",
    "民族宗教专业代表小组",
]


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def load(*, stdout: TextIO) -> None:
    rng = random.Random(20261123)
    fake = Faker("zh_CN")
    fake.seed_instance(20261123)
    city = Area.objects.get(code="6201")
    districts = list(Area.objects.districts().order_by("code"))
    streets = {d.pk: list(d.children.order_by("code")) for d in districts}
    terms = {t.level: t for t in Term.objects.filter(area=city)}
    municipal_term = terms["municipal"]

    delegations = {
        d.pk: Delegation.objects.get_or_create(
            term=municipal_term, name=f"{d.name}代表团", defaults={"area": d}
        )[0]
        for d in districts
    }
    territorial = {
        d.pk: DeputyGroup.objects.get_or_create(
            name=f"{d.name}代表小组", defaults={"kind": "territorial", "area": d}
        )[0]
        for d in districts
    }
    professional = [
        DeputyGroup.objects.get_or_create(name=name, defaults={"kind": "professional"})[0]
        for name in PROFESSIONAL_GROUPS
    ]

    rows: list[Deputy] = []
    group_links: list[tuple[str, int]] = []
    for level, count in LEVEL_COUNTS.items():
        for _index in range(count):
            gender = "female" if rng.random() < 0.30 else "male"
            name = fake.name_female() if gender == "female" else fake.name_male()
            district = rng.choice(districts)
            street = rng.choice(streets[district.pk])
            occupation = _weighted(rng, OCCUPATION_WEIGHTS)
            slug = public_id(8, rng=rng)
            status = "active"
            if rng.random() < 0.02:
                status = rng.choice(["resigned", "removed", "deceased"])
            rows.append(
                Deputy(
                    name=name,
                    slug=slug,
                    gender=gender,
                    ethnicity=rng.choice(ETHNICITIES),
                    birth_year=rng.randint(1958, 1995),
                    party=_weighted(rng, PARTY_WEIGHTS),
                    education=_weighted(rng, EDUCATION_WEIGHTS),
                    occupation=occupation,
                    work_unit=fake.company(),
                    title=rng.choice(TITLES[occupation]),
                    is_official=occupation == "official",
                    level=level,
                    term=terms[level],
                    constituency=f"{district.name}{street.name}选区"
                    if level in {"county", "township"}
                    else f"{district.name}选举单位",
                    area=district,
                    delegation=delegations[district.pk] if level == "municipal" else None,
                    expertise=rng.sample(EXPERTISE, k=rng.randint(1, 3)),
                    phone=f"1{rng.choice('3578')}{rng.randint(100000000, 999999999)}",
                    phone_is_public=rng.random() < 0.15,
                    pledges="扎根基层、倾听民声，每月进站接待群众，件件有回音。"
                    if rng.random() < 0.6
                    else "",
                    status=status,
                    status_reason="工作调动" if status == "resigned" else "",
                    elected_on=terms[level].starts_on,
                )
            )
            if level == "municipal":
                group_links.append((slug, territorial[district.pk].pk))
                if rng.random() < 0.5:
                    group_links.append((slug, rng.choice(professional).pk))
    Deputy.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    ids = dict(Deputy.objects.filter(slug__in=[s for s, _g in group_links]).values_list("slug", "pk"))
    Through = Deputy.groups.through
    Through.objects.bulk_create(
        [Through(deputy_id=ids[slug], deputygroup_id=group) for slug, group in group_links],
        ignore_conflicts=True,
    )

    # The demo deputy account is linked to the first active municipal deputy by slug order.
    deputy = Deputy.objects.active().municipal().order_by("slug").first()
    if deputy is not None:
        account = demo_user("deputy", first_name=deputy.name, role=roles.DEPUTY)
        if not Deputy.objects.filter(user=account).exists():
            Deputy.objects.filter(pk=deputy.pk).update(user=account)
    stdout.write(f"deputies: {Deputy.objects.count()} ({Deputy.objects.municipal().count()} municipal)\n")
