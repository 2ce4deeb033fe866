"""The deputies' roster as an office keeps it: a workbook with a merged title row, the office's own
header names, full-width spaces and digits, 汉, 中共党员, 是/否, tags split on ，、, phone numbers
with dashes, dates in several forms and a 合计 row; and a GB18030 CSV saved by Excel."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from openpyxl import Workbook

from congress.spreadsheets import read_sheet
from deputies.models import Deputy, DeputyGroup
from deputies.resources import DeputyImporter
from tests.factories.core import DistrictFactory, TermFactory

pytestmark = pytest.mark.django_db

TERM = "示范市第十七届人民代表大会"
HEADER = [
    "序号", "代表姓名", "性别", "民族", "出生年月", "身份证号码", "党派", "文化程度", "代表构成",
    "工作单位及职务", "层级", "届别", "选区", "区县", "小组", "专业特长", "手机号码", "是否公开手机",
    "当选时间", "备注",
]  # fmt: skip
ROWS: list[list[Any]] = [
    [1, "王\u3000芳", "女", "汉", "1975.03", "", "中共党员", "本科", "工人", "示范市钢铁厂", "市",
     TERM, "城关区选举单位", "城关区", "城关区代表小组", "教育，医疗、法律", "138-0000-1234", "是",
     datetime.datetime(2022, 1, 6), ""],  # noqa: DTZ001 (an Excel date cell has no zone)
    [2, "李建国", "男", "回族", "１９６８年５月", "110105196805120035", "群众", "硕士", "专业技术人员",
     "示范市第一医院", "市", TERM, "城关区选举单位", "城关区", "", "医疗", "13912345678", "否",
     "2022年1月6日", "连任"],
    [3, "赵敏", "女", "满族", datetime.datetime(1980, 7, 1), "", "民盟", "博士", "专技人员",  # noqa: DTZ001 (an Excel date cell has no zone)
     "示范大学", "市", TERM, "城关区选举单位", "城关区", "", "", "", "否", "2022.01.06", ""],
]  # fmt: skip


@pytest.fixture
def setting() -> None:
    TermFactory.create(name=TERM)
    DistrictFactory.create(name="城关区")
    DeputyGroup.objects.create(name="城关区代表小组", kind="territorial")


def _workbook(rows: list[list[Any]], *, total: bool = True) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["示范市第十七届人民代表大会代表名册"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    if total:
        sheet.append(["合计", f"{len(rows)}人"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _run(
    data: bytes, *, dry_run: bool, name: str = "名册.xlsx", mapping: dict[str, str] | None = None
) -> Any:
    importer = DeputyImporter()
    table = importer.prepare(read_sheet(data, name), mapping)
    return importer.run(table, dry_run=dry_run, user=None)


def test_the_dry_run_shows_every_normalisation_and_saves_nothing(setting: None) -> None:
    outcome = _run(_workbook(ROWS), dry_run=True)
    assert outcome.problems == []
    assert Deputy.objects.count() == 0
    notes = {(note.row, note.column): note.after for note in outcome.notes}
    assert notes[(3, "姓名")] == "王芳"
    assert notes[(3, "民族")] == "汉族"
    assert notes[(3, "政治面貌")] == "中国共产党"
    assert notes[(3, "专长")] == "教育、医疗、法律"
    assert notes[(3, "手机")] == "13800001234"
    assert notes[(3, "出生年份")].startswith("1975（")  # the month the field cannot hold, said
    assert notes[(4, "出生年份")].startswith("1968")
    assert any(note.row == 6 and "合计" in str(note) for note in outcome.notes)
    assert any(note.row == 1 for note in outcome.notes)  # the title row, skipped
    assert outcome.table.unknown == ["序号", "备注"]
    assert [row.row for row in outcome.rows] == [3, 4, 5]
    assert all(row.identifier for row in outcome.rows)  # the public identifiers to be saved


def test_the_import_stores_what_the_office_meant(setting: None) -> None:
    outcome = _run(_workbook(ROWS), dry_run=False)
    assert outcome.saved and outcome.counts["new"] == 3
    wang = Deputy.objects.get(name="王芳")
    assert (wang.ethnicity, wang.party, wang.birth_year) == ("汉族", "cpc", 1975)
    assert wang.phone == "13800001234" and wang.phone_is_public is True
    assert wang.expertise == ["教育", "医疗", "法律"]
    assert wang.elected_on == datetime.date(2022, 1, 6)
    assert list(wang.groups.values_list("name", flat=True)) == ["城关区代表小组"]
    li = Deputy.objects.get(name="李建国")
    assert li.phone_is_public is False and li.id_card_digest and "110105" not in li.id_card_digest
    assert Deputy.objects.get(name="赵敏").birth_year == 1980


def test_a_second_import_of_the_same_roster_changes_nothing(setting: None) -> None:
    _run(_workbook(ROWS), dry_run=False)
    before = list(Deputy.objects.order_by("pk").values())
    outcome = _run(_workbook(ROWS), dry_run=False)
    assert outcome.counts == {"new": 0, "update": 0, "same": 3, "invalid": 0}
    assert list(Deputy.objects.order_by("pk").values()) == before


def test_a_changed_row_updates_the_deputy_found_by_id_card_even_renamed(setting: None) -> None:
    _run(_workbook(ROWS), dry_run=False)
    changed = [list(row) for row in ROWS]
    changed[1][1] = "李建民"  # renamed; the ID card still names the same person
    changed[1][16] = "139-1234-5670"
    outcome = _run(_workbook(changed), dry_run=False)
    assert outcome.counts["update"] == 1 and Deputy.objects.count() == 3
    assert Deputy.objects.get(name="李建民").phone == "13912345670"


def test_every_problem_is_in_the_first_dry_run_in_chinese_with_the_sheet_row(setting: None) -> None:
    bad = [list(row) for row in ROWS]
    bad[0][3] = "火星"  # ethnicity
    bad[1][17] = "也许"  # yes/no
    bad[2][11] = "第九十九届"  # no such term (found by the resource, not the layer)
    bad[2][18] = "2022.02.30"  # no such day
    outcome = _run(_workbook(bad), dry_run=False)
    assert not outcome.saved and Deputy.objects.count() == 0
    where = {(problem.row, problem.column) for problem in outcome.problems}
    assert where == {(3, "民族"), (4, "公开手机"), (5, "届次"), (5, "当选日期")}
    texts = [str(problem) for problem in outcome.problems]
    assert texts[0].startswith("第3行") and "火星" in texts[0] and "汉族" in texts[0]
    assert any(text.startswith("第5行") and "第九十九届" in text and "届次" in text for text in texts)


def test_a_gb18030_csv_saved_by_excel_imports(setting: None) -> None:
    lines = [",".join(HEADER)]
    for row in ROWS[1:2]:
        lines.append(",".join("" if cell is None else str(cell) for cell in row))
    data = ("\r\n".join(lines) + "\r\n").encode("gb18030")
    outcome = _run(data, dry_run=False, name="名册.csv")
    assert outcome.problems == [] and Deputy.objects.get().name == "李建国"


def test_a_column_the_layer_does_not_know_is_mapped_by_the_clerk(setting: None) -> None:
    rows = [list(row) for row in ROWS]
    header = list(HEADER)
    header[19] = "履职承诺书"
    rows[0][19] = "每月进站一次"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    first = _run(out.getvalue(), dry_run=True)
    assert "履职承诺书" in first.table.unknown
    _run(out.getvalue(), dry_run=False, mapping={"履职承诺书": "履职承诺"})
    assert Deputy.objects.get(name="王芳").pledges == "每月进站一次"


def test_the_preview_masks_the_id_card_number(setting: None) -> None:
    outcome = _run(_workbook(ROWS), dry_run=True)
    shown = " ".join(" ".join(row.values) for row in outcome.rows)
    assert "110105196805120035" not in shown and "110105**********35" in shown
