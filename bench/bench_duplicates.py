"""Benchmark: finding a new item's likely duplicates among N indexed items, beside a plain indexed
lookup in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_duplicates.py \
        [--items 1000000] [--queries 300] [--keep | --reuse]

It creates its own database (``bench_text_duplicates``, dropped at the end; ``--keep`` keeps it,
``--reuse`` starts from a kept one), migrates it and fills it with SQL: 600 streets, ``--items``
opinions spread over three years, each with the text index row of one of 20,000 generated Chinese
opinions (places × matters × problems × sentences, segmented by the real code), then recounts the unit
frequencies (``services.term_frequencies_refresh``, timed).

Each query is a new opinion written the same way but not in the pool, at a random street and time.
It times, in random order:

* the floor: the ten latest items of that street within the window (``Suggestion`` filtered by area
  and time, the index ``suggestion_area_idx``), fetched as rows;
* the lookup: segmenting the new text (``suggestions.text.units``) and ``duplicates.matches`` — the
  frequencies of its units, the GIN probe, the scoring in SQL.

It prints p50, p95 and p99 of both, their ratio, and how many duplicates the lookups found.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

from _common import bench_database, machine_details, ratio

DATABASE = "bench_text_duplicates"
POOL = 20_000
STREETS = 600
DAYS = 3 * 365

PLACES = [
    "幸福小区",
    "阳光花园",
    "东岗西路",
    "天水路",
    "民主路",
    "建设路",
    "滨河公园",
    "实验小学",
    "第三中学",
    "人民医院",
    "金城家园",
    "兰苑小区",
    "南关十字",
    "西站广场",
    "和平新村",
    "铁路新村",
    "黄河风情线",
    "雁滩路",
    "北滨河路",
    "焦家湾",
    "小西湖",
    "五泉山",
    "安宁东路",
    "科教城",
    "龚家湾",
    "华林坪",
]
NEAR = ["", "门口", "附近", "旁边", "北侧", "对面", "十字路口", "3号楼下", "东门"]
MATTERS = [
    ("路灯", ["坏了不亮", "晚上不亮", "一直闪", "损坏多日"]),
    ("井盖", ["丢失", "破损", "松动响声很大", "塌陷"]),
    ("下水道", ["堵塞", "污水外溢", "返臭", "堵了没人疏通"]),
    ("垃圾桶", ["满了没人清运", "太少", "臭味很大", "被占用"]),
    ("广场舞", ["噪音扰民", "音响太大", "跳到很晚"]),
    ("工地", ["夜间施工噪音大", "扬尘严重", "渣土车撒漏"]),
    ("电梯", ["经常故障", "困人", "年检过期"]),
    ("暖气", ["不热", "漏水", "温度不达标"]),
    ("车辆", ["乱停乱放", "占用消防通道", "堵塞路口"]),
    ("自来水", ["停水没有通知", "水质发黄", "水压太低"]),
    ("公交站", ["没有站牌", "离得太远", "雨棚坏了"]),
    ("红绿灯", ["时间太短", "坏了", "设置不合理"]),
    ("人行道", ["被占道经营", "地砖破损", "被共享单车堵住"]),
    ("油烟", ["直排扰民", "熏得没法开窗"]),
    ("流浪狗", ["成群乱跑", "咬伤孩子"]),
    ("绿化带", ["被毁种菜", "杂草丛生", "树木太高挡光"]),
]
SENTENCES = [
    "晚上出行很不方便",
    "希望有关部门尽快处理",
    "已经反映过多次",
    "老人孩子很不安全",
    "影响居民正常生活",
    "请派人来看看",
    "物业说不归他们管",
    "打了12345也没有结果",
    "周边商户意见很大",
    "快一个月了",
    "雨天更加严重",
    "上下班高峰特别明显",
    "希望给个答复",
    "附近学校的学生每天经过",
]


def opinion(rng: random.Random) -> str:
    matter, problems = rng.choice(MATTERS)
    parts = [f"{rng.choice(PLACES)}{rng.choice(NEAR)}的{matter}{rng.choice(problems)}"]
    parts += rng.sample(SENTENCES, rng.randint(1, 3))
    return "，".join(parts) + "。"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept database (skip the fill)")
    args = parser.parse_args()
    with bench_database(DATABASE, keep=args.keep or args.reuse, reuse=args.reuse):
        if not args.reuse:
            fill(args.items)
        run(args.queries)


def fill(n: int) -> None:
    from django.db import connection, transaction

    from congress.bulk import insert_rows
    from congress.models import Area
    from suggestions import services, text
    from suggestions.models import Suggestion, SuggestionTerms

    rng = random.Random(24)
    started = time.perf_counter()
    city = Area.objects.create(name="示范市", code="B620000", level=Area.Level.CITY)
    districts = Area.objects.bulk_create(
        Area(name=f"第{i}区", code=f"B62{i:02d}", level=Area.Level.DISTRICT, parent=city) for i in range(20)
    )
    streets = Area.objects.bulk_create(
        Area(name=f"第{i}街道", code=f"B62S{i:04d}", level=Area.Level.STREET, parent=districts[i % 20])
        for i in range(STREETS)
    )
    street_ids = [a.pk for a in streets]
    pool = [text.units(opinion(rng)) for _ in range(POOL)]
    print(f"segmented {POOL:,} generated opinions in {time.perf_counter() - started:.1f} s", flush=True)
    terms_table = SuggestionTerms._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_pool (i int PRIMARY KEY, terms varchar(24)[], counts int2[])")
        cursor.executemany(
            "INSERT INTO bench_pool VALUES (%s, %s, %s)",
            [(i, list(units), list(units.values())) for i, units in enumerate(pool)],
        )
        step = time.perf_counter()
        insert_rows(
            Suggestion,
            {
                "code": "'D' || lpad(g::text, 9, '0')",
                "status": "(ARRAY['submitted','accepted','assigned','replied','closed'])[1 + mod(g, 5)]",
                "title": "'意见' || g",
                "text": "'（基准测试）'",
                "area": f"(%(streets)s::bigint[])[1 + mod(g::bigint * 7919, {STREETS})]",
                "submitted_at": f"now() - (mod(g::bigint * 104729, {DAYS * 1440}) || ' minutes')::interval",
            },
            f"FROM generate_series(1, {int(n)}) AS g",
            {"streets": street_ids},
        )
        print(f"{n:,} items in {time.perf_counter() - step:.1f} s", flush=True)
        step = time.perf_counter()
        cursor.execute("DROP INDEX suggestion_terms_gin")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {terms_table} "
            "(suggestion_id, area_id, submitted_at, terms, counts, norm, version, duplicates) "
            "SELECT s.id, s.area_id, s.submitted_at, p.terms, p.counts, 0, %s, '[]'::jsonb "
            f"FROM {Suggestion._meta.db_table} s JOIN bench_pool p ON p.i = mod(s.id::bigint * 31, {POOL})",
            [text.VERSION],
        )
    with connection.cursor() as cursor:  # after the commit: the inserts' deferred checks are done
        cursor.execute(f"CREATE INDEX suggestion_terms_gin ON {terms_table} USING gin (terms)")
        print(f"index rows and GIN index in {time.perf_counter() - step:.1f} s", flush=True)
    step = time.perf_counter()
    documents = services.term_frequencies_refresh()
    print(f"unit frequencies and vector lengths of {documents:,} items in {time.perf_counter() - step:.1f} s")
    with connection.cursor() as cursor:
        for table in (Suggestion._meta.db_table, terms_table):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"filled in {time.perf_counter() - started:.0f} s", flush=True)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def run(queries: int) -> None:
    import datetime

    from django.utils import timezone

    from congress.models import Area
    from suggestions import duplicates, text
    from suggestions.models import Suggestion, SuggestionTerms

    rng = random.Random(2026)
    streets = list(Area.objects.filter(level=Area.Level.STREET).values_list("pk", flat=True))
    n = SuggestionTerms.objects.count()
    print(machine_details())
    text.units("预热")  # load the segmenter once, as a running worker has
    window = datetime.timedelta(days=90)
    floor: list[float] = []
    lookup: list[float] = []
    segmenting: list[float] = []
    found: list[int] = []
    for _ in range(queries):
        body = opinion(rng) + rng.choice(["", "谢谢。", "麻烦尽快。"])
        area = rng.choice(streets)
        at = timezone.now() - datetime.timedelta(minutes=rng.randrange(DAYS * 1440))

        def plain(area: int = area, at: datetime.datetime = at) -> None:
            list(
                Suggestion.objects.filter(area_id=area, submitted_at__range=(at - window, at + window))
                .order_by("-submitted_at")
                .values_list("pk", "code", "title")[:10]
            )

        def find(body: str = body, area: int = area, at: datetime.datetime = at) -> None:
            t0 = time.perf_counter()
            counts = text.units(body)
            segmenting.append(time.perf_counter() - t0)
            found.append(len(duplicates.matches(counts=counts, area_id=area, at=at, limit=5)))

        steps: list[tuple[list[float], Callable[[], None]]] = [(floor, plain), (lookup, find)]
        rng.shuffle(steps)
        for sink, step in steps:
            t0 = time.perf_counter()
            step()
            sink.append(time.perf_counter() - t0)
    print(f"\n{n:,} indexed items, {queries} new opinions, each at a random street and time")
    for label, values in (("plain indexed lookup (floor)", floor), ("duplicates of a new item", lookup)):
        print(
            f"{label:30} p50 {percentile(values, 50) * 1000:7.1f} ms"
            f"  p95 {percentile(values, 95) * 1000:7.1f} ms  p99 {percentile(values, 99) * 1000:7.1f} ms"
        )
    print(f"{'  of which segmenting':30} p50 {percentile(segmenting, 50) * 1000:7.1f} ms")
    print(f"p95 ratio to the floor: {ratio(percentile(lookup, 95), percentile(floor, 95))}")
    print(
        f"duplicates found per new item: mean {statistics.mean(found):.1f}, "
        f"items with any: {sum(1 for f in found if f)}"
    )


if __name__ == "__main__":
    main()
