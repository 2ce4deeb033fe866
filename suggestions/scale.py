"""Data at city and province scale for benchmarks and capacity planning (``manage.py seed_scale``).

On top of the demo city (``load_demo``, run first) it adds deputies, stations, and years of opinions
and suggestions in realistic proportions — channels, categories, districts, states by age, one lead
assignment per dispatched item with its due date, replies with outcome classes, ratings, supervision
of overdue items, the history events the tracking page shows, duty-record entries and held
receptions — all with ``INSERT ... SELECT`` over ``generate_series`` (``congress.bulk``), never an
ORM save per row. Random choices come from PostgreSQL's ``random()`` after ``setseed``, so a seed
gives the same data again.

The busiest handling unit is the demo login ``unit``'s (about a fifth of all dispatches go to it)
and the busiest deputy is the demo login ``deputy`` (3 in 1,000 items addressed), so the unit
inbox and the deputy dashboard can be measured at their worst (docs/performance.md).

With ``Plan.bodies`` (``seed_scale --bodies 12,150``) it first builds a tree of bodies
(``suggestions.scale_bodies``: 1 city + districts + townships and streets, each with its own term,
units and logins) and spreads deputies, stations, items and dispatches across it: a deputy belongs to
a term of a body, a station to the body that runs it, an item to the body that handles it (one in 37
received by another body and transferred, with its history and audit event), a dispatch to a unit of
the item's body. Without it every row belongs to the root body, as before.

This is test data: tracking codes start with ``Z`` and have no PIN; nothing is sent to anyone.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from congress.bulk import insert_rows
from congress.models import Area, Body, Category, HandlingUnit, Term, UnitOfficer
from deputies.models import Deputy, DutyRecord
from stations.models import Reception, Station, StationMembership

from . import scale_bodies
from .models import Assignment, Rating, Reply, Suggestion, SuggestionEvent, Supervision
from .scale_bodies import Tree, Weighted

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯晨欣怡子涵博"
TITLES = [
    "路灯损坏影响夜间出行",
    "小区加装电梯进展缓慢",
    "学校周边交通拥堵",
    "农贸市场环境卫生差",
    "老旧管网漏水",
    "公交线路调整建议",
    "停车位不足",
    "噪音扰民",
    "社区养老服务不足",
    "河道垃圾清理",
]


@dataclass
class Plan:
    deputies: int = 6500
    stations: int = 1000
    suggestions: int = 1_000_000
    years: int = 3
    seed: float = 0.15
    today: datetime.date | None = None
    # (districts and counties, townships and streets) below the city; None: every row the root's.
    bodies: tuple[int, int] | None = None


def _execute(sql: str, params: list[Any] | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return int(cursor.rowcount)


def _ids(model: Any, **filters: Any) -> list[int]:
    return list(model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True))


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def seed(plan: Plan, *, say: Callable[[str], None] = print) -> dict[str, float]:
    """Add the data of ``plan`` to a database that holds the demo city. Returns seconds per step."""
    today = plan.today or timezone.localdate()
    timings: dict[str, float] = {}

    def step(name: str, function: Callable[[], int]) -> None:
        started = time.perf_counter()
        with transaction.atomic():
            rows = function()
        timings[name] = time.perf_counter() - started
        say(f"  {name:<28} {rows:>10,} rows {timings[name]:7.1f} s")

    tree = scale_bodies.build(*plan.bodies, say=say) if plan.bodies else None
    _execute("SELECT setseed(%s)", [plan.seed])
    districts = _ids(Area, level__gte=Area.Level.DISTRICT)
    if not districts:
        raise RuntimeError("no areas: run `manage.py load_demo` first")
    # The shared categories: every seeded body uses them (a body's own would land in its siblings).
    categories = _ids(Category, parent__isnull=False, body__isnull=True) or _ids(Category, body__isnull=True)
    busiest = UnitOfficer.objects.filter(user__username="unit").values_list("unit_id", flat=True).first()
    units = _ids(HandlingUnit, is_active=True)
    if busiest in units:  # the demo unit first: the skew below makes it the busiest
        units.remove(busiest)
        units.insert(0, busiest)
    term = Term.objects.filter(is_current=True).order_by("pk").first() or Term.objects.order_by("pk").first()
    if term is None or not units:
        raise RuntimeError("no term or handling unit: run `manage.py load_demo` first")

    existing_deputies = Deputy.objects.count()
    step("deputies", lambda: _deputies(max(0, plan.deputies - existing_deputies), term.pk, districts, tree))
    existing_stations = Station.objects.count()
    step("stations", lambda: _stations(max(0, plan.stations - existing_stations), districts, tree))
    step("station memberships", lambda: _memberships(by_body=tree is not None))
    deputy_ids = _ids(Deputy, status=Deputy.Status.ACTIVE)
    busiest_deputy = Deputy.objects.filter(user__username="deputy").values_list("pk", flat=True).first()
    if busiest_deputy in deputy_ids:
        deputy_ids.remove(busiest_deputy)
        deputy_ids.insert(0, busiest_deputy)
    station_ids = _ids(Station)
    first_new = (Suggestion.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    step(
        "suggestions",
        lambda: _suggestions(plan, today, districts, categories, deputy_ids, station_ids, tree),
    )
    if tree is not None:
        step("transfers", lambda: _transfers(first_new))
    step("merged items", lambda: _merged(first_new))
    step("assignments", lambda: _assignments(first_new, units, today, busiest if tree else None))
    step("replies", lambda: _replies(first_new))
    step("ratings", lambda: _ratings(first_new))
    step("history events", lambda: _events(first_new))
    step("supervision", lambda: _supervision(first_new, today))
    step("duty records", lambda: _duty_records(plan, today))
    step("receptions", lambda: _receptions(plan, today, station_ids))
    started = time.perf_counter()
    # VACUUM too, not only ANALYZE: it sets the visibility map, so counts of a unit's open items are
    # index-only scans (2 ms) instead of heap scans (150 ms) — what autovacuum does in production.
    # Not inside a transaction (a test): VACUUM cannot run there, and an ANALYZE there would leave
    # row estimates behind that the rollback does not undo.
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    timings["vacuum analyze"] = time.perf_counter() - started
    say(f"  {'vacuum analyze':<28} {'':>10}      {timings['vacuum analyze']:7.1f} s")
    return timings


def _weighted(weights: Weighted, row: str) -> tuple[str, dict[str, Any]]:
    """The SQL index of a row's entry in ``weights`` (fixed by the row number, no ``random()``: the
    random sequence of the rest is the same with or without bodies) and the arrays as parameters."""
    index = f"1 + mod({row}::bigint * 7919, %(w_n)s)"
    return index, {
        "w_body": weights.body,
        "w_area": weights.area,
        "w_other": weights.other,
        "w_level": weights.level,
        "w_n": weights.n,
    }


def _deputies(n: int, term_id: int, areas: list[int], tree: Tree | None = None) -> int:
    """Deputies of the current term; with a tree, each of the term of one body (a township deputy of
    a township congress, a district deputy of the district's), living in that body's area."""
    if n <= 0:
        return 0
    start = (Deputy.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    levels = ["county", "county", "county", "township", "township", "township", "municipal", "provincial"]
    by_body: dict[str, str] = {}
    weights: dict[str, Any] = {}
    if tree is not None:
        index, weights = _weighted(tree.deputies, "g")
        by_body = {
            "level": f"(%(w_level)s::text[])[{index}]",
            "term": f"(%(w_other)s::bigint[])[{index}]",
            "area": f"(%(w_area)s::bigint[])[{index}]",
        }
    return insert_rows(
        Deputy,
        {
            "name": (
                "substr(%(surnames)s, 1 + mod(g * 7, char_length(%(surnames)s)), 1) "
                "|| substr(%(given)s, 1 + mod(g * 13, char_length(%(given)s)), 1) "
                "|| CASE WHEN mod(g, 3) = 0 THEN '' "
                "ELSE substr(%(given)s, 1 + mod(g * 29, char_length(%(given)s)), 1) END"
            ),
            "slug": "'s' || lpad((g + %(start)s)::text, 8, '0')",
            "gender": "CASE WHEN random() < 0.28 THEN 'female' ELSE 'male' END",
            "birth_year": "1955 + floor(random() * 45)::int",
            "party": "(%(parties)s::text[])[1 + floor(random() * 8)::int]",
            "education": "(%(educations)s::text[])[1 + floor(random() * 5)::int]",
            "occupation": "(%(occupations)s::text[])[1 + floor(random() * 6)::int]",
            "work_unit": "'示范市第' || (1 + mod(g, 400)) || '单位'",
            "level": "(%(levels)s::text[])[1 + mod(g, 8)]",
            "term": "%(term)s",
            "constituency": "'第' || (1 + mod(g, 120)) || '选区'",
            "area": "(%(areas)s::bigint[])[1 + mod(g, %(n_areas)s)]",
            **by_body,
        },
        "FROM generate_series(1, %(n)s) AS g",
        {
            **weights,
            "surnames": SURNAMES,
            "given": GIVEN,
            "start": start,
            "parties": ["cpc", "cpc", "cpc", "masses", "non_party", "cdl", "js", "rcck"],
            "educations": ["master", "bachelor", "bachelor", "college", "secondary"],
            "occupations": ["worker", "farmer", "professional", "official", "manager", "other"],
            "levels": levels,
            "term": term_id,
            "areas": areas,
            "n_areas": len(areas),
            "n": n,
        },
    )


def _stations(n: int, areas: list[int], tree: Tree | None = None) -> int:
    """Stations; with a tree, each run by one body and lying in its area (most by the lower bodies,
    which run them day to day: 001:131)."""
    if n <= 0:
        return 0
    start = (Station.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    kinds = ["liaison", "liaison", "liaison", "point", "point", "home", "work", "studio", "professional"]
    by_body: dict[str, str] = {}
    weights: dict[str, Any] = {}
    if tree is not None:
        index, weights = _weighted(tree.stations, "g")
        by_body = {"body": f"(%(w_body)s::bigint[])[{index}]", "area": f"(%(w_area)s::bigint[])[{index}]"}
    return insert_rows(
        Station,
        {
            "name": "'示范市第' || (g + %(start)s) || '代表联络站'",
            "slug": "'t' || lpad((g + %(start)s)::text, 8, '0')",
            "kind": "(%(kinds)s::text[])[1 + mod(g, 9)]",
            "area": "(%(areas)s::bigint[])[1 + mod(g, %(n_areas)s)]",
            "address": "'示范路' || g || '号'",
            "latitude": "36.03 + (random() - 0.5) * 0.4",
            "longitude": "103.80 + (random() - 0.5) * 0.6",
            "opening_hours": "'周一至周五 9:00–17:00'",
            **by_body,
        },
        "FROM generate_series(1, %(n)s) AS g",
        {**weights, "start": start, "kinds": kinds, "areas": areas, "n_areas": len(areas), "n": n},
    )


def _memberships(*, by_body: bool = False) -> int:
    """Every active deputy without a station joins one (编组进站, 003:562); ``by_body``: one of the
    stations run by the body of the deputy's term, where it runs any."""
    membership, station, deputy = (
        _q(StationMembership._meta.db_table),
        _q(Station._meta.db_table),
        _q(Deputy._meta.db_table),
    )
    if by_body:
        term = _q(Term._meta.db_table)
        return _execute(
            # Reviewed SQL: only quoted identifiers and code-built SQL go in; no values.
            f"WITH own AS (SELECT body_id, array_agg(id ORDER BY id) AS ids FROM {station} "  # noqa: S608
            f"GROUP BY body_id), every AS (SELECT array_agg(id ORDER BY id) AS ids FROM {station}) "
            f"INSERT INTO {membership} (station_id, deputy_id, joined_on) "
            "SELECT COALESCE(own.ids[1 + mod(d.id, cardinality(own.ids))], "
            "every.ids[1 + mod(d.id, cardinality(every.ids))]), d.id, current_date - 400 "
            f"FROM {deputy} d JOIN {term} t ON t.id = d.term_id CROSS JOIN every "
            "LEFT JOIN own ON own.body_id = t.body_id "
            f"WHERE NOT EXISTS (SELECT 1 FROM {membership} m WHERE m.deputy_id = d.id) ORDER BY d.id"
        )
    return _execute(
        # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
        f"INSERT INTO {membership} (station_id, deputy_id, joined_on) "  # noqa: S608
        f"SELECT (SELECT array_agg(id ORDER BY id) FROM {station})[1 + mod(d.id, "
        f"(SELECT count(*) FROM {station})::int)], d.id, current_date - 400 FROM {deputy} d "
        f"WHERE NOT EXISTS (SELECT 1 FROM {membership} m WHERE m.deputy_id = d.id)"
    )


def _suggestions(
    plan: Plan,
    today: datetime.date,
    areas: list[int],
    categories: list[int],
    deputies: list[int],
    stations: list[int],
    tree: Tree | None = None,
) -> int:
    """Items spread over ``years`` years, a little more each year; states by age: an item older than
    two months is mostly closed (95.77 % closed in Liaocheng, 002:1101), a recent one mostly open.
    With a tree, each item is handled by one body and lies in its area; one in ``TRANSFER_EVERY``
    was received by another body (``_transfers`` writes its history)."""
    start = (Suggestion.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    if start == 1:
        raise RuntimeError("no suggestion yet: run `manage.py load_demo` first")
    # Age in days (0 = today), skewed so later years hold more items; u picks the state. OFFSET 0
    # keeps the subquery from being flattened, so each random value is drawn once per row.
    source = (
        "FROM (SELECT g, floor(%(days)s * (1 - sqrt(random())))::int AS age, random() AS u, "
        "random() AS v, random() AS w FROM generate_series(1, %(n)s) AS g OFFSET 0) AS x"
    )
    status = (
        "(CASE WHEN x.age > 60 THEN CASE "
        "WHEN x.u < 0.80 THEN 'closed' WHEN x.u < 0.86 THEN 'rated' WHEN x.u < 0.90 THEN 'rejected' "
        "WHEN x.u < 0.93 THEN 'merged' WHEN x.u < 0.95 THEN 'follow_up_due' WHEN x.u < 0.97 THEN 'replied' "
        "ELSE 'signed_for' END "
        "WHEN x.age > 14 THEN CASE "
        "WHEN x.u < 0.25 THEN 'closed' WHEN x.u < 0.40 THEN 'rated' WHEN x.u < 0.60 THEN 'replied' "
        "WHEN x.u < 0.80 THEN 'signed_for' WHEN x.u < 0.90 THEN 'assigned' WHEN x.u < 0.94 THEN 'rejected' "
        "WHEN x.u < 0.96 THEN 'merged' ELSE 'reopened' END "
        "ELSE CASE WHEN x.u < 0.15 THEN 'submitted' WHEN x.u < 0.20 THEN 'accepted' "
        "WHEN x.u < 0.22 THEN 'returned' WHEN x.u < 0.55 THEN 'assigned' WHEN x.u < 0.85 THEN 'signed_for' "
        "WHEN x.u < 0.92 THEN 'rejected' ELSE 'replied' END END)"
    )
    submitted_at = (
        "(%(morning)s::timestamptz - make_interval(days => x.age) - make_interval(secs => x.v * 36000))"
    )
    # Three in ten items are addressed to a deputy; one in a hundred of those to the busiest one
    # (the demo login ``deputy``): 3,000 of 1,000,000, a thousand a year, the most any deputy's QR
    # code plausibly brings.
    deputy = (
        "CASE WHEN x.w < 0.30 THEN (%(deputies)s::bigint[])[CASE WHEN x.w < 0.003 THEN 1 "
        "ELSE 1 + floor(x.v * %(n_deputies)s)::int END] END"
    )
    morning = timezone.make_aware(datetime.datetime.combine(today, datetime.time(8)))
    by_body: dict[str, str] = {}
    weights: dict[str, Any] = {}
    if tree is not None:
        index, weights = _weighted(tree.items, "x.g")
        by_body = {
            "body": f"(%(w_body)s::bigint[])[{index}]",
            "received_by": f"CASE WHEN mod(x.g, {scale_bodies.TRANSFER_EVERY}) = 0 "
            f"THEN (%(w_other)s::bigint[])[{index}] ELSE (%(w_body)s::bigint[])[{index}] END",
            "area": f"(%(w_area)s::bigint[])[{index}]",
        }
    return insert_rows(
        Suggestion,
        {
            "code": "'Z' || lpad((x.g + %(start)s)::text, 10, '0')",
            "kind": (
                "CASE WHEN mod(x.g, 50) = 0 THEN 'micro_matter' "
                "WHEN mod(x.g, 12) = 0 THEN 'deputy_suggestion' ELSE 'citizen_opinion' END"
            ),
            "channel": (
                "CASE WHEN mod(x.g, 12) = 0 THEN 'deputy' ELSE (%(channels)s::text[])"
                "[1 + floor(x.w * 12)::int] END"
            ),
            "status": status,
            "title": "(%(titles)s::text[])[1 + mod(x.g, %(n_titles)s)]",
            "text": "'群众反映：' || (%(titles)s::text[])[1 + mod(x.g, %(n_titles)s)] "
            "|| '，希望有关部门尽快研究解决。'",
            "category": "(%(categories)s::bigint[])[1 + mod(x.g * 31, %(n_categories)s)]",
            "area": "(%(areas)s::bigint[])[1 + mod(x.g * 17, %(n_areas)s)]",
            "address": "'示范路' || mod(x.g, 999) || '号'",
            "submitter_name": "'群众'",
            "submitter_mobile": "'139' || lpad(mod(x.g::bigint * 7919, 100000000)::text, 8, '0')",
            "consent_privacy": "true",
            "consent_publish": "x.v < 0.3",
            "deputy": deputy,
            "station": "CASE WHEN x.u > 0.8 THEN (%(stations)s::bigint[])[1 + mod(x.g, %(n_stations)s)] END",
            "lead_deputy": "CASE WHEN mod(x.g, 12) = 0 "
            "THEN (%(deputies)s::bigint[])[1 + mod(x.g, %(n_deputies)s)] END",
            "is_key": "mod(x.g, 84) = 0",
            "submitted_at": submitted_at,
            "accepted_at": f"CASE WHEN {status} NOT IN ('submitted', 'rejected') THEN {submitted_at} "
            "+ interval '1 day' END",
            "closed_at": f"CASE WHEN {status} = 'closed' THEN {submitted_at} + interval '30 days' END",
            "is_published": f"({status} = 'closed' AND mod(x.g, 20) = 0)",
            "published_at": f"CASE WHEN {status} = 'closed' AND mod(x.g, 20) = 0 "
            f"THEN {submitted_at} + interval '31 days' END",
            "public_title": f"CASE WHEN {status} = 'closed' AND mod(x.g, 20) = 0 "
            "THEN (%(titles)s::text[])[1 + mod(x.g, %(n_titles)s)] ELSE '' END",
            "public_text": f"CASE WHEN {status} = 'closed' AND mod(x.g, 20) = 0 "
            "THEN '经承办单位现场核查，问题已解决。' ELSE '' END",
            "rejection_reason": f"CASE WHEN {status} = 'rejected' "
            "THEN '不属于本渠道受理范围，请通过司法途径解决。' ELSE '' END",
            # Repointed at the item before by ``_merged``; the check constraint wants a target now.
            "merged_into": f"CASE WHEN {status} = 'merged' THEN %(anchor)s::bigint END",
            **by_body,
        },
        source,
        {
            **weights,
            "days": 365 * plan.years,
            "n": plan.suggestions,
            "start": start,
            "channels": [
                "web",
                "web",
                "web",
                "qr",
                "qr",
                "api",
                "station_desk",
                "station_desk",
                "hotline",
                "letter",
                "petition_office",
                "deputy_visit",
            ],
            "titles": TITLES,
            "n_titles": len(TITLES),
            "categories": categories,
            "n_categories": len(categories),
            "areas": areas,
            "n_areas": len(areas),
            "deputies": deputies,
            "n_deputies": len(deputies),
            "stations": stations,
            "n_stations": len(stations),
            "morning": morning,
            "anchor": start - 1,
        },
    )


def _merged(first: int) -> int:
    """A merged item points at the item before it (同类合并, 002:637)."""
    table = _q(Suggestion._meta.db_table)
    return _execute(
        # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
        f"UPDATE {table} SET merged_into_id = id - 1 WHERE id > %s AND status = 'merged'",  # noqa: S608
        [first],
    )


DISPATCHED = ("assigned", "signed_for", "replied", "follow_up_due", "reopened", "rated", "closed")
OPEN_DISPATCH = ("assigned", "signed_for", "reopened", "follow_up_due")


def _assignments(first: int, units: list[int], today: datetime.date, busiest: int | None = None) -> int:
    """One lead assignment per dispatched item, due 14 days after acceptance (10 working days);
    the unit skewed so the first (the demo unit) gets about a fifth. With ``busiest`` (a tree of
    bodies), a unit of the item's own body instead, and ``busiest`` (the demo unit, the city's)
    three in five of the city's own items."""
    suggestion = _q(Suggestion._meta.db_table)
    n = len(units)
    unit = f"(%(units)s::bigint[])[CASE WHEN random() < 0.2 THEN 1 ELSE 1 + floor(random() * {n})::int END]"
    source = f"FROM {suggestion} s"
    if busiest is not None:
        unit = (
            "CASE WHEN s.body_id = %(root)s AND random() < 0.6 THEN %(busiest)s::bigint "
            "ELSE coalesce(own.ids[1 + floor(random() * cardinality(own.ids))::int], "
            "(%(units)s::bigint[])[1]) END"
        )
        unit_table = _q(HandlingUnit._meta.db_table)
        # Reviewed SQL: only quoted identifiers go in.
        source += f" LEFT JOIN (SELECT body_id, array_agg(id ORDER BY id) AS ids FROM {unit_table} "  # noqa: S608
        source += "WHERE is_active GROUP BY body_id) own ON own.body_id = s.body_id"
    root = Body.objects.roots().order_by("pk").values_list("pk", flat=True).first()
    count = insert_rows(
        Assignment,
        {
            "suggestion": "s.id",
            "unit": unit,
            "role": "'lead'",
            "status": "CASE WHEN s.status = ANY(%(open)s) THEN 'active' ELSE 'done' END",
            "due_date": "(s.accepted_at AT TIME ZONE 'Asia/Shanghai')::date + 14",
            "return_until": "(s.accepted_at AT TIME ZONE 'Asia/Shanghai')::date + 10",
            "assigned_at": "s.accepted_at + interval '2 hours'",
            "signed_for_at": "CASE WHEN s.status <> 'assigned' THEN s.accepted_at + interval '1 day' END",
            "replied_at": "CASE WHEN s.status IN ('replied', 'rated', 'closed', 'follow_up_due') "
            "THEN s.accepted_at + make_interval(days => 5 + floor(random() * 20)::int) END",
        },
        f"{source} WHERE s.id >= %(first)s AND s.status = ANY(%(dispatched)s) ORDER BY s.id",
        {
            "units": units,
            "open": list(OPEN_DISPATCH),
            "first": first,
            "dispatched": list(DISPATCHED),
            "root": root,
            "busiest": busiest,
        },
    )
    # Levels as the scan would leave them (overdue: past the due date; very: a week more).
    table = _q(Assignment._meta.db_table)
    _execute(
        # Reviewed SQL: only quoted identifiers and code-built SQL go in; values are parameters.
        f"UPDATE {table} SET overdue_level = CASE WHEN due_date < %s THEN 2 ELSE 1 END "  # noqa: S608
        f"WHERE status = 'active' AND due_date < %s AND suggestion_id >= %s",
        [today - datetime.timedelta(days=7), today, first],
    )
    return count


def _transfers(first: int) -> int:
    """The history of the items received by one body and handled by another: the tracking page's
    event and the audit event the reports count transfers by (``suggestions.reports.transfers``),
    an hour after receipt; audit events through the ORM, as they form a hash chain."""
    suggestion, body = _q(Suggestion._meta.db_table), _q(Body._meta.db_table)
    where = "WHERE s.id >= %(first)s AND s.received_by_id <> s.body_id"
    rows = insert_rows(
        SuggestionEvent,
        {
            "suggestion": "s.id",
            "at": "s.submitted_at + interval '1 hour'",
            "action": "'transfer'",
            "from_state": "'submitted'",
            "to_state": "'submitted'",
            "note": "r.name || ' → ' || b.name || '：' || %(reason)s",
            "is_public": "true",
            "public_note": "'已转交' || b.name || '办理。'",
        },
        f"FROM {suggestion} s JOIN {body} b ON b.id = s.body_id JOIN {body} r ON r.id = s.received_by_id "
        f"{where} ORDER BY s.id",
        {"first": first, "reason": TRANSFER_REASON},
    )
    from django.contrib.contenttypes.models import ContentType

    from congress.models import AuditEvent

    bodies = {pk: (name, path) for pk, name, path in Body.objects.values_list("pk", "name", "path")}
    content_type = ContentType.objects.get_for_model(Suggestion)
    moved = (
        Suggestion.objects.filter(pk__gte=first)
        .exclude(received_by_id=models.F("body_id"))
        .order_by("pk")
        .values_list("pk", "received_by_id", "body_id", "submitted_at")
    )
    batch: list[AuditEvent] = []
    for pk, source, target, submitted_at in moved.iterator(chunk_size=5000):
        (source_name, source_path), (target_name, target_path) = bodies[source], bodies[target]
        direction = "down" if target_path.startswith(source_path) else "up"
        data = {
            "from_body": source,
            "from_body_name": source_name,
            "to_body": target,
            "to_body_name": target_name,
            "direction": direction,
            "reason": TRANSFER_REASON,
        }
        batch.append(
            AuditEvent(
                content_type=content_type,
                object_id=pk,
                action="transfer",
                from_state=str(source),
                to_state=str(target),
                note=TRANSFER_REASON,
                data=data,
                at=submitted_at + datetime.timedelta(hours=1),
            )
        )
        if len(batch) == 2000:
            AuditEvent.objects.bulk_create(batch)
            batch = []
    AuditEvent.objects.bulk_create(batch)
    return rows


TRANSFER_REASON = "属地管理，转交相关人大机构办理。"


def _replies(first: int) -> int:
    assignment = _q(Assignment._meta.db_table)
    return insert_rows(
        Reply,
        {
            "suggestion": "a.suggestion_id",
            "assignment": "a.id",
            "outcome": "CASE WHEN random() < 0.6 THEN 'A' WHEN random() < 0.75 THEN 'B' ELSE 'C' END",
            "text": "'经研究，我单位已安排专人现场核查并制定整改方案，预计本月底前完成。'",
            "is_follow_up": "false",
            "round": "0",
            "replied_at": "a.replied_at",
        },
        f"FROM {assignment} a WHERE a.suggestion_id >= %(first)s AND a.replied_at IS NOT NULL ORDER BY a.id",
        {"first": first},
    )


def _ratings(first: int) -> int:
    """Most rated and closed items carry the submitter's rating: 75 % 满意, 18 % 基本满意."""
    suggestion = _q(Suggestion._meta.db_table)
    return insert_rows(
        Rating,
        {
            "suggestion": "s.id",
            "rater": "'submitter'",
            "value": "CASE WHEN x.r < 0.75 THEN 'satisfied' WHEN x.r < 0.93 THEN 'basically' "
            "ELSE 'unsatisfied' END",
            "round": "0",
            "rated_at": "s.accepted_at + interval '25 days'",
        },
        f"FROM {suggestion} s CROSS JOIN LATERAL (SELECT random() AS r) x "
        "WHERE s.id >= %(first)s AND s.status IN ('rated', 'closed') AND s.kind <> 'deputy_suggestion' "
        "AND mod(s.id, 10) <> 0 ORDER BY s.id",
        {"first": first},
    )


def _events(first: int) -> int:
    """The history the tracking page shows: received, then assigned, replied and closed as they
    happened."""
    suggestion = _q(Suggestion._meta.db_table)
    steps = [
        ("submit", "", "submitted", "s.submitted_at", "true", "您的意见已收到。"),
        (
            "assign",
            "accepted",
            "assigned",
            "s.accepted_at + interval '2 hours'",
            "s.status = ANY(%(dispatched)s)",
            "已交承办单位办理。",
        ),
        (
            "reply",
            "signed_for",
            "replied",
            "s.accepted_at + interval '12 days'",
            "s.status IN ('replied', 'rated', 'closed', 'follow_up_due')",
            "承办单位已答复。",
        ),
        ("close", "rated", "closed", "s.closed_at", "s.status = 'closed'", "已办结。"),
    ]
    rows = 0
    for action, from_state, to_state, at, condition, note in steps:
        rows += insert_rows(
            SuggestionEvent,
            {
                "suggestion": "s.id",
                "at": at,
                "action": "%(action)s",
                "from_state": "%(from_state)s",
                "to_state": "%(to_state)s",
                "is_public": "true",
                "public_note": "%(note)s",
            },
            f"FROM {suggestion} s WHERE s.id >= %(first)s AND {condition} ORDER BY s.id",
            {
                "action": action,
                "from_state": from_state,
                "to_state": to_state,
                "note": note,
                "first": first,
                "dispatched": list(DISPATCHED),
            },
        )
    return rows


def _supervision(first: int, today: datetime.date) -> int:
    assignment = _q(Assignment._meta.db_table)
    return insert_rows(
        Supervision,
        {
            "suggestion": "a.suggestion_id",
            "kind": "'office'",
            "method": "'written'",
            "held_on": "a.due_date + 8",
            "note": "'系统自动启动：超过办理期限5个工作日以上。'",
            "is_case": "false",
        },
        f"FROM {assignment} a WHERE a.suggestion_id >= %(first)s AND a.overdue_level = 2 "
        "AND a.due_date + 8 <= %(today)s",
        {"first": first, "today": today},
    )


def _duty_records(plan: Plan, today: datetime.date) -> int:
    """About twenty entries per deputy and year, of the kinds the portal does not write itself."""
    deputy = _q(Deputy._meta.db_table)
    kinds = ["reception", "meeting_attended", "inspection", "training", "other", "report_back"]
    return insert_rows(
        DutyRecord,
        {
            "deputy": "d.id",
            "kind": "(%(kinds)s::text[])[1 + floor(random() * 6)::int]",
            "on": "%(today)s::date - floor(random() * %(days)s)::int",
            "note": "'示范活动'",
        },
        f"FROM {deputy} d CROSS JOIN generate_series(1, %(per_deputy)s) AS g",
        {"kinds": kinds, "today": today, "days": 365 * plan.years, "per_deputy": 20 * plan.years},
    )


def _receptions(plan: Plan, today: datetime.date, stations: list[int]) -> int:
    """A held reception a month per station, with its visitors (人次)."""
    station = _q(Station._meta.db_table)
    return insert_rows(
        Reception,
        {
            "station": "st.id",
            "date": "%(today)s::date - (g * 30)",
            "start_time": "'09:00'",
            "end_time": "'11:30'",
            "topic": "'代表接待日'",
            "capacity": "10",
            "status": "'held'",
            "visitors": "floor(random() * 25)::int",
        },
        f"FROM {station} st CROSS JOIN generate_series(1, %(months)s) AS g",
        {"today": today, "months": 12 * plan.years},
    )


def counts() -> dict[str, int]:
    """Rows per table after seeding (planner estimates for the big ones would do; these are exact)."""
    models: list[Any] = [Deputy, Station, StationMembership, Suggestion, Assignment, Reply, Rating]
    models += [SuggestionEvent, Supervision, DutyRecord, Reception]
    return {m._meta.db_table: m._default_manager.count() for m in models}
