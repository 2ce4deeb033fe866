"""A committee's ledger of three years of items (历史台账) as offices really keep one: a merged
title row, the office's own header names, dates in four forms and as Excel date cells, channels
and outcome classes in the office's words, full-width digits, phone numbers with dashes, a 合计 row.
Random but reproducible (a seed); the ledger's own counts come with it, to compare the statistics
with."""

from __future__ import annotations

import datetime
import io
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook

HEADER = [
    "序号", "办件编号", "登记日期", "来源", "问题类别", "所在区域", "标题", "反映内容", "群众姓名",
    "联系电话", "承办单位", "协办单位", "交办时间", "答复时间", "答复意见", "答复类别", "满意度测评",
    "办结时间", "备注",
]  # fmt: skip

# The office's words for each channel, outcome class and rating, and the code each stands for.
CHANNELS = {
    "来信": "letter",
    "12345": "hotline",
    "来访": "station_desk",
    "网上": "web",
    "走访": "deputy_visit",
}
OUTCOMES = {"A类": "A", "已解决": "A", "B": "B", "列入计划": "B", "C类": "C", "留作参考": "C"}
RATINGS = {"满意": "satisfied", "基本满意": "basically", "不满意": "unsatisfied"}
PROBLEMS = ["道路破损", "噪音扰民", "路灯不亮", "学位紧张", "停车难"]
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass
class Ledger:
    rows: list[list[Any]] = field(default_factory=list)
    received: Counter[int] = field(default_factory=Counter)  # by year
    by_channel: Counter[tuple[int, str]] = field(default_factory=Counter)
    outcomes: Counter[tuple[int, str]] = field(default_factory=Counter)  # by year of the reply
    ratings: Counter[tuple[int, str]] = field(default_factory=Counter)  # by year rated
    closed_by_end: Counter[int] = field(default_factory=Counter)  # closed by 31 December


def _day(rng: random.Random, day: datetime.date) -> Any:
    """One of the forms offices write a day in."""
    form = rng.randrange(5)
    if form == 0:
        return datetime.datetime(day.year, day.month, day.day)  # an Excel date cell  # noqa: DTZ001 (an Excel date cell has no zone)
    if form == 1:
        return f"{day.year}.{day.month:02d}.{day.day:02d}"
    if form == 2:
        return f"{day.year}年{day.month}月{day.day}日"
    if form == 3:
        return f"{day.year}/{day.month}/{day.day}"
    return day.isoformat()


def ledger(
    *,
    categories: list[str],
    areas: list[str],
    units: list[str],
    years: tuple[int, ...] = (2022, 2023, 2024),
    per_year: int = 800,
    seed: int = 27,
) -> Ledger:
    rng = random.Random(seed)
    book = Ledger()
    number = 0
    for year in years:
        for index in range(per_year):
            number += 1
            received = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
            channel_word = rng.choice(list(CHANNELS))
            ref = f"{year}-{index + 1:04d}"
            if rng.random() < 0.1:
                ref = ref.translate(FULL_WIDTH)  # typed with a Chinese input method
            row: list[Any] = [
                number, ref, _day(rng, received), channel_word, rng.choice(categories), rng.choice(areas),
                "", f"关于{rng.choice(PROBLEMS)}的问题（{ref}）",
                rng.choice(["", "张先生", "李女士", "王\u3000红"]),
                rng.choice(["", "138-0000-1234", "139 1234 5678", "0931-8888888"]),
                "", "", "", "", "", "", "", "", "",
            ]  # fmt: skip
            book.received[year] += 1
            book.by_channel[(year, CHANNELS[channel_word])] += 1
            fate = rng.random()
            late = received > datetime.date(2024, 11, 15)
            if fate < 0.03 or (late and fate < 0.3):
                book.rows.append(row)  # received only: still to be triaged
                continue
            dispatched = received + datetime.timedelta(days=rng.randrange(0, 5))
            row[10] = rng.choice(units)
            row[11] = "、".join(rng.sample([u for u in units if u != row[10]], rng.randrange(0, 3)))
            row[12] = _day(rng, dispatched)
            if late and fate < 0.6:
                book.rows.append(row)  # dispatched, not answered yet: its clock runs
                continue
            replied = dispatched + datetime.timedelta(days=rng.randrange(3, 40))
            outcome_word = rng.choice(list(OUTCOMES))
            outcome = OUTCOMES[outcome_word]
            row[13], row[14], row[15] = _day(rng, replied), "已派员现场核实并处理。", outcome_word
            book.outcomes[(replied.year, outcome)] += 1
            closed = None
            if outcome != "B":
                closed = replied + datetime.timedelta(days=rng.randrange(0, 20))
                row[17] = _day(rng, closed)
                book.closed_by_end[closed.year] += 1
            if rng.random() < 0.7:
                rating_word = rng.choice(list(RATINGS))
                row[16] = rating_word
                book.ratings[((closed or replied).year, RATINGS[rating_word])] += 1
            book.rows.append(row)
    return book


def workbook(book: Ledger) -> bytes:
    out = Workbook()
    sheet = out.active
    assert sheet is not None
    sheet.append(["示范市人大常委会群众意见建议办理台账（2022—2024年）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    for row in book.rows:
        sheet.append(row)
    sheet.append(["合计", f"{len(book.rows)}件"])
    data = io.BytesIO()
    out.save(data)
    return data.getvalue()
