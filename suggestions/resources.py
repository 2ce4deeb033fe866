"""The 12345 hotline batch as the hotline bridge or the office saves it: column mapping and row
validation; each new work order becomes a new, live item through ``services.suggestion_submit``
(channel "hotline": received today, its triage clock started, the citizen told). Past items go
through the history import instead (``history_import``). Matched on the hotline's work-order number
(``Suggestion.external_ref``): a work order already imported is left as it is (docs/import.md)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.bodies import body_ids_writable_by
from congress.errors import DomainError
from congress.models import Area, Category
from congress.selectors import categories_for_body
from congress.spreadsheet_import import (
    INVALID,
    NEW,
    SAME,
    Importer,
    Outcome,
    PreviewRow,
    merged_problems,
    name_index,
)
from congress.spreadsheets import NAME, PHONE, TEXT, Column, Problem, Sheet, Table

from . import services
from .models import Channel, Suggestion

REF, TITLE, CONTENT, CATEGORY, AREA, ADDRESS, NAME_COL, MOBILE = (
    "工单编号",
    "标题",
    "诉求内容",
    "类别",
    "区域",
    "地址",
    "姓名",
    "手机号",
)

# Header names as the 12345 centres write them, and the office's own.
HOTLINE_COLUMNS: tuple[Column, ...] = (
    Column(
        REF,
        TEXT,
        required=True,
        aliases=("工单号", "工单编码", "受理编号", "热线工单号"),
        example="GD-2026-000123",
    ),
    Column(TITLE, TEXT, aliases=("诉求标题", "主题", "事项"), allowed="可空：取诉求内容的前30字"),
    Column(
        CONTENT,
        TEXT,
        required=True,
        aliases=("来电内容", "诉求描述", "反映内容", "内容", "问题描述"),
    ),
    Column(CATEGORY, TEXT, aliases=("类别代码", "诉求类别", "分类", "问题类别"), allowed="类别名称或代码"),
    Column(AREA, TEXT, aliases=("区域代码", "所属区域", "区县", "街道"), allowed="区域名称或区域代码"),
    Column(ADDRESS, TEXT, aliases=("诉求地址", "事发地址", "详细地址")),
    Column(NAME_COL, NAME, aliases=("来电人", "来电人姓名", "诉求人", "市民姓名")),
    Column(MOBILE, PHONE, aliases=("联系电话", "来电号码", "手机号码", "电话")),
)

# The submission's fields and the columns they are read from (a service refusal names the column).
COLUMN_OF_FIELD = {
    "external_ref": REF,
    "title": TITLE,
    "text": CONTENT,
    "category": CATEGORY,
    "area": AREA,
    "address": ADDRESS,
    "submitter_name": NAME_COL,
    "submitter_mobile": MOBILE,
}


class HotlineImporter(Importer):
    """A batch of 12345 work orders: each new one a live item of the importing clerk's body."""

    title = gettext_lazy("12345 hotline work orders")
    slug = "hotline"

    def columns(self) -> tuple[Column, ...]:
        return HOTLINE_COLUMNS

    def prepare(self, sheet: Sheet, clerk_mapping: dict[str, str] | None = None) -> Table:
        self._refs: Counter[str] = Counter()
        return super().prepare(sheet, clerk_mapping)

    def check_row(self, record: dict[str, Any], row: int) -> list[Problem]:
        ref = str(record.get(REF) or "")
        self._refs[ref] += 1
        if ref and self._refs[ref] > 1:
            return [Problem(row, REF, ref, _("This work-order number appears twice in the file."))]
        return []

    def run(self, table: Table, *, dry_run: bool, user: Any) -> Outcome:
        headers = [column.header for column in HOTLINE_COLUMNS if column.header in table.mapping.values()]
        outcome = Outcome(table=table, headers=headers)
        # The clerk's body receives the items (as when entering one by hand); a superuser's go by area.
        body_id = next(iter(body_ids_writable_by(user) or ()), None) if user is not None else None
        # A body uses the shared categories, its own and its ancestors' (never a sibling's).
        categories = (
            list(categories_for_body(body_id)) if body_id is not None else list(Category.objects.all())
        )
        by_category = name_index([(c.code, c) for c in categories] + [(c.name, c) for c in categories])
        areas = list(Area.objects.all())
        by_area = name_index([(a.code, a) for a in areas] + [(a.name, a) for a in areas])
        known = Suggestion.objects.filter(channel=Channel.HOTLINE)
        if user is not None:
            known = known.visible_to(user)
        refs = [str(record.get(REF) or "") for record in table.records]
        existing = {item.external_ref: item for item in known.filter(external_ref__in=[r for r in refs if r])}
        found: list[Problem] = []
        inputs: dict[int, services.SubmissionInput] = {}
        for record, number in zip(table.records, table.row_numbers, strict=True):
            ref = str(record.get(REF) or "")
            if ref in existing or any(value is None for value in record.values()):
                continue
            problems: list[Problem] = []
            category = self.named(by_category, str(record.get(CATEGORY) or ""), CATEGORY, number, problems)
            area = self.named(by_area, str(record.get(AREA) or ""), AREA, number, problems)
            found.extend(problems)
            if problems or not ref or not record.get(CONTENT):
                continue  # the layer names the empty required cells
            text = str(record[CONTENT])
            inputs[number] = services.SubmissionInput(
                channel=Channel.HOTLINE,
                title=str(record.get(TITLE) or "") or text[:30],
                text=text,
                category=category,
                area=area,
                address=str(record.get(ADDRESS) or ""),
                submitter_name=str(record.get(NAME_COL) or ""),
                submitter_mobile=str(record.get(MOBILE) or ""),
                external_ref=ref,
                consent_privacy=True,
                body_id=body_id,
            )
        created: dict[int, Suggestion] = {}
        with transaction.atomic():
            # Every row is tried, also in the dry run, so the service's refusals show at once.
            for number, submission in inputs.items():
                try:
                    with transaction.atomic():
                        created[number] = services.suggestion_submit(
                            submission=submission, actor=user
                        ).suggestion
                except DomainError as error:
                    column = COLUMN_OF_FIELD.get(error.field or "", "")
                    value = getattr(submission, error.field or "", "") if column else ""
                    found.append(Problem(number, column, str(value or ""), error.message))
            outcome.problems = merged_problems(table, found)
            if dry_run or outcome.problems:
                transaction.set_rollback(True)
        refused = {problem.row for problem in outcome.problems}
        for record, number in zip(table.records, table.row_numbers, strict=True):
            ref = str(record.get(REF) or "")
            values = [_shown(record.get(header)) for header in headers]
            if number in refused:
                outcome.rows.append(PreviewRow(number, INVALID, ref, values))
            elif ref in existing:
                outcome.rows.append(PreviewRow(number, SAME, f"{ref} → {existing[ref].code}", values))
            else:
                item = created.get(number)
                outcome.rows.append(PreviewRow(number, NEW, f"{ref} → {item.code}" if item else ref, values))
        outcome.saved = not dry_run and not outcome.problems
        return outcome


def _shown(value: Any) -> str:
    return "" if value is None else str(value)
