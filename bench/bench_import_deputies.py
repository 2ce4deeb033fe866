"""Benchmark: importing 10,000 deputies from an xlsx file, as staff do in the admin.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_import_deputies.py

It creates its own database (``bench_perf_import``, dropped at the end), migrates it, creates the
term, the districts and a deputy group the rows refer to, writes an xlsx of ``--rows`` deputies
(default 10,000) with openpyxl, and times, in each of ``--rounds`` rounds (default 3): reading the
file (tablib, as the admin's import form does), the dry run staff preview, and the real import
(``congress.import_export_base.import_all_or_nothing`` with ``deputies.resources.DeputyResource``,
the admin's path). Target: the real import under 60 s. The floor beside it: the same rows written
with one ``bulk_create``. Every round deletes the imported deputies first.
"""

from __future__ import annotations

import argparse
import io
import time

from _common import bench_database, machine_details, median, ratio

DATABASE = "bench_perf_import"
HEADERS = [
    "姓名", "性别", "民族", "出生年份", "政治面貌", "学历", "职业类别", "工作单位", "代表层级", "届次",
    "选区或选举单位", "所在区县", "代表小组", "专长", "手机",
]  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", default=DATABASE, help="the database to create and drop")
    args = parser.parse_args()
    with bench_database(args.database):
        run(args.rows, args.rounds)


def workbook(rows: int, districts: list[str], term: str, group: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    parties, educations = ["中国共产党", "群众", "中国民主同盟"], ["大学本科", "硕士研究生", "大专"]
    for i in range(rows):
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)] + GIVEN[(i * 13) % len(GIVEN)]
        sheet.append(
            [
                name,
                "男" if i % 3 else "女",
                "汉族",
                1960 + i % 40,
                parties[i % 3],
                educations[i % 3],
                "工人",
                f"示范市第{i % 300}单位",
                "县（区）级",
                term,
                f"第{i % 120}选区",
                districts[i % len(districts)],
                group,
                "教育、医疗",
                f"139{i:08d}",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(rows: int, rounds: int) -> None:
    import tablib
    from django.db import transaction

    from congress.import_export_base import import_all_or_nothing
    from congress.models import Area, Term
    from deputies.models import Deputy, DeputyGroup
    from deputies.resources import DeputyResource

    city = Area.objects.create(name="示范市", code="6201", level=Area.Level.CITY)
    districts = [
        Area.objects.create(name=name, code=f"62010{i}", level=Area.Level.DISTRICT, parent=city).name
        for i, name in enumerate(["城关区", "七里河区", "西固区", "安宁区", "红古区"])
    ]
    import datetime

    term = Term.objects.create(
        level="county",
        number=18,
        name="城关区第十八届人民代表大会",
        area=city,
        starts_on=datetime.date(2021, 12, 1),
        ends_on=datetime.date(2026, 11, 30),
        is_current=True,
    )
    group = DeputyGroup.objects.create(name="城关区代表小组", kind="territorial").name
    content = workbook(rows, districts, term.name, group)
    print(f"{rows:,} deputies, xlsx of {len(content) / 1024:.0f} KiB, {rounds} rounds …", flush=True)
    reads: list[float] = []
    dry: list[float] = []
    real: list[float] = []
    floors: list[float] = []
    for number in range(1, rounds + 1):
        started = time.perf_counter()
        dataset = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        reads.append(time.perf_counter() - started)
        started = time.perf_counter()
        _result, errors = import_all_or_nothing(DeputyResource(), dataset, dry_run=True)
        dry.append(time.perf_counter() - started)
        assert errors == [], errors[:5]
        started = time.perf_counter()
        result, errors = import_all_or_nothing(DeputyResource(), dataset, dry_run=False)
        real.append(time.perf_counter() - started)
        assert errors == [] and Deputy.objects.count() == rows, (errors[:5], result.totals)
        template = list(Deputy.objects.order_by("pk")[:rows])
        Deputy.objects.all().delete()
        started = time.perf_counter()
        with transaction.atomic():
            for deputy in template:
                deputy.pk = None
            Deputy.objects.bulk_create(template, batch_size=1000)
        floors.append(time.perf_counter() - started)
        Deputy.objects.all().delete()
        print(
            f"  round {number}: read {reads[-1]:.1f} s, dry run {dry[-1]:.1f} s, import {real[-1]:.1f} s, "
            f"floor {floors[-1]:.2f} s",
            flush=True,
        )
    print()
    print(f"import of {rows:,} deputies from xlsx, median of {rounds} rounds (target: import < 60 s)")
    print(f"  machine: {machine_details()}")
    floor = median(floors)
    print(f"  floor: the same rows with one bulk_create        {floor:7.2f} s")
    print(f"  reading the xlsx (tablib)                         {median(reads):7.2f} s")
    print(f"  dry run (the preview staff see)                   {median(dry):7.2f} s")
    imported = median(real)
    print(f"  {'import':<48}{imported:7.2f} s   {ratio(imported, floor)} the floor")


if __name__ == "__main__":
    main()
