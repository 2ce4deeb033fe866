"""The demo's walkthrough items: the opinions in every state that README and docs/suggestions.md
point at (tracking with the demo PIN, the case page), the key deputy suggestion under supervision, the
body network's own items with a transfer down and one up, and the two-level deputy's opinions. Each
is made through the services, every step at its own moment of the working-day calendar
(``demo_clock``). Idempotent: an item whose title exists already is skipped."""

from __future__ import annotations

import datetime
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.utils import timezone

from congress.bodies import root_body
from congress.calendar.selectors import policies_for_body, work_calendar
from congress.models import Area, Body, Category, HandlingUnit, UnitOfficer
from deputies.models import Deputy
from stations.models import Station

from . import services
from .demo_clock import StoryClock, dated, fitted
from .models import Assignment, Rating, RejectionReason, Suggestion
from .pins import pin_hash
from .services._common import POLICY_OPINION_REPLY

DEMO_PIN = "135790"
DEMO_UNIT = "示范市住房和城乡建设局"

# (title, text, category code, target state, days ago submitted, extra)
ITEMS: list[tuple[str, str, str, str, int, dict[str, Any]]] = [
    (
        "东岗西路路灯不亮",
        "东岗西路与天水路交叉口的路灯已经坏了两个星期，晚上行人很不安全，请尽快维修。",
        "urban",
        "submitted",
        3,
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
        {"late": True},
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


def _lead(item: Suggestion) -> Assignment:
    return Assignment.objects.filter(suggestion=item, role="lead").order_by("-pk").first()  # type: ignore[return-value]


def _clock() -> StoryClock:
    return StoryClock(now=timezone.now(), calendar=work_calendar())


def load_story(*, stdout: TextIO) -> bool:
    """The walkthrough items (README, docs/suggestions.md), each step on its own moment of the
    calendar (``demo_clock``). False when the demo accounts or units are missing."""
    clock = _clock()
    staff = _user("staff")
    unit = HandlingUnit.objects.filter(name=DEMO_UNIT).first()
    officer_link = UnitOfficer.objects.filter(unit=unit).select_related("user").first()
    if staff is None or unit is None or officer_link is None:
        stdout.write("suggestions: demo accounts or units missing, skipped\n")
        return False
    officer = officer_link.user
    deputy = Deputy.objects.filter(user__username="deputy").first()
    street = Area.objects.filter(level=Area.Level.STREET).order_by("code").first()
    station = (
        Station.objects.filter(liaisons__username="liaison").first() or Station.objects.order_by("pk").first()
    )
    made = 0
    for slot, (title, text, category_code, state, days, extra) in enumerate(ITEMS):
        if Suggestion.objects.filter(title=title).exists():
            continue
        _make(
            clock=clock,
            slot=slot,
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
    if deputy is not None and not Suggestion.objects.filter(title=KEY_TITLE).exists():
        _key_suggestion(clock=clock, deputy=deputy, unit=unit, area=street, staff=staff)
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
    _network(stdout, clock=clock)
    _two_level_items(stdout, clock=clock)
    return True


KEY_TITLE = "关于加快老旧小区改造的建议"


def _key_suggestion(
    *, clock: StoryClock, deputy: Deputy, unit: HandlingUnit, area: Area | None, staff: Any
) -> None:
    """A deputy's formal suggestion filed on a working afternoon about four weeks ago, accepted the
    next working day and marked key, assigned the day after under the 3-month policy (Deputies Law),
    with an on-site supervision led by a committee leader two weeks later."""
    for extra in range(0, 60):
        filed = clock.working(
            clock.at(clock.today - datetime.timedelta(days=26 + extra), "08:00"), 0, "15:00"
        )
        accepted = clock.working(filed, 1, "09:30")
        marked = clock.working(accepted, 0, "11:00")
        assigned = clock.working(marked, 1, "10:00")
        supervised = clock.working(assigned, 10, "09:30")
        if supervised <= clock.latest:
            break
    cosigners = list(Deputy.objects.active().municipal().exclude(pk=deputy.pk).order_by("slug")[:2])
    with dated(filed) as step:
        formal = services.deputy_suggestion_file(
            deputy=deputy,
            title=KEY_TITLE,
            text="建议将城关区2000年前建成的老旧小区全部纳入改造计划，同步解决加装电梯、停车和管网老化问题。",
            category=Category.objects.filter(code="housing").first(),
            area=area,
            cosigners=cosigners,
            actor=_user("deputy"),
            submitted_at=filed,
        )
        step.append(formal)
    with dated(accepted, formal):
        services.suggestion_accept(suggestion=formal, actor=staff)
    with dated(marked, formal):
        services.suggestion_mark_key(
            suggestion=formal,
            is_key=True,
            lead_official="分管副市长",
            supervising_leader=_user("leader") or staff,
            actor=staff,
        )
    with dated(assigned, formal):
        services.suggestion_assign(
            suggestion=formal,
            lead_unit=unit,
            co_units=HandlingUnit.objects.filter(name="示范市自然资源局"),
            actor=staff,
            start=clock.day(assigned),
        )
    with dated(supervised, formal):
        services.supervision_record(
            suggestion=formal,
            kind="leader",
            method="on_site",
            held_on=clock.day(supervised),
            note="常委会副主任带队现场督办",
            actor=staff,
        )


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


def _network(stdout: TextIO, *, clock: StoryClock | None = None) -> None:
    """District and lower bodies' own items, one transferred down and one transferred up. The
    transfers happen as the demo is loaded (their audit events are chained when written); every step
    before them is dated on the calendar."""
    clock = clock or _clock()
    _district_reason()
    made = 0
    for slot, (title, area_name, body_name, state, to_name, reason) in enumerate(NETWORK_ITEMS):
        body = Body.objects.filter(name=body_name).first()
        staff = _user(NETWORK_STAFF.get(body_name, ""))
        if body is None or staff is None or Suggestion.objects.filter(title=title).exists():
            continue
        unit = HandlingUnit.objects.filter(body=body).order_by("name").first()
        if state == "assigned" and unit is None:
            state = "accepted"
        submitted, steps = fitted(
            clock,
            days_ago=NETWORK_AGES[slot],
            slot=slot + 3,
            state=state,
            reply_due=("working_days", 10),
        )
        with dated(submitted) as step:
            item = services.suggestion_submit(
                submission=services.SubmissionInput(
                    channel="web",
                    title=title,
                    text=f"{title}，影响周边居民生活，希望尽快研究解决。",
                    area=Area.objects.filter(name=area_name).first(),
                    submitter_name="赵志强",
                    submitter_mobile="13909310520",
                    consent_privacy=True,
                    body_id=body.pk,
                    category=Category.objects.filter(code=NETWORK_CATEGORIES.get(title, "")).first(),
                    submitted_at=submitted,
                )
            ).suggestion
            step.append(item)
        if "accept" in steps:
            with dated(steps["accept"], item):
                services.suggestion_accept(suggestion=item, actor=staff)
        if "assign" in steps and unit is not None:
            with dated(steps["assign"], item):
                services.suggestion_assign(
                    suggestion=item, lead_unit=unit, actor=staff, start=clock.day(steps["assign"])
                )
        target = Body.objects.filter(name=to_name).first() if to_name else None
        if target is not None:
            services.suggestion_transfer(suggestion=item, to_body=target, reason=reason, actor=staff)
        made += 1
    stdout.write(f"suggestions of the body network: {made} added\n")


# Days since each network item came in (the order of NETWORK_ITEMS).
NETWORK_AGES = (6, 1, 3, 2, 1)


# Opinions a citizen raised with each seat of the two-level deputy (login cgdeputy): one goes to the
# city committee (the city seat's body), one to 城关区人大常委会 (the district seat's).
TWO_LEVEL_ITEMS = [
    ("city", "建议延长市区公交夜班线路运营时间", "下夜班的工人乘车难，希望市里统筹延长夜班公交线路。"),
    ("district", "东岗西路人行道破损需要修补", "东岗西路北侧人行道多处砖块松动，老人孩子容易绊倒。"),
]


def _two_level_items(stdout: TextIO, *, clock: StoryClock | None = None) -> None:
    """Through the deputy's QR code, so intake picks each seat's body (the item goes to the body of
    the deputy's term). Once only; submitted yesterday and the day before."""
    clock = clock or _clock()
    city_seat = Deputy.objects.filter(user__username="cgdeputy").select_related("term").first()
    if city_seat is None:
        return
    district_seat = Deputy.objects.filter(seat_of=city_seat).first()
    made = 0
    for days_ago, (which, title, text) in enumerate(TWO_LEVEL_ITEMS, start=1):
        seat = city_seat if which == "city" else district_seat
        if seat is None or Suggestion.objects.filter(title=title).exists():
            continue
        submitted = clock.citizen(days_ago, days_ago + 9)
        with dated(submitted) as step:
            step.append(
                services.suggestion_submit(
                    submission=services.SubmissionInput(
                        channel="qr",
                        title=title,
                        text=text,
                        area=Area.objects.filter(name="东岗街道").first(),
                        submitter_name="孙丽华",
                        submitter_mobile="13909310777",
                        consent_privacy=True,
                        deputy=seat,
                        submitted_at=submitted,
                    )
                ).suggestion
            )
        made += 1
    stdout.write(f"suggestions for the two-level deputy: {made} added\n")


def _make(
    *,
    clock: StoryClock,
    slot: int,
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
    """One walkthrough item brought to ``state`` through the services, each step at its moment of
    ``demo_clock.plan`` (submitted about ``days`` days ago, earlier when its steps need the time)."""
    main = Suggestion.objects.get(title=extra["into"]) if state == "merged" else None
    reply_policy = policies_for_body([POLICY_OPINION_REPLY], root_body()).get(POLICY_OPINION_REPLY)
    submitted_at, steps = fitted(
        clock,
        days_ago=days,
        slot=slot,
        state=state,
        reply_due=(reply_policy.unit, reply_policy.amount) if reply_policy else ("working_days", 10),
        late=bool(extra.get("late")),
        after=main.submitted_at if main is not None else None,
    )
    with dated(submitted_at) as step:
        item = services.suggestion_submit(
            submission=services.SubmissionInput(
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
                submitted_at=submitted_at,
                body_id=root_body().pk,
            )
        ).suggestion
        step.append(item)
    if main is not None:
        with dated(steps["merge"], item, main):
            services.suggestion_merge(suggestion=item, into=main, actor=staff)
        return
    if "reject" in steps:
        with dated(steps["reject"], item):
            services.suggestion_reject(
                suggestion=item,
                actor=staff,
                reason="您反映的事项属于邻里民事纠纷，建议通过社区人民调解委员会调解解决。",
            )
        return
    if "accept" in steps:
        with dated(steps["accept"], item):
            services.suggestion_accept(suggestion=item, actor=staff)
    if "assign" not in steps:
        return
    co_units = HandlingUnit.objects.filter(name=extra["co"]) if "co" in extra else HandlingUnit.objects.none()
    with dated(steps["assign"], item):
        services.suggestion_assign(
            suggestion=item, lead_unit=unit, co_units=co_units, actor=staff, start=clock.day(steps["assign"])
        )
    lead = _lead(item)
    if "return" in steps:
        with dated(steps["return"], item):
            services.assignment_return(
                assignment=lead,
                actor=officer,
                reason="供热监管属于城市管理局职责，请改派。",
                today=clock.day(steps["return"]),
            )
        return
    if "sign_for" not in steps:
        return
    with dated(steps["sign_for"], item):
        services.assignment_sign_for(assignment=lead, actor=officer)
    if "reply" not in steps:
        return
    outcome = "B" if state == "follow_up_due" else "A"
    commitments = []
    if outcome == "B":
        commitments = [
            services.CommitmentInput(
                promise="年内出台加装电梯补贴实施细则",
                due_on=clock.today + datetime.timedelta(days=60),
            )
        ]
    with dated(steps["reply"], item):
        services.suggestion_reply(
            assignment=lead,
            actor=officer,
            outcome=outcome,
            text="经现场调查核实，已安排专人负责，相关问题正在按计划解决。感谢您对我们工作的监督和支持。",
            commitments=commitments,
        )
    if "rate" not in steps:
        return
    with dated(steps["rate"], item):
        if state == "reopened":
            services.suggestion_rate(
                suggestion=item,
                rater=Rating.Rater.SUBMITTER,
                value="unsatisfied",
                comment="问题没有根本解决",
                today=clock.day(steps["rate"]),
            )
        else:
            services.suggestion_rate(
                suggestion=item,
                rater=Rating.Rater.SUBMITTER,
                value="satisfied",
                today=clock.day(steps["rate"]),
            )
    if "close" not in steps:
        return
    with dated(steps["close"], item):
        services.suggestion_close(suggestion=item, actor=staff)
    if extra.get("publish"):
        with dated(steps["publish"], item):
            services.suggestion_publish(
                suggestion=item,
                public_title="人行道违章停车得到整治",
                public_text="有群众反映东岗社区人行道被车辆长期占用。城管部门接件后增设隔离桩并加强巡查，问题已解决。",
                actor=staff,
            )
