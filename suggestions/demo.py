"""Demo opinions and suggestions in every state, some overdue, made through the services with
backdated dates. Idempotent: an item whose title exists already is skipped. Every demo item's PIN is
``DEMO_PIN`` so the tracking page can be tried."""

from __future__ import annotations

import datetime
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.utils import timezone

from congress.models import Area, Category, HandlingUnit, UnitOfficer
from deputies.models import Deputy
from stations.models import Station

from . import services
from .models import Assignment, Rating, Suggestion
from .pins import pin_hash

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
