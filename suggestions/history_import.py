"""The office's ledger of past items (历史台账) as a spreadsheet: column mapping and row validation;
the items are written by ``services.suggestions_history_import`` (docs/import.md)."""

from __future__ import annotations

import datetime
from collections import Counter
from itertools import pairwise
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.errors import DomainError
from congress.models import Area, Category, HandlingUnit
from congress.spreadsheet_import import (
    NEW,
    SAME,
    Importer,
    Outcome,
    PreviewRow,
    choice_column,
    import_body,
    merged_problems,
    name_index,
)
from congress.spreadsheets import DATE, LIST, NAME, PHONE, TEXT, Column, Problem, Sheet, Table

from . import services
from .models import Channel, Rating, Reply

REF, RECEIVED, CHANNEL, CATEGORY, AREA, TITLE, CONTENT = (
    "编号",
    "受理日期",
    "来源渠道",
    "类别",
    "区域",
    "标题",
    "内容",
)
NAME_COL, PHONE_COL, LEAD, CO, DISPATCHED = "反映人", "联系电话", "主办单位", "协办单位", "交办日期"
REPLIED, REPLY_TEXT, OUTCOME, RATING, CLOSED = "答复日期", "答复内容", "办理结果", "满意度", "办结日期"
RETURNED_BY = "退回单位"

HISTORY_COLUMNS: tuple[Column, ...] = (
    Column(
        REF, TEXT, required=True, aliases=("台账编号", "件号", "登记编号", "办件编号"), example="2024-0001"
    ),
    Column(
        RECEIVED, DATE, required=True, aliases=("登记日期", "收到日期", "来件日期", "受理时间", "登记时间")
    ),
    choice_column(
        CHANNEL,
        Channel.choices,
        synonyms={
            "web": ("网上", "网络", "网站留言"),
            "qr": ("扫码", "码上提"),
            "api": ("微信小程序",),
            "station_desk": ("联络站", "代表联络站", "接待日", "来访", "站点"),
            "deputy_visit": ("走访",),
            "hotline": ("12345", "热线", "市长热线"),
            "letter": ("信件",),
            "petition_office": ("信访", "信访局"),
            "inspection": ("视察", "调研"),
            "deputy": ("代表",),
        },
        required=True,
        aliases=("渠道", "来源"),
        example="来信",
    ),
    Column(CATEGORY, TEXT, aliases=("分类", "问题类别"), allowed="类别名称或代码"),
    Column(AREA, TEXT, aliases=("所在区域", "区县", "街道", "地区"), allowed="区域名称或区域代码"),
    Column(TITLE, TEXT, aliases=("事项", "主题")),
    Column(
        CONTENT, TEXT, required=True, aliases=("反映内容", "诉求内容", "问题描述", "意见建议内容", "主要内容")
    ),
    Column(NAME_COL, NAME, aliases=("姓名", "群众姓名", "提出人")),
    Column(PHONE_COL, PHONE, aliases=("电话", "手机", "手机号")),
    Column(LEAD, TEXT, aliases=("承办单位", "办理单位"), allowed="承办单位名称或简称"),
    Column(CO, LIST, aliases=("会办单位",), allowed="承办单位名称或简称，多个以“、”分隔"),
    # Units the item was sent to first and that returned it as misrouted (退办), before it reached
    # its lead unit: evidence for the routing model that the route was wrong (docs/suggestions.md).
    Column(
        RETURNED_BY, LIST, aliases=("退办单位", "退回单位名称"), allowed="承办单位名称或简称，多个以“、”分隔"
    ),
    Column(DISPATCHED, DATE, aliases=("交办时间", "转办日期")),
    Column(REPLIED, DATE, aliases=("答复时间", "回复日期")),
    Column(REPLY_TEXT, TEXT, aliases=("答复意见", "办理情况", "回复内容")),
    choice_column(
        OUTCOME,
        Reply.Outcome.choices,
        synonyms={
            "A": ("A类", "已解决", "已采纳", "解决", "采纳"),
            "B": ("B类", "正在解决", "列入计划", "正在办理"),
            "C": ("C类", "留作参考", "因条件限制留作参考"),
        },
        aliases=("答复类别", "办理类别", "结果分类"),
        example="A",
    ),
    choice_column(
        RATING,
        Rating.Value.choices,
        synonyms={"satisfied": ("很满意",), "basically": ("较满意", "基本")},
        aliases=("满意度测评", "评价", "测评结果"),
    ),
    Column(CLOSED, DATE, aliases=("办结时间", "销号日期")),
)


def _codes_by_label(header: str) -> dict[str, str]:
    """A choice column's allowed values (Chinese labels) to the codes they stand for."""
    column = next(column for column in HISTORY_COLUMNS if column.header == header)
    return {label: words[0] for label, words in column.choices}


CHANNEL_BY_LABEL = _codes_by_label(CHANNEL)
OUTCOME_BY_LABEL = _codes_by_label(OUTCOME)
RATING_BY_LABEL = _codes_by_label(RATING)


class HistoryImporter(Importer):
    """Past items from the office's ledger (docs/import.md)."""

    title = gettext_lazy("history of items")
    slug = "history"
    # The body the items belong to; None: the importing clerk's (``import_body``).
    body: Any = None

    def columns(self) -> tuple[Column, ...]:
        return HISTORY_COLUMNS

    def prepare(self, sheet: Sheet, clerk_mapping: dict[str, str] | None = None) -> Table:
        categories = list(Category.objects.all())
        self._categories = name_index([(c.name, c) for c in categories] + [(c.code, c) for c in categories])
        areas = list(Area.objects.all())
        self._areas = name_index([(a.name, a) for a in areas] + [(a.code, a) for a in areas])
        units = list(HandlingUnit.objects.all())
        self._units = name_index([(u.name, u) for u in units] + [(u.short_name, u) for u in units])
        self._records: dict[int, services.HistoryRecord] = {}
        self._refs: Counter[str] = Counter()
        return super().prepare(sheet, clerk_mapping)

    def check_row(self, record: dict[str, Any], row: int) -> list[Problem]:
        problems: list[Problem] = []
        ref = str(record.get(REF) or "")
        self._refs[ref] += 1
        if ref and self._refs[ref] > 1:
            problems.append(Problem(row, REF, ref, _("This item number appears twice in the file.")))
        category = self.named(self._categories, record.get(CATEGORY) or "", CATEGORY, row, problems)
        area = self.named(self._areas, record.get(AREA) or "", AREA, row, problems)
        lead = self.named(self._units, record.get(LEAD) or "", LEAD, row, problems)
        co_units = [
            self.named(self._units, name, CO, row, problems)
            for name in (record.get(CO) or "").split("、")
            if name
        ]
        returned_by = [
            self.named(self._units, name, RETURNED_BY, row, problems)
            for name in (record.get(RETURNED_BY) or "").split("、")
            if name
        ]
        if lead is not None and lead in returned_by:
            problems.append(
                Problem(
                    row,
                    RETURNED_BY,
                    record.get(RETURNED_BY) or "",
                    _("The lead unit cannot be one of the units that returned the item."),
                )
            )
        dates = [(header, record.get(header)) for header in (RECEIVED, DISPATCHED, REPLIED, CLOSED)]
        given: list[tuple[str, datetime.date]] = [
            (header, day) for header, day in dates if isinstance(day, datetime.date)
        ]
        for (first, earlier), (second, later) in pairwise(given):
            if later < earlier:
                problems.append(
                    Problem(
                        row,
                        second,
                        later.strftime("%Y-%m-%d"),
                        _("This date is before the %(column)s (%(date)s).")
                        % {"column": first, "date": earlier.strftime("%Y-%m-%d")},
                    )
                )
        needs = (
            (DISPATCHED, LEAD, _("A dispatch needs its lead unit.")),
            (RETURNED_BY, LEAD, _("Units that returned the item need the lead unit it then went to.")),
            (LEAD, DISPATCHED, _("A lead unit needs the day it was dispatched.")),
            (REPLIED, DISPATCHED, _("A reply needs the dispatch it answers.")),
            (REPLIED, OUTCOME, _("A reply needs its outcome class.")),
            (OUTCOME, REPLIED, _("An outcome class needs the day of the reply.")),
            (RATING, REPLIED, _("A rating needs the reply it rates.")),
            (CLOSED, REPLIED, _("A closed item needs its reply.")),
        )
        for present, missing, message in needs:
            if record.get(present) not in ("", None) and record.get(missing) in ("", None):
                problems.append(Problem(row, missing, "", message))
        outcome = OUTCOME_BY_LABEL.get(record.get(OUTCOME) or "", "")
        if outcome == "B" and record.get(CLOSED):
            problems.append(
                Problem(
                    row,
                    CLOSED,
                    record[CLOSED].strftime("%Y-%m-%d"),
                    _("A B reply owes a follow-up reply: such an item is not closed yet."),
                    _("leave the closing date empty, or give outcome A or C"),
                )
            )
        if problems or any(value is None for value in record.values()):
            return problems
        if any(record.get(header) in ("", None) for header in (REF, RECEIVED, CHANNEL, CONTENT)):
            return problems  # the layer names the empty required cells
        history = services.HistoryRecord(
            office_ref=ref,
            received_on=record[RECEIVED],
            channel=CHANNEL_BY_LABEL[record[CHANNEL]],
            text=record[CONTENT],
            title=record.get(TITLE) or "",
            category=category,
            area=area,
            submitter_name=record.get(NAME_COL) or "",
            submitter_mobile=record.get(PHONE_COL) or "",
            lead_unit=lead,
            co_units=tuple(unit for unit in co_units if unit is not None),
            returned_by=tuple(unit for unit in returned_by if unit is not None),
            dispatched_on=record.get(DISPATCHED) or None,
            replied_on=record.get(REPLIED) or None,
            reply_text=record.get(REPLY_TEXT) or "",
            outcome=outcome,
            rating=RATING_BY_LABEL.get(record.get(RATING) or "", ""),
            closed_on=record.get(CLOSED) or None,
        )
        try:
            services.history_steps(history)
        except DomainError as error:
            return [Problem(row, "", "", error.message)]
        self._records[row] = history
        return []

    def run(self, table: Table, *, dry_run: bool, user: Any) -> Outcome:
        headers = [column.header for column in HISTORY_COLUMNS if column.header in table.mapping.values()]
        outcome = Outcome(table=table, headers=headers)
        outcome.problems = merged_problems(table, [])
        refused = {problem.row for problem in outcome.problems}
        result = services.HistoryResult()
        if not outcome.problems:
            with transaction.atomic():
                result = services.suggestions_history_import(
                    records=list(self._records.values()),
                    body=self.body or import_body(user),
                    actor=user,
                )
                if dry_run:
                    transaction.set_rollback(True)
        for record, number in zip(table.records, table.row_numbers, strict=True):
            ref = str(record.get(REF) or "")
            values = [_shown(record.get(header)) for header in headers]
            if number in refused:
                outcome.rows.append(PreviewRow(number, "invalid", ref, values))
            elif ref in result.existing:
                outcome.rows.append(PreviewRow(number, SAME, f"{ref} → {result.existing[ref].code}", values))
            else:
                item = result.created.get(ref)
                outcome.rows.append(PreviewRow(number, NEW, f"{ref} → {item.code}" if item else ref, values))
        outcome.saved = not dry_run and not outcome.problems
        return outcome


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return str(value.strftime("%Y-%m-%d"))
    return str(value)
