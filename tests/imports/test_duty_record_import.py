"""Offline duty records (履职登记) as an office keeps them: a workbook with a merged title row and the
office's header and activity names, or a GB18030 CSV with full-width digits and 2022年1月6日 dates;
deputies named by name; a second import changes nothing; only the clerk's own body's deputies;
every problem of a bad file in the first dry run, in Chinese."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from congress.models import AuditEvent
from deputies.models import DutyRecord
from deputies.resources import DutyRecordImporter, DutyRecordResource
from tests.factories.core import BodyFactory, DistrictFactory, TermFactory, body_staff
from tests.factories.deputies import DeputyFactory
from tests.imports.files import office_csv, office_workbook, run_import

pytestmark = pytest.mark.django_db

TITLE = "城关区人大代表2022年度履职登记表"
HEADER = ["序号", "代表姓名", "活动类型", "活动日期", "活动内容", "登记人"]
ROWS: list[list[Any]] = [
    [1, "王\u3000芳", "培训", datetime.datetime(2022, 1, 6), "新任代表履职培训", "张"],  # noqa: DTZ001 (an Excel date cell has no zone)
    [2, "李建国", "列席", "2022年3月1日", "列席常委会第三次会议", "张"],
    [3, "李建国", "视察", "2022.04.08", "视察城关区老旧小区改造", ""],
]


@pytest.fixture
def district() -> dict[str, Any]:
    """A district's clerk and its term's deputies; a sibling district's deputy."""
    body, sibling = BodyFactory.create(name="城关区人大常委会"), BodyFactory.create(name="七里河区人大常委会")
    term = TermFactory.create(
        body=body, level="county", number=18, area=DistrictFactory.create(name="城关区")
    )
    other_term = TermFactory.create(
        body=sibling, level="county", number=18, area=DistrictFactory.create(name="七里河区")
    )
    return {
        "clerk": body_staff(body),
        "wang": DeputyFactory.create(name="王芳", term=term),
        "li": DeputyFactory.create(name="李建国", term=term),
        "zhao": DeputyFactory.create(name="赵敏", term=other_term),
    }


def _run(data: bytes, name: str, user: Any, *, dry_run: bool = False) -> Any:
    return run_import(DutyRecordImporter(), data, name, user=user, dry_run=dry_run)


def _records() -> list[tuple[str, str, datetime.date, str]]:
    return sorted(DutyRecord.objects.values_list("deputy__name", "kind", "on", "note"))


def test_the_office_ledger_imports_with_every_normalisation_shown(district: dict[str, Any]) -> None:
    data = office_workbook(TITLE, HEADER, ROWS)
    dry = _run(data, "履职登记.xlsx", district["clerk"], dry_run=True)
    assert dry.problems == [] and DutyRecord.objects.count() == 0
    notes = {(note.row, note.column): note.after for note in dry.notes}
    assert notes[(3, "代表")] == "王芳"
    assert (notes[(3, "类型")], notes[(4, "类型")], notes[(5, "类型")]) == (
        "学习培训",
        "列席会议",
        "视察调研",
    )
    assert notes[(4, "日期")] == "2022-03-01"
    assert any("合计" in str(note) for note in dry.notes) and dry.table.unknown == ["序号", "登记人"]
    assert [row.row for row in dry.rows] == [3, 4, 5] and all(row.identifier for row in dry.rows)

    done = _run(data, "履职登记.xlsx", district["clerk"])
    assert done.saved and done.counts["new"] == 3
    assert _records() == [
        ("李建国", "inspection", datetime.date(2022, 4, 8), "视察城关区老旧小区改造"),
        ("李建国", "meeting_attended", datetime.date(2022, 3, 1), "列席常委会第三次会议"),
        ("王芳", "training", datetime.date(2022, 1, 6), "新任代表履职培训"),
    ]
    assert set(DutyRecord.objects.values_list("created_by", flat=True)) == {district["clerk"].pk}
    assert AuditEvent.objects.filter(action="create", actor=district["clerk"]).count() == 3


def test_a_gb18030_csv_with_full_width_digits_and_chinese_dates_imports(district: dict[str, Any]) -> None:
    rows = [[1, "李建国", "小组活动", "２０２２年１月６日", "参加城关区代表小组活动", ""]]
    outcome = _run(office_csv(TITLE, HEADER, rows), "履职登记.csv", district["clerk"])
    assert outcome.problems == [] and outcome.saved
    assert _records() == [("李建国", "group_activity", datetime.date(2022, 1, 6), "参加城关区代表小组活动")]


def test_a_second_import_of_the_same_ledger_changes_nothing(district: dict[str, Any]) -> None:
    long_note = "走访" * 200  # longer than a note holds: matched on what was kept of it
    rows = [
        *ROWS,
        [4, "王芳", "其他", "2022.05.01", long_note, ""],
        [5, "王芳", "其他", "2022.05.02", "", ""],
    ]
    data = office_workbook(TITLE, HEADER, rows)
    _run(data, "履职登记.xlsx", district["clerk"])
    before = list(DutyRecord.objects.order_by("pk").values())
    events = AuditEvent.objects.count()
    again = _run(data, "履职登记.xlsx", district["clerk"])
    assert again.counts == {"new": 0, "update": 0, "same": 5, "invalid": 0}
    assert list(DutyRecord.objects.order_by("pk").values()) == before
    assert AuditEvent.objects.count() == events


def test_a_row_naming_another_bodys_deputy_is_a_row_error(district: dict[str, Any]) -> None:
    rows = [
        ROWS[0],
        [2, "赵敏", "培训", "2022.01.06", "新任代表履职培训", ""],
        [3, district["zhao"].slug, "培训", "2022.01.06", "新任代表履职培训", ""],
    ]
    outcome = _run(office_workbook(TITLE, HEADER, rows), "履职登记.xlsx", district["clerk"])
    assert not outcome.saved and DutyRecord.objects.count() == 0
    assert {(problem.row, problem.column) for problem in outcome.problems} == {(4, "代表"), (5, "代表")}
    assert all(str(problem).startswith(f"第{problem.row}行「代表」") for problem in outcome.problems)


def test_every_problem_of_a_bad_file_is_in_the_first_dry_run_in_chinese(district: dict[str, Any]) -> None:
    rows = [
        [1, "王芳", "唱歌", "2022.01.06", "", ""],  # not a kind of duty record
        [2, "李建国", "培训", "2022.01", "", ""],  # no day
        [3, "张无忌", "培训", "2022.01.06", "", ""],  # no such deputy
        [4, "王芳", "", "2022.01.06", "", ""],  # no kind
        [5, "王芳", "培训", "", "", ""],  # no date
    ]
    outcome = _run(office_workbook(TITLE, HEADER, rows), "履职登记.xlsx", district["clerk"], dry_run=True)
    assert {(problem.row, problem.column) for problem in outcome.problems} == {
        (3, "类型"),
        (4, "日期"),
        (5, "代表"),
        (6, "类型"),
        (7, "日期"),
    }
    texts = [str(problem) for problem in outcome.problems]
    assert texts[0].startswith("第3行「类型」列，值“唱歌”") and "学习培训" in texts[0]
    assert any(text.startswith("第5行「代表」") and "张无忌" in text for text in texts)
    assert all(not any("a" <= c.lower() <= "z" for c in problem.message) for problem in outcome.problems)
    assert DutyRecord.objects.count() == 0


def test_the_admins_export_re_imports_unchanged(district: dict[str, Any]) -> None:
    _run(office_workbook(TITLE, HEADER, ROWS), "履职登记.xlsx", district["clerk"])
    exported = DutyRecordResource().export().export("xlsx")
    again = _run(exported, "导出.xlsx", district["clerk"])
    assert again.problems == [] and again.counts == {"new": 0, "update": 0, "same": 3, "invalid": 0}
    assert again.table.unknown == ["代表姓名", "积分"]  # read-only columns, listed
