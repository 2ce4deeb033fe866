"""Demo deputies: 350 municipal deputies and about 3,000 deputies of the other four levels with
realistic Chinese profiles (Faker zh_CN, fixed seed). Identifiers are derived from the seed, so a
second run finds every row already there and changes nothing."""

from __future__ import annotations

import datetime
import random
from typing import TextIO

from django.contrib.auth import get_user_model
from django.utils import timezone
from faker import Faker

from congress import roles
from congress.demo import demo_user
from congress.ids import public_id
from congress.models import Area, Term

from .models import Delegation, Deputy, DeputyGroup
from .services import delegation_create, deputy_group_create

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

    # Through the master-data services (audited), once: a second run finds them.
    def delegation(district: Area) -> Delegation:
        name = f"{district.name}代表团"
        found = Delegation.objects.filter(term=municipal_term, name=name).first()
        return found or delegation_create(name=name, term=municipal_term, area=district)

    def group(name: str, kind: str, area: Area | None = None) -> DeputyGroup:
        return DeputyGroup.objects.filter(name=name).first() or deputy_group_create(
            name=name, kind=kind, area=area
        )

    delegations = {d.pk: delegation(d) for d in districts}
    territorial = {d.pk: group(f"{d.name}代表小组", "territorial", d) for d in districts}
    professional = [group(name, "professional") for name in PROFESSIONAL_GROUPS]

    # A district's and a township's own congress (congress.demo): their deputies sit in its term.
    own_terms = {
        (term.level, term.area_id): term
        for term in Term.objects.filter(is_current=True).exclude(area=city).exclude(body__parent__isnull=True)
    }
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
                    term=own_terms.get((level, district.pk))
                    or own_terms.get((level, street.pk))
                    or terms[level],
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
    _two_level_deputy(stdout)
    load_duty(stdout=stdout)


TWO_LEVEL_LOGIN = "cgdeputy"


def _two_level_deputy(stdout: TextIO) -> None:
    """A city deputy from 城关区 who also sits in 城关区's own congress (DOMAIN.md §11): one login,
    ``cgdeputy``, two seats; the dashboard shows both bodies' work. Once only."""
    from .services import deputy_second_seat_create

    district_term = Term.objects.filter(
        is_current=True, level="county", body__name="城关区人大常委会"
    ).first()
    if district_term is None or Deputy.objects.filter(user__username=TWO_LEVEL_LOGIN).exists():
        return
    seat = (
        Deputy.objects.active()
        .municipal()
        .filter(area=district_term.body.area, user__isnull=True)
        .order_by("slug")
        .first()
    )
    if seat is None:
        return
    account = demo_user(TWO_LEVEL_LOGIN, first_name=seat.name, role=roles.DEPUTY)
    Deputy.objects.filter(pk=seat.pk).update(user=account)
    seat.user = account
    deputy_second_seat_create(
        deputy=seat,
        term=district_term,
        constituency="城关区东岗街道选区",
        elected_on=district_term.starts_on,
    )
    stdout.write(
        f"deputies: {seat.name} sits in the city's and 城关区's congress (login {TWO_LEVEL_LOGIN})\n"
    )


# --- Duty record, points, liaison and report-backs --------------------------------------------------

# Offline activities of a year, drawn per deputy from an activity level (a, 0.2–1): how many of each
# kind a busy deputy does (the 1+4+3 of 002:715 and a few trainings, inspections and surveys).
OFFLINE_PLAN = [
    ("group_activity", 5, "参加代表小组活动"),
    ("committee_activity", 4, "参加常委会组织的集中视察"),
    ("training", 3, "参加代表履职学习培训班"),
    ("inspection", 3, "参加执法检查"),
    ("survey", 2, "参加专题调研"),
    ("meeting_attended", 1, "列席常委会会议"),
    ("public_service", 2, "参加公益志愿服务"),
]
CONTACT_TOPICS = [
    "走访社区听取老旧小区改造意见",
    "在社区议事会上听取选民对停车难的意见",
    "电话回访反映噪音问题的群众",
    "在联络站与居民交流养老服务需求",
    "走访企业了解营商环境问题",
]
COMMITTEE_POSTS = ["副主任", "副主任", "秘书长"] + ["委员"] * 27
REPORT_BACK_TEXT = (
    "一年来，我坚持每月进站接待选民，共接待群众六十余人次，领办群众意见建议十二件，"
    "其中老旧小区加装电梯、学校周边交通安全等九件已经办结。领衔提出代表建议三件、附议五件，"
    "参加代表小组活动和常委会组织的视察调研八次。下一步，我将继续当好群众的代言人，"
    "把大家反映的问题一件一件跟到底。"
)


def _dates(rng: random.Random, year: int, last: datetime.date, count: int) -> list[datetime.date]:
    first = datetime.date(year, 1, 2)
    if last < first:
        return []
    span = (last - first).days
    return sorted(first + datetime.timedelta(days=rng.randint(0, span)) for _ in range(count))


def _offline_entries(
    rng: random.Random, deputy_id: int, year: int, last: datetime.date, activity: float
) -> list:
    from .services import EntryInput

    rows = []
    plenary = datetime.date(year, 1, 12)
    if plenary <= last and rng.random() < 0.97:
        rows.append(
            EntryInput(deputy_id, "plenary_attended", plenary, f"出席市第十七届人民代表大会{year}年会议")
        )
    for kind, most, note in OFFLINE_PLAN:
        count = sum(rng.random() < activity for _ in range(most))
        rows += [EntryInput(deputy_id, kind, day, note) for day in _dates(rng, year, last, count)]
    if rng.random() < 0.1:
        rows.append(
            EntryInput(deputy_id, "job_performance", _dates(rng, year, last, 1)[0], "获评本系统先进工作者")
        )
    return rows


def _contacts(rng: random.Random, deputy_id: int, year: int, last: datetime.date, activity: float) -> list:
    from .services.liaison import ContactInput

    rows = []
    for quarter in range(4):
        start = datetime.date(year, quarter * 3 + 1, 1)
        end = min(last, datetime.date(year, quarter * 3 + 3, 28))
        if end < start:
            continue
        if rng.random() < activity:
            day = start + datetime.timedelta(days=rng.randint(0, (end - start).days))
            rows.append(
                ContactInput(
                    deputy_id, day, "home", "回原选区向选民通报履职情况，听取意见", rng.randint(8, 40)
                )
            )
        for _n in range(sum(rng.random() < activity * 0.6 for _ in range(2))):
            day = start + datetime.timedelta(days=rng.randint(0, (end - start).days))
            rows.append(
                ContactInput(
                    deputy_id,
                    day,
                    rng.choice(["visit", "phone", "meeting"]),
                    rng.choice(CONTACT_TOPICS),
                    rng.randint(1, 15),
                )
            )
    return rows


def load_duty(*, stdout: TextIO) -> None:
    """Entries of this year and last year for every active municipal deputy, scores, last year's
    frozen evaluations, committee members with their deputies and contacts, and a published
    report-back with ratings for the demo deputy. Once only."""
    from .models import CommitteeMember, DutyRecord, ReportBack, ReportBackRating
    from .services import (
        committee_link_add,
        committee_member_create,
        duty_records_bulk_add,
        evaluation_freeze,
        liaison_contacts_bulk_record,
        points_adjustment_add,
        report_back_create,
        report_back_publish,
        report_back_tally_refresh,
    )
    from .services.liaison import ContactInput
    from .services.report_back import mobile_digest

    if CommitteeMember.objects.exists():
        stdout.write("duty record demo: already there\n")
        return
    rng = random.Random(20261124)
    fake = Faker("zh_CN")
    fake.seed_instance(20261124)
    today = timezone.localdate()
    last_year = today.year - 1
    municipal = list(Deputy.objects.active().municipal().order_by("slug").values_list("pk", flat=True))
    demo = Deputy.objects.filter(user__username="deputy").first()
    activity = {pk: 0.2 + 0.8 * rng.random() for pk in municipal}
    if demo is not None:
        activity[demo.pk] = 0.55
    entries, contacts = [], []
    for pk in municipal:
        entries += _offline_entries(rng, pk, last_year, datetime.date(last_year, 12, 31), activity[pk])
        entries += _offline_entries(rng, pk, today.year, today, activity[pk])
        contacts += _contacts(rng, pk, last_year, datetime.date(last_year, 12, 31), activity[pk])
        quarter_start = datetime.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        # The demo deputy has been home in every earlier quarter but not yet in this one.
        this_year = _contacts(rng, pk, today.year, today, activity[pk])
        if demo is not None and pk == demo.pk:
            this_year = [c for c in this_year if not (c.method == "home" and c.on >= quarter_start)]
        contacts += this_year
    duty_records_bulk_add(entries=entries)
    liaison_contacts_bulk_record(contacts=contacts)

    # 双联系: thirty committee members, each with eight to ten deputies; most were in touch this quarter.
    linked = list(municipal)
    rng.shuffle(linked)
    committee_contacts = []
    quarter_start = datetime.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    if demo is not None and demo.pk in linked:
        linked.remove(demo.pk)
        linked.insert(0, demo.pk)
    # The first vice-chair is the demo's ``leader`` login: the case page lists leaders by name and post.
    leader = get_user_model().objects.filter(username="leader").first()
    for index, post in enumerate(COMMITTEE_POSTS):
        member = committee_member_create(
            name=fake.name(), post=f"市人大常委会{post}", user=leader if index == 0 else None
        )
        for deputy_id in linked[index * 9 : index * 9 + rng.randint(8, 10)]:
            link = committee_link_add(
                member=member, deputy=Deputy.objects.get(pk=deputy_id), since=datetime.date(2022, 3, 1)
            )
            if rng.random() < 0.65 and link:
                day = quarter_start + datetime.timedelta(
                    days=rng.randint(0, max((today - quarter_start).days, 0))
                )
                committee_contacts.append(
                    ContactInput(
                        deputy_id,
                        day,
                        rng.choice(["visit", "phone"]),
                        "了解代表履职情况，听取对常委会工作的意见",
                        1,
                        member.pk,
                    )
                )
    liaison_contacts_bulk_record(contacts=committee_contacts)

    # 年述职: a little under half of the deputies reported back last year and this year.
    names = dict(Deputy.objects.filter(pk__in=municipal).values_list("pk", "name"))
    for year, last in (
        (last_year, datetime.date(last_year, 12, 20)),
        (today.year, today - datetime.timedelta(days=3)),
    ):
        for pk in municipal:
            if (demo is not None and pk == demo.pk) or rng.random() > 0.45 * activity[pk] + 0.1:
                continue
            held_days = _dates(rng, year, last, 1)
            if not held_days:
                continue
            report_back = report_back_create(
                deputy=Deputy.objects.get(pk=pk),
                title=f"{names[pk]}代表{year}年度履职情况报告",
                summary=REPORT_BACK_TEXT,
                held_on=held_days[0],
                place="原选区选民代表座谈会",
                year=year,
            )
            report_back_publish(report_back=report_back, today=max(held_days[0], datetime.date(year, 1, 2)))
            votes_cast = rng.randint(0, 30)
            ReportBackRating.objects.bulk_create(
                ReportBackRating(
                    report_back=report_back,
                    mobile_digest=mobile_digest(f"13{pk:05d}{n:04d}"),
                    value=rng.choices(["satisfied", "basically", "unsatisfied"], weights=[80, 16, 4])[0],
                )
                for n in range(votes_cast)
            )
            report_back_tally_refresh(
                report_back=ReportBack.objects.select_related("deputy").get(pk=report_back.pk)
            )

    if demo is not None:
        points_adjustment_add(
            deputy=demo, year=today.year, points=3, reason="履职案例入选省人大代表履职优秀案例（示范数据）"
        )
        held = max(datetime.date(today.year, 1, 2), today - datetime.timedelta(days=12))
        report_back = report_back_create(
            deputy=demo,
            title=f"{demo.name}代表{today.year}年度履职情况报告",
            summary=REPORT_BACK_TEXT,
            held_on=held,
            place="东岗街道人大代表之家",
            year=today.year,
        )
        report_back_publish(report_back=report_back)
        ReportBackRating.objects.bulk_create(
            ReportBackRating(report_back=report_back, mobile_digest=mobile_digest(f"139{n:08d}"), value=value)
            for n, value in enumerate(["satisfied"] * 26 + ["basically"] * 7 + ["unsatisfied"])
        )
        report_back_tally_refresh(
            report_back=ReportBack.objects.select_related("deputy").get(pk=report_back.pk)
        )

    # Last year is over: its evaluation is frozen, the top tenth named excellent deputies.
    from .selectors import score_ranking

    ranked = list(score_ranking(year=last_year))
    excellent = {deputy.pk for deputy in ranked[: max(1, len(ranked) // 10)]}
    for deputy in ranked:
        evaluation_freeze(
            deputy=deputy,
            year=last_year,
            is_excellent=deputy.pk in excellent,
            comments="履职积极，联系群众紧密。" if deputy.pk in excellent else "",
        )
    entries_count, members_count = DutyRecord.objects.count(), CommitteeMember.objects.count()
    stdout.write(f"duty record demo: {entries_count} entries, {members_count} committee members\n")
