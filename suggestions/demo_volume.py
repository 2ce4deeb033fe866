"""The demo's volume of past years for the reports and statistics: a full previous year, the year
before it and the current year so far, decided with a seeded random sequence and inserted in bulk
(one INSERT per table and batch). Citizens' moments are drawn as they come; what staff and units do
happens in office hours of working days (``demo_clock.at_the_office``). Used by ``demo.load``, the
report tests and ``bench/bench_annual_report.py``."""

from __future__ import annotations

import datetime
import itertools
from typing import Any, TextIO

from django.utils import timezone

from congress.bodies import root_body
from congress.calendar.models import DeadlinePolicy
from congress.calendar.selectors import work_calendar
from congress.models import Area, Body, Category, HandlingUnit
from deputies.models import Deputy
from stations.models import Station

from .demo_clock import at_the_office
from .demo_story import DEMO_PIN, _user
from .models import Assignment, Kind, Rating, Reply, Status, Suggestion, SuggestionEvent, Supervision
from .pins import pin_hash
from .services._common import POLICY_DEPUTY_REPLY, POLICY_OPINION_REPLY, POLICY_REOPENED, POLICY_TRIAGE

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
    calendar = ctx["calendar"]

    def office(moment: datetime.datetime, after: datetime.datetime | None = None) -> datetime.datetime:
        return at_the_office(calendar, moment, after=after)

    for item, plan in zip(items, plans, strict=True):
        r = plan["r"]
        # The last step so far: triage follows a transfer made within the hour of receipt.
        taken_in = item.submitted_at
        if item.received_by_id and item.received_by_id != item.body_id:
            # Transferred within the hour of receipt, before triage, as suggestion_transfer does it.
            moved = office(item.submitted_at + datetime.timedelta(minutes=50))
            if moved <= now:
                step(item, "transfer", Status.SUBMITTED, moved, "转交办理")
                transfers.append((item, moved))
                taken_in = moved
            else:
                item.body_id = item.received_by_id
        age = now - item.submitted_at
        if age < datetime.timedelta(days=2) and r < 0.7:
            continue  # still waiting for triage
        # Rejected and merged within 2 to 40 hours, drawn from r (no extra draw: the seeded city stays
        # the same); such an item is at least two days old, so that moment has passed.
        triaged_at = office(item.submitted_at + datetime.timedelta(hours=2 + int(r * 100_000) % 39), taken_in)
        if r < 0.07 and triaged_at > now:
            continue  # office hours had not come round yet: still waiting for triage
        if r < 0.04:
            item.rejection_reason = "您反映的事项属于民事纠纷，建议通过人民调解或诉讼途径解决。"
            step(item, "reject", Status.REJECTED, triaged_at)
            continue
        if r < 0.07 and accepted_so_far:
            target = rng.choice(accepted_so_far[-50:])
            item.merged_into = target
            step(item, "merge", Status.MERGED, triaged_at)
            continue
        accepted_at = office(item.submitted_at + datetime.timedelta(hours=rng.randint(2, 40)), taken_in)
        accepted_so_far.append(item)
        unit = plan["unit"]
        punctual, satisfying, solved = quality[unit]
        deputy_kind = plan["kind"] == Kind.DEPUTY_SUGGESTION
        assigned_at = office(accepted_at + datetime.timedelta(hours=rng.randint(1, 30)), accepted_at)
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
        drawn_reply = None if never else assigned_at + delay
        # Signed for within two days and before the reply, both in office hours.
        signed_for_at = assigned_at + datetime.timedelta(hours=rng.randint(1, 48))
        if drawn_reply is not None:
            signed_for_at = min(signed_for_at, drawn_reply - datetime.timedelta(minutes=30))
        signed_for_at = office(signed_for_at, assigned_at)
        replied_at = None if drawn_reply is None else office(drawn_reply, signed_for_at)
        if replied_at is not None and replied_at > now:
            replied_at = None
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
                held = calendar.working_day_on_or_after(
                    timezone.localtime(assigned_at).date() + datetime.timedelta(days=15 + 25 * k)
                )
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
                        held_on=_written_reminder_day(calendar, due, today),
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
                second_reply: datetime.datetime | None = office(
                    rated_at + datetime.timedelta(days=rng.uniform(5, 40))
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
                    closed_at = office(second_reply + datetime.timedelta(days=3))
                    if closed_at <= now:
                        item.closed_at = closed_at
                        step(item, "close", Status.CLOSED, closed_at)
            elif item.status == Status.FOLLOW_UP_DUE:
                step(item, "rate", Status.FOLLOW_UP_DUE, rated_at)
            else:
                step(item, "rate", Status.RATED, rated_at)
                closed_at = office(rated_at + datetime.timedelta(days=rng.uniform(0.5, 5)))
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


def _written_reminder_day(calendar: Any, due: datetime.date, today: datetime.date) -> datetime.date:
    """The working day a reminder letter went out: three days after the missed due date, or the last
    working day so far."""
    day = calendar.working_day_on_or_after(due + datetime.timedelta(days=3))
    if day <= today:
        return day
    return today if calendar.is_working_day(today) else calendar.add_working_days(today, -1)


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
