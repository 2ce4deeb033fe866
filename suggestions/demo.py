"""Demo opinions and suggestions in every state, some overdue, made through the services with
backdated dates. Idempotent: an item whose title exists already is skipped. Every demo item's PIN is
``DEMO_PIN`` so the tracking page can be tried."""

from __future__ import annotations

import datetime
import itertools
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.utils import timezone

from congress.bodies import root_body
from congress.calendar.models import DeadlinePolicy
from congress.calendar.selectors import work_calendar
from congress.models import Area, Body, Category, HandlingUnit, UnitOfficer
from deputies.models import Deputy
from stations.models import Station

from . import services
from .models import (
    Assignment,
    Kind,
    Rating,
    RejectionReason,
    Reply,
    Status,
    Suggestion,
    SuggestionEvent,
    Supervision,
)
from .pins import pin_hash
from .services._common import POLICY_DEPUTY_REPLY, POLICY_OPINION_REPLY, POLICY_REOPENED, POLICY_TRIAGE

DEMO_PIN = "135790"
DEMO_UNIT = "示范市住房和城乡建设局"

# (title, text, category code, target state, days ago submitted, extra)
ITEMS: list[tuple[str, str, str, str, int, dict[str, Any]]] = [
    (
        "东岗西路路灯不亮",
        "东岗西路与天水路交叉口的路灯已经坏了两个星期，晚上行人很不安全，请尽快维修。",
        "urban",
        "submitted",
        0,
        {"qr": True},
    ),
    (
        "小区门口积水严重",
        "雁园社区北门每逢下雨积水没过脚踝，老人孩子出行困难，希望疏通排水管道。",
        "urban",
        "submitted",
        6,
        {},
    ),
    (
        "东岗西路路灯损坏无人修",
        "东岗西路天水路口的路灯坏了很久，晚上过马路很危险，请有关部门尽快修好。",
        "urban",
        "submitted",
        1,
        {},
    ),
    (
        "天水路口路灯坏了",
        "天水路口这边的路灯一直不亮，晚上很黑，请修一下。",
        "urban",
        "merged",
        1,
        {"into": "东岗西路路灯不亮"},
    ),
    (
        "建议增加社区老年食堂",
        "盐场社区独居老人多，建议开办社区老年食堂，解决老人吃饭难的问题。",
        "elderly",
        "accepted",
        2,
        {},
    ),
    ("邻里噪音纠纷", "楼上邻居每晚很晚还在装修，沟通无果，希望人大帮忙解决。", "other", "rejected", 9, {}),
    (
        "学校门口早高峰拥堵",
        "金塔社区小学门口早上送学车辆乱停，造成严重拥堵，建议设置临时停车区和护学岗。",
        "transport",
        "assigned",
        3,
        {"co": "示范市公安局"},
    ),
    (
        "老旧小区外墙脱落",
        "南关社区3号楼外墙瓷砖多处脱落，存在安全隐患，请尽快排查修缮。",
        "housing",
        "assigned",
        40,
        {},
    ),
    (
        "背街小巷路面破损",
        "双城社区背街小巷路面坑洼不平，雨天积水，居民出行不便。",
        "urban",
        "signed_for",
        30,
        {},
    ),
    ("供暖温度不达标", "平凉社区多栋楼室温不足16度，请督促供热企业整改。", "housing", "returned", 8, {}),
    (
        "公园健身器材损坏",
        "白塔社区公园的健身器材有多件损坏，存在安全隐患，请维修更换。",
        "urban",
        "replied",
        20,
        {"deputy": True},
    ),
    (
        "小区加装电梯补贴",
        "建议出台老旧小区加装电梯补贴政策，方便老年人上下楼。",
        "housing",
        "follow_up_due",
        25,
        {},
    ),
    (
        "垃圾清运不及时",
        "龙尾社区垃圾站清运不及时，夏天气味很大，影响居民生活。",
        "environment",
        "reopened",
        35,
        {},
    ),
    (
        "公交站台缺少遮阳棚",
        "伏龙坪公交站台没有遮阳棚，夏天候车很晒，建议加装。",
        "transport",
        "rated",
        45,
        {},
    ),
    (
        "人行道违章停车",
        "东岗社区人行道被车辆长期占用，行人只能走机动车道，请加强管理。",
        "urban",
        "closed",
        60,
        {"publish": True},
    ),
]


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def _backdate(item: Suggestion, days: int) -> None:
    if days:
        moment = timezone.now() - datetime.timedelta(days=days)
        Suggestion.objects.filter(pk=item.pk).update(submitted_at=moment)
        item.events.filter(action="submit").update(at=moment)


def _lead(item: Suggestion) -> Assignment:
    return Assignment.objects.filter(suggestion=item, role="lead").order_by("-pk").first()  # type: ignore[return-value]


def load(*, stdout: TextIO) -> None:
    staff = _user("staff")
    unit = HandlingUnit.objects.filter(name=DEMO_UNIT).first()
    officer_link = UnitOfficer.objects.filter(unit=unit).select_related("user").first()
    if staff is None or unit is None or officer_link is None:
        stdout.write("suggestions: demo accounts or units missing, skipped\n")
        return
    officer = officer_link.user
    deputy = Deputy.objects.filter(user__username="deputy").first()
    street = Area.objects.filter(level=Area.Level.STREET).order_by("code").first()
    station = (
        Station.objects.filter(liaisons__username="liaison").first() or Station.objects.order_by("pk").first()
    )
    made = 0
    for title, text, category_code, state, days, extra in ITEMS:
        if Suggestion.objects.filter(title=title).exists():
            continue
        _make(
            title=title,
            text=text,
            category=Category.objects.filter(code=category_code).first(),
            area=street,
            state=state,
            days=days,
            extra=extra,
            staff=staff,
            officer=officer,
            unit=unit,
            deputy=deputy,
            station=station,
        )
        made += 1
    if deputy is not None and not Suggestion.objects.filter(title="关于加快老旧小区改造的建议").exists():
        cosigners = list(Deputy.objects.active().municipal().exclude(pk=deputy.pk).order_by("slug")[:2])
        formal = services.deputy_suggestion_file(
            deputy=deputy,
            title="关于加快老旧小区改造的建议",
            text="建议将城关区2000年前建成的老旧小区全部纳入改造计划，同步解决加装电梯、停车和管网老化问题。",
            category=Category.objects.filter(code="housing").first(),
            area=street,
            cosigners=cosigners,
            actor=_user("deputy"),
        )
        services.suggestion_mark_key(
            suggestion=formal,
            is_key=True,
            lead_official="分管副市长",
            supervising_leader=_user("leader") or staff,
            actor=staff,
        )
        services.suggestion_assign(
            suggestion=formal,
            lead_unit=unit,
            co_units=HandlingUnit.objects.filter(name="示范市自然资源局"),
            actor=staff,
            start=timezone.localdate() - datetime.timedelta(days=20),
        )
        services.supervision_record(
            suggestion=formal,
            kind="leader",
            method="on_site",
            held_on=timezone.localdate() - datetime.timedelta(days=5),
            note="常委会副主任带队现场督办",
            actor=staff,
        )
        made += 1
    for demo_item in Suggestion.objects.filter(title__in=[row[0] for row in ITEMS]).only("pk", "code"):
        Suggestion.objects.filter(pk=demo_item.pk).update(pin_hash=pin_hash(demo_item.code, DEMO_PIN))
    stdout.write(
        f"suggestions: {made} demo items added, {Suggestion.objects.count()} in all; demo PIN {DEMO_PIN}\n"
    )
    for code, status in Suggestion.objects.filter(title__in=[row[0] for row in ITEMS]).values_list(
        "code", "status"
    ):
        stdout.write(f"  {code} {status}\n")
    _network(stdout)
    _two_level_items(stdout)
    _volume(stdout)
    _reading(stdout)


def _reading(stdout: TextIO) -> None:
    """The text index of items inserted in bulk (the volume), and the routing models of the city's
    committee, so the triage queue shows duplicates and suggestions from the first start. Both are
    idempotent: an indexed item is skipped, and a model is trained only when the body has none."""
    from .routing.models import RoutingModel, RoutingTarget
    from .routing.services import routing_model_train

    _burst(stdout)
    indexed = services.suggestions_text_backfill(batch_size=2000)
    if indexed:
        stdout.write(f"suggestions: text index of {indexed} items\n")
    root = Body.objects.filter(parent__isnull=True).order_by("pk").first()
    if root is None:
        return
    for target in RoutingTarget.values:
        if not RoutingModel.objects.filter(body=root, target=target).exists():
            # The newest 3,000 items and three folds keep the first start short; the nightly task
            # retrains on the whole history.
            row = routing_model_train(body=root, target=target, folds=3, max_items=3000)
            if row is not None:
                stdout.write(
                    f"suggestions: routing model ({target}) of {root}: {row.items} items, "
                    f"macro-F1 {row.metrics['macro_f1']:.2f}, top-3 {row.metrics['top3']:.2f}\n"
                )
    from .services.hotspots import hotspots_detect

    for hotspot in hotspots_detect():
        stdout.write(f"suggestions: hotspot {hotspot.label} ({hotspot.size} items)\n")


# A burst (热点民情): parents at three streets write about one school's overloaded buses within three
# days; the statistics dashboard shows it as a hotspot and staff get one notice.
BURST = [
    "实验小学门口校车超载，孩子挤在过道里很危险。",
    "实验小学的校车严重超载，希望有关部门管一管。",
    "实验小学校车超载问题请尽快处理，家长都很担心。",
    "实验小学接送孩子的校车超载，过道站满了学生。",
    "校车超载！实验小学每天早上都这样，出了事谁负责？",
    "实验小学校车超员超载，存在很大的安全隐患。",
    "反映实验小学校车超载，周一到周五天天如此。",
]


def _burst(stdout: TextIO) -> None:
    if Suggestion.objects.filter(text=BURST[0]).exists():
        return
    streets = list(Area.objects.filter(level=Area.Level.STREET).order_by("code")[:3])
    category = Category.objects.filter(code="education").first()
    now = timezone.now()
    for n, text in enumerate(BURST):
        services.suggestion_submit(
            channel="web",
            title=text[:14].rstrip("，！"),
            text=text,
            category=category,
            area=streets[n % len(streets)] if streets else None,
            submitter_name="家长",
            submitter_mobile=f"1390931{n:04d}",
            consent_privacy=True,
            submitted_at=now - datetime.timedelta(hours=60 - 8 * n),
        )
    stdout.write(f"suggestions: a burst of {len(BURST)} items about one school's buses\n")


# Items of the body network (DOMAIN.md §11): (title, area, receiving body, state, transfer to, reason).
NETWORK_ITEMS = [
    ("酒泉路小区二次供水水压不足", "酒泉路街道", "城关区人大常委会", "assigned", "", ""),
    ("皋兰路菜市场周边占道经营", "皋兰路街道", "城关区人大常委会", "submitted", "", ""),
    (
        "东岗社区楼道堆放杂物存在消防隐患",
        "酒泉路街道",
        "城关区人大常委会",
        "accepted",
        "东岗街道人大工委",
        "属街道和社区日常管理事项，转交东岗街道人大工委督促办理。",
    ),
    (
        "雁园路地下供热管网整体老化",
        "东岗街道",
        "东岗街道人大工委",
        "submitted",
        "城关区人大常委会",
        "涉及跨街道管网改造和区级资金安排，超出街道职权，上报区人大常委会。",
    ),
    ("彭家坪村道路硬化", "八里镇", "八里镇人大主席团", "submitted", "", ""),
]
NETWORK_STAFF = {
    "城关区人大常委会": "cgstaff",
    "东岗街道人大工委": "dgstaff",
    "八里镇人大主席团": "blstaff",
}


# 城关区's own category and rejection reason (docs/bodies.md): one of its items carries the category,
# and the reason is offered when its staff (or its street's) reject an item.
NETWORK_CATEGORIES = {"酒泉路小区二次供水水压不足": "cg-old-estates"}
DISTRICT_REASON = (
    "城关区人大常委会",
    "已纳入区老旧小区改造计划",
    "您反映的问题已纳入城关区老旧小区改造年度计划，将按计划统一实施，请关注所在社区的公示。",
)


def _district_reason() -> None:
    body_name, title, text = DISTRICT_REASON
    body = Body.objects.filter(name=body_name).first()
    if body is None or RejectionReason.objects.filter(body=body, title=title).exists():
        return
    services.rejection_reason_save(reason=None, values={"title": title, "text": text, "body": body})


def _network(stdout: TextIO) -> None:
    """District and lower bodies' own items, one transferred down and one transferred up."""
    _district_reason()
    made = 0
    for title, area_name, body_name, state, to_name, reason in NETWORK_ITEMS:
        body = Body.objects.filter(name=body_name).first()
        staff = _user(NETWORK_STAFF.get(body_name, ""))
        if body is None or staff is None or Suggestion.objects.filter(title=title).exists():
            continue
        item = services.suggestion_submit(
            channel="web",
            title=title,
            text=f"{title}，影响周边居民生活，希望尽快研究解决。",
            area=Area.objects.filter(name=area_name).first(),
            submitter_name="赵志强",
            submitter_mobile="13909310520",
            consent_privacy=True,
            body_id=body.pk,
            category=Category.objects.filter(code=NETWORK_CATEGORIES.get(title, "")).first(),
        ).suggestion
        if state in ("accepted", "assigned"):
            services.suggestion_accept(suggestion=item, actor=staff)
        if state == "assigned":
            unit = HandlingUnit.objects.filter(body=body).order_by("name").first()
            if unit is not None:
                services.suggestion_assign(suggestion=item, lead_unit=unit, actor=staff)
        target = Body.objects.filter(name=to_name).first() if to_name else None
        if target is not None:
            services.suggestion_transfer(suggestion=item, to_body=target, reason=reason, actor=staff)
        made += 1
    stdout.write(f"suggestions of the body network: {made} added\n")


# Opinions a citizen raised with each seat of the two-level deputy (login cgdeputy): one goes to the
# city committee (the city seat's body), one to 城关区人大常委会 (the district seat's).
TWO_LEVEL_ITEMS = [
    ("city", "建议延长市区公交夜班线路运营时间", "下夜班的工人乘车难，希望市里统筹延长夜班公交线路。"),
    ("district", "东岗西路人行道破损需要修补", "东岗西路北侧人行道多处砖块松动，老人孩子容易绊倒。"),
]


def _two_level_items(stdout: TextIO) -> None:
    """Through the deputy's QR code, so intake picks each seat's body (the item goes to the body of
    the deputy's term). Once only."""
    city_seat = Deputy.objects.filter(user__username="cgdeputy").select_related("term").first()
    if city_seat is None:
        return
    district_seat = Deputy.objects.filter(seat_of=city_seat).first()
    made = 0
    for which, title, text in TWO_LEVEL_ITEMS:
        seat = city_seat if which == "city" else district_seat
        if seat is None or Suggestion.objects.filter(title=title).exists():
            continue
        services.suggestion_submit(
            channel="qr",
            title=title,
            text=text,
            area=Area.objects.filter(name="东岗街道").first(),
            submitter_name="孙丽华",
            submitter_mobile="13909310777",
            consent_privacy=True,
            deputy=seat,
        )
        made += 1
    stdout.write(f"suggestions for the two-level deputy: {made} added\n")


def _make(
    *,
    title: str,
    text: str,
    category: Category | None,
    area: Area | None,
    state: str,
    days: int,
    extra: dict[str, Any],
    staff: Any,
    officer: Any,
    unit: HandlingUnit,
    deputy: Deputy | None,
    station: Station | None,
) -> None:
    submitted = services.suggestion_submit(
        channel="qr" if extra.get("qr") else "web",
        title=title,
        text=text,
        category=category,
        area=area,
        submitter_name="张建国" if days % 2 else "李秀英",
        submitter_mobile=f"1390931{days:04d}",
        consent_privacy=True,
        consent_publish=True,
        deputy=deputy if extra.get("deputy") or extra.get("qr") else None,
        station=station if days % 3 == 0 else None,
        submitted_at=timezone.now() - datetime.timedelta(days=days),
        body_id=root_body().pk,  # the city committee's own demo items, whatever the street
    )
    item = submitted.suggestion
    _backdate(item, days)
    start = timezone.localdate() - datetime.timedelta(days=max(days - 1, 0))
    if state == "submitted":
        return
    if state == "merged":
        main = Suggestion.objects.get(title=extra["into"])
        services.suggestion_merge(suggestion=item, into=main, actor=staff)
        return
    if state == "rejected":
        services.suggestion_reject(
            suggestion=item,
            actor=staff,
            reason="您反映的事项属于邻里民事纠纷，建议通过社区人民调解委员会调解解决。",
        )
        return
    services.suggestion_accept(suggestion=item, actor=staff)
    if state == "accepted":
        return
    co_units = HandlingUnit.objects.filter(name=extra["co"]) if "co" in extra else HandlingUnit.objects.none()
    services.suggestion_assign(suggestion=item, lead_unit=unit, co_units=co_units, actor=staff, start=start)
    lead = _lead(item)
    if state == "assigned":
        return
    if state == "returned":
        services.assignment_return(
            assignment=lead, actor=officer, reason="供热监管属于城市管理局职责，请改派。"
        )
        return
    services.assignment_sign_for(assignment=lead, actor=officer)
    if state == "signed_for":
        return
    outcome = "B" if state == "follow_up_due" else "A"
    commitments = []
    if outcome == "B":
        commitments = [
            services.CommitmentInput(
                promise="年内出台加装电梯补贴实施细则",
                due_on=timezone.localdate() + datetime.timedelta(days=60),
            )
        ]
    services.suggestion_reply(
        assignment=lead,
        actor=officer,
        outcome=outcome,
        text="经现场调查核实，已安排专人负责，相关问题正在按计划解决。感谢您对我们工作的监督和支持。",
        commitments=commitments,
    )
    if state in ("replied", "follow_up_due"):
        return
    if state == "reopened":
        services.suggestion_rate(
            suggestion=item, rater=Rating.Rater.SUBMITTER, value="unsatisfied", comment="问题没有根本解决"
        )
        return
    services.suggestion_rate(suggestion=item, rater=Rating.Rater.SUBMITTER, value="satisfied")
    if state == "rated":
        return
    services.suggestion_close(suggestion=item, actor=staff)
    if extra.get("publish"):
        services.suggestion_publish(
            suggestion=item,
            public_title="人行道违章停车得到整治",
            public_text="有群众反映东岗社区人行道被车辆长期占用。城管部门接件后增设隔离桩并加强巡查，问题已解决。",
            actor=staff,
        )


# -- volume: a full previous year and the current year so far (reports, statistics) ----------------

VOLUME_REF = "DEMO-VOL"
# Items per full year, the realistic volume of a city's station network (DOMAIN.md §10: ~10,000 a
# year for a district network; a smaller city here so the run command starts quickly).
VOLUME_PER_YEAR = 6000
# Seasonal weights per month: fewer items around the Spring Festival, more in summer (flooding,
# heat, power) and in the heating season.
MONTH_WEIGHTS = (0.7, 0.6, 0.9, 1.0, 1.0, 1.1, 1.3, 1.3, 1.0, 0.9, 1.1, 1.2)
CHANNEL_WEIGHTS = (
    ("qr", 30),
    ("web", 18),
    ("station_desk", 15),
    ("hotline", 14),
    ("deputy_visit", 8),
    ("api", 6),
    ("letter", 4),
    ("petition_office", 3),
    ("inspection", 2),
)
# Which unit leads an item of each category (others spread over every unit).
CATEGORY_UNITS = {
    "education": "示范市教育局",
    "health": "示范市卫生健康委员会",
    "housing": "示范市住房和城乡建设局",
    "transport": "示范市交通运输局",
    "environment": "示范市生态环境局",
    "elderly": "示范市民政局",
    "urban": "示范市城市管理局",
    "social-security": "示范市人力资源和社会保障局",
    "economy": "示范市发展和改革委员会",
    "rural": "示范市农业农村局",
    "safety": "示范市应急管理局",
}
# Units that also plausibly lead an item of the category (a missing manhole cover goes to urban
# management, housing or the water company, never to a court); the rest of each category's items.
CATEGORY_ALSO = {
    "education": ("示范市体育局", "示范市财政局"),
    "health": ("示范市医疗保障局", "示范市市场监督管理局"),
    "housing": ("示范市自然资源局", "示范市自来水公司", "示范市供电公司"),
    "transport": ("示范市公安局", "示范市公共交通集团"),
    "environment": ("示范市水务局", "示范市城市管理局"),
    "elderly": ("示范市卫生健康委员会", "示范市医疗保障局"),
    "urban": ("示范市住房和城乡建设局", "示范市水务局", "示范市自来水公司", "示范市供电公司"),
    "social-security": ("示范市医疗保障局", "示范市退役军人事务局"),
    "economy": ("示范市商务局", "示范市工业和信息化局", "示范市市场监督管理局"),
    "rural": ("示范市水务局", "示范市交通运输局"),
    "safety": ("示范市公安局", "示范市市场监督管理局"),
    "other": ("示范市司法局", "示范市文化和旅游局", "示范市科学技术局"),
}
CATEGORY_WEIGHTS = {
    "urban": 22,
    "housing": 14,
    "transport": 12,
    "environment": 9,
    "elderly": 8,
    "education": 8,
    "health": 7,
    "social-security": 6,
    "safety": 4,
    "economy": 3,
    "rural": 4,
    "other": 3,
}
TITLES = {
    "urban": ["路灯不亮", "井盖缺失", "背街小巷路面破损", "占道经营", "垃圾清运不及时", "绿化带缺损"],
    "housing": ["老旧小区改造", "加装电梯", "物业服务不到位", "外墙脱落", "供暖温度不达标"],
    "transport": ["公交线路调整", "学校门口拥堵", "停车难", "红绿灯配时不合理", "公交站台缺少遮阳棚"],
    "environment": ["餐饮油烟扰民", "河道垃圾", "夜间施工噪音", "工地扬尘"],
    "elderly": ["社区老年食堂", "居家养老服务", "适老化改造", "老年活动中心"],
    "education": ["学位紧张", "课后服务", "校园周边安全", "幼儿园收费"],
    "health": ["社区医院药品不全", "挂号难", "家庭医生签约", "急救站点布局"],
    "social-security": ["社保转移接续", "灵活就业参保", "低保审核", "就业培训"],
    "safety": ["消防通道堵塞", "电动车违规充电", "燃气管道老化"],
    "economy": ["小微企业融资", "营商环境", "农贸市场改造"],
    "rural": ["农村道路硬化", "饮水安全", "农村垃圾收运"],
    "other": ["政策咨询", "其他问题"],
}


def _volume_code(year: int, n: int) -> str:
    """A tracking code from the unambiguous alphabet, unique per (year, number), starting with V."""
    from congress.ids import UNAMBIGUOUS

    alphabet = UNAMBIGUOUS.upper()
    number, digits = year * 10_000_000 + n, ""
    while number:
        number, digit = divmod(number, len(alphabet))
        digits = alphabet[digit] + digits
    return "V" + digits


def _weighted(rng: Any, pairs: Any) -> Any:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _volume_context() -> dict[str, Any] | None:
    from stations.models import Station

    units = {name: pk for pk, name in HandlingUnit.objects.values_list("pk", "name")}
    # The shared ones: the year's volume is spread over every body.
    categories = dict(
        Category.objects.filter(parent__isnull=True, body__isnull=True).values_list("code", "pk")
    )
    places = list(
        Area.objects.filter(level__in=[Area.Level.STREET, Area.Level.COMMUNITY]).values_list(
            "pk", "level", "parent_id", "parent__parent_id"
        )
    )
    if not units or not categories or not places:
        return None
    stations_by_district: dict[int, list[int]] = {}
    for pk, district in Station.objects.filter(kind__in=["home", "liaison", "point"]).values_list(
        "pk", "area__parent_id"
    ):
        stations_by_district.setdefault(district, []).append(pk)
    for pk, district in Station.objects.filter(kind__in=["liaison", "point"]).values_list(
        "pk", "area__parent__parent_id"
    ):
        stations_by_district.setdefault(district, []).append(pk)
    deputies = list(Deputy.objects.active().order_by("slug").values_list("pk", flat=True)[:1500])
    # The bodies below the city with units of their own (DOMAIN.md §11): a district's items of its
    # departments' matters, a street's or township's of its office's, are handled there.
    root = root_body()
    own_units: dict[int, dict[str, int]] = {}
    for pk, body_id, name in HandlingUnit.objects.exclude(body_id=root.pk).values_list(
        "pk", "body_id", "name"
    ):
        kind = "housing" if "住房" in name else "urban" if "城市管理" in name else "office"
        own_units.setdefault(body_id, {})[kind] = pk
    lower_bodies: dict[int, tuple[int, dict[str, int]]] = {}
    for body_id, area_id in Body.objects.exclude(pk=root.pk).values_list("pk", "area_id"):
        if area_id and body_id in own_units:
            lower_bodies[area_id] = (body_id, own_units[body_id])
    municipal = list(Deputy.objects.active().municipal().order_by("slug").values_list("pk", flat=True))
    return {
        "units": units,
        "unit_ids": sorted(units.values()),
        "categories": categories,
        "places": places,
        "stations": stations_by_district,
        "deputies": deputies or [None],
        "municipal": municipal or deputies or [None],
        "root": root.pk,
        "lower_bodies": lower_bodies,
        "leader": _user("leader"),
        "staff": _user("staff"),
        # Due dates come from the deadline policies and the working-day calendar, as for a dispatch
        # made through suggestion_assign (holidays and 调休 included).
        "calendar": work_calendar(),
        "policies": {
            code: (unit, amount)
            for code, unit, amount in DeadlinePolicy.objects.filter(is_active=True).values_list(
                "code", "unit", "amount"
            )
        },
    }


def _due(ctx: dict[str, Any], policy: str, start: datetime.date, default_days: int) -> datetime.date:
    """The due date of a time limit started on ``start`` under ``policy`` (calendar days when the
    policy is missing)."""
    if policy not in ctx.get("policies", {}):
        return start + datetime.timedelta(days=default_days)
    unit, amount = ctx["policies"][policy]
    return ctx["calendar"].add(start, unit, amount)


def _moment(rng: Any, day: datetime.date, *, after: datetime.datetime | None = None) -> datetime.datetime:
    zone = timezone.get_default_timezone()
    moment = datetime.datetime.combine(
        day, datetime.time(rng.randint(8, 21), rng.randint(0, 59)), tzinfo=zone
    )
    return max(moment, after) if after else moment


def _update_times(table: str, column: str, pairs: list[tuple[int, datetime.datetime]]) -> None:
    """Set an auto_now_add column after a bulk insert (one statement per batch)."""
    from django.db import connection

    for index in range(0, len(pairs), 20000):
        batch = pairs[index : index + 20000]
        with connection.cursor() as cursor:
            cursor.execute(
                # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
                f"UPDATE {table} AS t SET {column} = v.at "  # noqa: S608
                "FROM unnest(%s::bigint[], %s::timestamptz[]) AS v(id, at) WHERE t.id = v.id",
                [[pk for pk, _at in batch], [at for _pk, at in batch]],
            )


def bulk_year(
    *,
    year: int,
    count: int,
    rng: Any,
    now: datetime.datetime | None = None,
    batch_size: int = 5000,
    context: dict[str, Any] | None = None,
) -> int:
    """Insert ``count`` items submitted in ``year`` (up to ``now``) with bulk inserts, in every
    state: triage outcomes, dispatches to units with realistic punctuality, replies A/B/C, ratings,
    reopened items, items still overdue, key suggestions and their supervision. Returns the number
    inserted. Used by the demo loader and by bench/bench_annual_report.py."""
    ctx = context or _volume_context()
    if ctx is None:
        return 0
    now = now or timezone.now()
    first = datetime.date(year, 1, 1)
    last = min(datetime.date(year, 12, 31), timezone.localtime(now).date())
    if last < first:
        return 0
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    day_weights = [MONTH_WEIGHTS[day.month - 1] * (0.55 if day.weekday() >= 5 else 1.0) for day in days]
    cumulative = list(itertools.accumulate(day_weights))
    # Each unit's own punctuality, satisfaction and outcome mix, fixed by the seed.
    quality = {
        pk: (rng.uniform(0.62, 0.97), rng.uniform(0.55, 0.93), rng.uniform(0.45, 0.75))
        for pk in ctx["unit_ids"]
    }
    # Courts, utilities, districts: few items, so that some units fall below the league's minimum.
    small_units = ctx["unit_ids"][-8:] if len(ctx["unit_ids"]) > 8 else []
    regular_units = ctx["unit_ids"][:-8] or ctx["unit_ids"]
    category_codes = [code for code in CATEGORY_WEIGHTS if code in ctx["categories"]]
    category_weights = [CATEGORY_WEIGHTS[code] for code in category_codes]
    made = 0
    # Numbers (and so codes) go on from the items of the year inserted before.
    first_number = Suggestion.objects.filter(external_ref__startswith=f"{VOLUME_REF}-{year}-").count()
    for offset in range(first_number, first_number + count, batch_size):
        size = min(batch_size, first_number + count - offset)
        items: list[Suggestion] = []
        plans: list[dict[str, Any]] = []
        for n in range(offset, offset + size):
            day = rng.choices(days, cum_weights=cumulative)[0]
            submitted = _moment(rng, day)
            if submitted > now:
                submitted = now - datetime.timedelta(minutes=rng.randint(5, 600))
            code = (
                rng.choice(category_codes)
                if rng.random() < 0.1
                else rng.choices(category_codes, category_weights)[0]
            )
            place, level, parent, grandparent = rng.choice(ctx["places"])
            district = parent if level == Area.Level.STREET else grandparent
            r = rng.random()
            kind = (
                Kind.DEPUTY_SUGGESTION
                if r < 0.05
                else Kind.MICRO_MATTER
                if r < 0.08
                else Kind.CITIZEN_OPINION
            )
            channel = "deputy" if kind == Kind.DEPUTY_SUGGESTION else _weighted(rng, CHANNEL_WEIGHTS)
            station = None
            if channel == "station_desk" and ctx["stations"].get(district):
                station = rng.choice(ctx["stations"][district])
            deputy = rng.choice(ctx["deputies"]) if channel in ("qr", "deputy_visit") else None
            lead_deputy = rng.choice(ctx["municipal"]) if kind == Kind.DEPUTY_SUGGESTION else None
            topic = rng.choice(TITLES.get(code, TITLES["other"]))
            items.append(
                Suggestion(
                    code=_volume_code(year, n),
                    pin_hash=pin_hash(_volume_code(year, n), DEMO_PIN),  # keyed: microseconds each
                    kind=kind,
                    channel=channel,
                    status=Status.SUBMITTED,
                    title=f"关于{topic}的{'建议' if kind == Kind.DEPUTY_SUGGESTION else '问题'}",
                    text=f"{topic}：群众反映的具体情况已登记，请有关部门核实处理。",
                    category_id=ctx["categories"][code],
                    area_id=place,
                    submitter_name=""
                    if kind == Kind.DEPUTY_SUGGESTION
                    else rng.choice(["张", "李", "王", "刘", "陈"]) + "先生",
                    submitter_mobile=""
                    if kind == Kind.DEPUTY_SUGGESTION
                    else f"139{rng.randint(0, 99999999):08d}",
                    consent_privacy=True,
                    deputy_id=deputy,
                    station_id=station,
                    lead_deputy_id=lead_deputy,
                    external_ref=f"{VOLUME_REF}-{year}-{n:07d}",
                    submitted_at=submitted,
                )
            )
            roll = rng.random()
            unit_name = CATEGORY_UNITS.get(code)
            also = [ctx["units"][name] for name in CATEGORY_ALSO.get(code, ()) if name in ctx["units"]]
            if unit_name in ctx["units"] and (not also or rng.random() < 0.8):
                unit = ctx["units"][unit_name]
            elif also:
                unit = rng.choice(also)
            else:  # not the demo city's units (a test's handful): anywhere, a few to the last ones
                unit = rng.choice(small_units if small_units and roll < 0.012 else regular_units)
            body = received_by = ctx.get("root")
            # No extra draw (the seeded city stays the same): a share of the items is decided from the
            # item's number. Urban and housing matters of a district with its own departments are the
            # district's; a street's or township's office takes some of those placed in it.
            spread = (n * 7919) % 100
            street = place if level == Area.Level.STREET else parent
            lower = ctx.get("lower_bodies", {})
            if code in ("urban", "housing") and street in lower and spread < 30:
                body, units_below = lower[street]
                unit = units_below.get("office", unit)
                received_by = body
            elif code in ("urban", "housing") and district in lower and spread < 55:
                body, units_below = lower[district]
                unit = units_below.get(code, unit)
                received_by = body
                if spread < 4:  # taken in by the city, passed down to the district
                    received_by = ctx.get("root")
            elif district in lower and spread >= 98:  # taken in by a district, passed up to the city
                received_by = lower[district][0]
            if body is not None:
                items[-1].body_id, items[-1].received_by_id = body, received_by
            plans.append({"unit": unit, "kind": kind, "lead_deputy": lead_deputy, "r": rng.random()})
        made += len(items)
        _bulk_handling(
            items,
            plans,
            rng=rng,
            now=now,
            quality=quality,
            ctx=ctx,
        )
    return made


def _bulk_handling(
    items: list[Suggestion],
    plans: list[dict[str, Any]],
    *,
    rng: Any,
    now: datetime.datetime,
    quality: dict[int, tuple[float, float, float]],
    ctx: dict[str, Any],
) -> None:
    """Triage, dispatch, reply, rating and supervision of a batch of items, decided before anything is
    inserted (children point at their item objects; Django fills the ids in as the items get them),
    then inserted with one bulk INSERT per table: no UPDATE of the items afterwards."""
    assignments: list[Assignment] = []
    replies: list[tuple[int, Any]] = []  # (index of assignment, Reply)
    ratings: list[tuple[Rating, datetime.datetime]] = []
    # Every state change leaves its event, as suggestion_transition writes it: the reports read an
    # item's state at a period's end from this history.
    events: list[tuple[SuggestionEvent, datetime.datetime]] = []

    def step(item: Suggestion, action: str, to_state: str, at: datetime.datetime, note: str = "") -> None:
        events.append(
            (
                SuggestionEvent(
                    suggestion=item, action=action, from_state=item.status, to_state=to_state, note=note
                ),
                at,
            )
        )
        item.status = to_state

    supervisions: list[Supervision] = []
    accepted_so_far: list[Suggestion] = []
    # The policy each dispatch's clock runs under, beside ``assignments``.
    policies: list[str] = []
    transfers: list[tuple[Suggestion, datetime.datetime]] = []
    today = timezone.localtime(now).date()
    for item, plan in zip(items, plans, strict=True):
        r = plan["r"]
        if item.received_by_id and item.received_by_id != item.body_id:
            # Transferred within the hour of receipt, before triage, as suggestion_transfer does it.
            moved = item.submitted_at + datetime.timedelta(minutes=50)
            if moved <= now:
                step(item, "transfer", Status.SUBMITTED, moved, "转交办理")
                transfers.append((item, moved))
            else:
                item.body_id = item.received_by_id
        age = now - item.submitted_at
        if age < datetime.timedelta(days=2) and r < 0.7:
            continue  # still waiting for triage
        # Rejected and merged within 2 to 40 hours, drawn from r (no extra draw: the seeded city stays
        # the same); such an item is at least two days old, so that moment has passed.
        triaged_at = item.submitted_at + datetime.timedelta(hours=2 + int(r * 100_000) % 39)
        if r < 0.04:
            item.rejection_reason = "您反映的事项属于民事纠纷，建议通过人民调解或诉讼途径解决。"
            step(item, "reject", Status.REJECTED, triaged_at)
            continue
        if r < 0.07 and accepted_so_far:
            target = rng.choice(accepted_so_far[-50:])
            item.merged_into = target
            step(item, "merge", Status.MERGED, triaged_at)
            continue
        accepted_at = item.submitted_at + datetime.timedelta(hours=rng.randint(2, 40))
        accepted_so_far.append(item)
        unit = plan["unit"]
        punctual, satisfying, solved = quality[unit]
        deputy_kind = plan["kind"] == Kind.DEPUTY_SUGGESTION
        assigned_at = accepted_at + datetime.timedelta(hours=rng.randint(1, 30))
        if accepted_at > now:
            continue  # still waiting for triage
        item.accepted_at = accepted_at
        step(item, "accept", Status.ACCEPTED, accepted_at)
        if assigned_at > now:
            continue
        assigned_on = timezone.localtime(assigned_at).date()
        due = _due(
            ctx,
            POLICY_DEPUTY_REPLY if deputy_kind else POLICY_OPINION_REPLY,
            assigned_on,
            90 if deputy_kind else 14,
        )
        limit_days = max((due - assigned_on).days, 2)
        # A few recent dispatches have no reply yet; older ones were answered, some of them late.
        never = rng.random() < 0.04 and now - assigned_at < datetime.timedelta(days=150)
        if rng.random() < punctual:
            delay = datetime.timedelta(days=rng.uniform(1, limit_days - 0.5))
        else:
            delay = datetime.timedelta(days=rng.uniform(limit_days + 1, limit_days * 2.2))
        replied_at = None if never else assigned_at + delay
        if replied_at is not None and replied_at > now:
            replied_at = None
        signed_for_at = assigned_at + datetime.timedelta(hours=rng.randint(1, 48))
        if replied_at is not None:
            signed_for_at = min(signed_for_at, replied_at - datetime.timedelta(minutes=30))
        step(item, "assign", Status.ASSIGNED, assigned_at)
        if signed_for_at <= now:
            step(item, "sign_for", Status.SIGNED_FOR, signed_for_at)
        assignment = Assignment(
            suggestion=item,
            unit_id=unit,
            role=Assignment.Role.LEAD,
            status=Assignment.Status.DONE if replied_at else Assignment.Status.ACTIVE,
            due_date=due,
            assigned_at=assigned_at,
            signed_for_at=signed_for_at if signed_for_at <= now else None,
            replied_at=replied_at,
            overdue_level=(2 if due < today - datetime.timedelta(days=7) else 1)
            if not replied_at and due < today
            else 0,
        )
        assignments.append(assignment)
        policies.append(POLICY_DEPUTY_REPLY if deputy_kind else POLICY_OPINION_REPLY)
        is_key = deputy_kind and rng.random() < 0.08
        if is_key:
            item.is_key = True
            item.lead_official = rng.choice(["分管副市长", "市政府秘书长", "分管副区长"])
            item.supervising_leader = ctx["leader"]
            for k in range(rng.randint(1, 3)):
                held = timezone.localtime(assigned_at).date() + datetime.timedelta(days=15 + 25 * k)
                if held <= today:
                    supervisions.append(
                        Supervision(
                            suggestion=item,
                            kind=rng.choice(["leader", "leader", "committee"]),
                            method=rng.choice(["meeting", "on_site", "research"]),
                            held_on=held,
                            note="常委会领导带队督办",
                        )
                    )
        if replied_at is None:
            if due < today and rng.random() < 0.3:
                supervisions.append(
                    Supervision(
                        suggestion=item,
                        kind="office",
                        method="written",
                        held_on=min(due + datetime.timedelta(days=3), today),
                        note="发出提醒督办函",
                    )
                )
            continue
        outcome = "A" if rng.random() < solved else ("B" if rng.random() < 0.6 else "C")
        replies.append(
            (
                len(assignments) - 1,
                Reply(
                    suggestion=item,
                    outcome=outcome,
                    text="经调查核实，已按规定办理并答复。",
                    replied_at=replied_at,
                ),
            )
        )
        step(item, "reply", Status.FOLLOW_UP_DUE if outcome == "B" else Status.REPLIED, replied_at)
        rated_at = replied_at + datetime.timedelta(days=rng.uniform(1, 9))
        if rng.random() < 0.72 and rated_at <= now:
            roll = rng.random()
            value = (
                "satisfied"
                if roll < satisfying
                else ("basically" if roll < satisfying + (1 - satisfying) * 0.6 else "unsatisfied")
            )
            rater = Rating.Rater.DEPUTY if deputy_kind else Rating.Rater.SUBMITTER
            ratings.append(
                (
                    Rating(
                        suggestion=item,
                        rater=rater,
                        deputy_id=plan["lead_deputy"] if deputy_kind else None,
                        value=value,
                    ),
                    rated_at,
                )
            )
            if value == "unsatisfied" and rng.random() < 0.6:
                item.reopen_count = 1
                step(item, "rate", Status.REOPENED, rated_at, "不满意，重新办理")
                # Re-handled within about a month (default 1 month, DOMAIN.md §5); recent ones are open.
                second_reply: datetime.datetime | None = rated_at + datetime.timedelta(
                    days=rng.uniform(5, 40)
                )
                if second_reply is not None and second_reply > now:
                    second_reply = None
                assignments.append(
                    Assignment(
                        suggestion=item,
                        unit_id=unit,
                        role=Assignment.Role.LEAD,
                        status=Assignment.Status.DONE if second_reply else Assignment.Status.ACTIVE,
                        round=1,
                        due_date=_due(ctx, POLICY_REOPENED, timezone.localtime(rated_at).date(), 30),
                        assigned_at=rated_at,
                        replied_at=second_reply,
                    )
                )
                policies.append(POLICY_REOPENED)
                if second_reply is not None:
                    replies.append(
                        (
                            len(assignments) - 1,
                            Reply(
                                suggestion=item,
                                outcome="A",
                                round=1,
                                text="重新办理后已解决，并再次答复。",
                                replied_at=second_reply,
                            ),
                        )
                    )
                    step(item, "reply", Status.REPLIED, second_reply)
                    closed_at = second_reply + datetime.timedelta(days=3)
                    if closed_at <= now:
                        item.closed_at = closed_at
                        step(item, "close", Status.CLOSED, closed_at)
            elif item.status == Status.FOLLOW_UP_DUE:
                step(item, "rate", Status.FOLLOW_UP_DUE, rated_at)
            else:
                step(item, "rate", Status.RATED, rated_at)
                closed_at = rated_at + datetime.timedelta(days=rng.uniform(0.5, 5))
                if closed_at <= now and rng.random() < 0.85:
                    item.closed_at = closed_at
                    step(item, "close", Status.CLOSED, closed_at)
    # Merged items point at a case inserted before them.
    Suggestion.objects.bulk_create([item for item in items if item.status != Status.MERGED], batch_size=5000)
    Suggestion.objects.bulk_create([item for item in items if item.status == Status.MERGED], batch_size=5000)
    Assignment.objects.bulk_create(assignments, batch_size=5000)
    _bulk_deadlines(assignments, policies)
    _bulk_triage_clocks([item for item in items if item.status == Status.SUBMITTED])
    _bulk_transfers(transfers)
    reply_rows = []
    for index, reply in replies:
        reply.assignment = assignments[index]
        reply_rows.append(reply)
    Reply.objects.bulk_create(reply_rows, batch_size=5000)
    Rating.objects.bulk_create([rating for rating, _at in ratings], batch_size=5000)
    _update_times("suggestions_rating", "rated_at", [(rating.pk, at) for rating, at in ratings])
    SuggestionEvent.objects.bulk_create([event for event, _at in events], batch_size=5000)
    _update_times("suggestions_suggestionevent", "at", [(event.pk, at) for event, at in events])
    Supervision.objects.bulk_create(supervisions, batch_size=5000)


def _bulk_deadlines(assignments: list[Assignment], policies: list[str]) -> None:
    """Each dispatch's clock, started through the calendar engine as ``suggestion_assign`` starts it
    (``deadlines_start_bulk``: the policy's unit and amount, holidays and 调休), closed when answered;
    the dispatch points at it and keeps its due date as the mirror."""
    from django.db import connection

    from congress.calendar.services import DeadlineStart, deadlines_start_bulk

    zone = timezone.get_default_timezone()
    deadlines = deadlines_start_bulk(
        owner_model=Assignment,
        starts=[
            DeadlineStart(
                owner_id=assignment.pk,
                policy_code=policy,
                start=assignment.assigned_at.astimezone(zone).date(),
                closed_at=assignment.replied_at,
            )
            for assignment, policy in zip(assignments, policies, strict=True)
        ],
    )
    pairs = [(deadline.owner_id, deadline.pk, deadline.due) for deadline in deadlines]
    for index in range(0, len(pairs), 20000):
        batch = pairs[index : index + 20000]
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE suggestions_assignment AS t SET deadline_id = v.deadline, due_date = v.due "
                "FROM unnest(%s::bigint[], %s::bigint[], %s::date[]) AS v(id, deadline, due) "
                "WHERE t.id = v.id",
                [[a for a, _d, _u in batch], [d for _a, d, _u in batch], [u for _a, _d, u in batch]],
            )


def _bulk_triage_clocks(waiting: list[Suggestion]) -> None:
    """The triage clock of each item still waiting for triage, started on its day of receipt as
    ``suggestion_submit`` starts it: the triage queue shows the time left, not a dash."""
    from django.db import connection

    from congress.calendar.services import DeadlineStart, deadlines_start_bulk

    if not waiting:
        return
    zone = timezone.get_default_timezone()
    deadlines = deadlines_start_bulk(
        owner_model=Suggestion,
        starts=[
            DeadlineStart(
                owner_id=item.pk, policy_code=POLICY_TRIAGE, start=item.submitted_at.astimezone(zone).date()
            )
            for item in waiting
        ],
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE suggestions_suggestion AS t SET triage_deadline_id = v.deadline "
            "FROM unnest(%s::bigint[], %s::bigint[]) AS v(id, deadline) WHERE t.id = v.id",
            [[d.owner_id for d in deadlines], [d.pk for d in deadlines]],
        )


def _bulk_transfers(transfers: list[tuple[Suggestion, datetime.datetime]]) -> None:
    """The audit events of the transfers made in bulk, as ``suggestion_transfer`` writes them."""
    from django.contrib.contenttypes.models import ContentType

    from congress.models import AuditEvent

    if not transfers:
        return
    kind = ContentType.objects.get_for_model(Suggestion)
    paths = dict(Body.objects.values_list("pk", "path"))
    names = dict(Body.objects.values_list("pk", "name"))
    events = []
    for item, at in transfers:
        source, target = int(item.received_by_id or 0), int(item.body_id or 0)
        down = paths[target].startswith(paths[source])
        events.append(
            AuditEvent(
                content_type=kind,
                object_id=item.pk,
                action="transfer",
                # Dated when it happened, before it is chained: audit rows are never updated.
                at=at,
                from_state=str(source),
                to_state=str(target),
                note="属下级职责" if down else "超出本级职权",
                data={
                    "from_body": source,
                    "from_body_name": names[source],
                    "to_body": target,
                    "to_body_name": names[target],
                    "direction": "down" if down else "up",
                    "reason": "属下级职责" if down else "超出本级职权",
                },
            )
        )
    AuditEvent.objects.bulk_create(events, batch_size=5000)


def _volume(stdout: TextIO) -> None:
    if Suggestion.objects.filter(external_ref__startswith=VOLUME_REF).exists():
        return
    if HandlingUnit.objects.count() < 12:
        return  # not the demo city (a test's handful of units): no volume
    import random

    rng = random.Random(2025)
    today = timezone.localdate()
    context = _volume_context()
    made = 0
    # Two years before (a smaller one, for the year-on-year change), last year, this year so far.
    for year, scale in ((today.year - 2, 0.8), (today.year - 1, 1.0), (today.year, 1.0)):
        share = scale if year < today.year else (today - datetime.date(year, 1, 1)).days / 365
        made += bulk_year(year=year, count=int(VOLUME_PER_YEAR * share), rng=rng, context=context)
    stdout.write(f"suggestions: {made} items of {today.year - 2} to {today.year} for the reports\n")
