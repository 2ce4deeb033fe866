"""A 12345 hotline batch as the bridge or the office saves it: a workbook with a merged title row
and the centre's own header names, or a GB18030 CSV with full-width digits and a 合计 row. Each new
work order is a new live item of the clerk's body; a second import changes nothing (matched on the
work-order number); another body's category is a row error; every problem of a bad file in the
first dry run, in Chinese, with nothing saved or sent."""

from __future__ import annotations

from typing import Any

import pytest

from congress.notifications.models import Notification
from suggestions.models import Suggestion
from suggestions.resources import HotlineImporter
from tests.factories.core import BodyFactory, CategoryFactory, StreetFactory, body_staff
from tests.imports.files import office_csv, office_workbook, run_import

pytestmark = pytest.mark.django_db

TITLE = "12345政务服务便民热线工单（城关区）"
HEADER = [
    "序号",
    "工单号",
    "诉求标题",
    "来电内容",
    "诉求类别",
    "所属区域",
    "事发地址",
    "来电人",
    "来电号码",
    "来电时间",
]
ROWS: list[list[Any]] = [
    [1, "GD-2026-0001", "夜间施工噪音", "夜间施工噪音扰民严重", "噪音扰民", "东岗街道", "东岗西路１号",
     "张\u3000三", "139-0000-1111", "2026年1月6日"],
    [2, "GD-2026-0002", "", "小区道路积水无人处理", "noise", "620102001", "", "", "13900002222",
     "2026.01.06"],
]  # fmt: skip


@pytest.fixture
def district() -> dict[str, Any]:
    body, sibling = BodyFactory.create(name="城关区人大常委会"), BodyFactory.create(name="七里河区人大常委会")
    return {
        "body": body,
        "clerk": body_staff(body),
        "noise": CategoryFactory.create(code="noise", name="噪音扰民"),  # shared by every body
        "street": StreetFactory.create(code="620102001", name="东岗街道"),
        "theirs": CategoryFactory.create(code="qlh-water", name="七里河供水", body=sibling),
    }


def _run(data: bytes, name: str, user: Any, *, dry_run: bool = False) -> Any:
    return run_import(HotlineImporter(), data, name, user=user, dry_run=dry_run)


def test_a_hotline_batch_becomes_new_live_items_of_the_clerks_body(district: dict[str, Any]) -> None:
    data = office_workbook(TITLE, HEADER, ROWS)
    dry = _run(data, "工单.xlsx", district["clerk"], dry_run=True)
    assert dry.problems == [] and Suggestion.objects.count() == 0 and Notification.objects.count() == 0
    notes = {(note.row, note.column): note.after for note in dry.notes}
    assert (notes[(3, "姓名")], notes[(3, "手机号")], notes[(3, "地址")]) == (
        "张三",
        "13900001111",
        "东岗西路1号",
    )
    assert any("合计" in str(note) for note in dry.notes)
    assert dry.table.unknown == ["序号", "来电时间"]  # listed, not dropped without a word
    assert [row.action for row in dry.rows] == ["new", "new"]
    assert all(row.identifier.startswith("GD-2026-000") and "→" in row.identifier for row in dry.rows)

    done = _run(data, "工单.xlsx", district["clerk"])
    assert done.saved and done.counts["new"] == 2
    items = list(Suggestion.objects.order_by("external_ref"))
    assert [(item.external_ref, item.channel, item.body_id) for item in items] == [
        ("GD-2026-0001", "hotline", district["body"].pk),
        ("GD-2026-0002", "hotline", district["body"].pk),
    ]
    assert items[0].category == items[1].category == district["noise"]
    assert items[0].area == items[1].area == district["street"]
    assert items[1].title == "小区道路积水无人处理"  # no title given: the first words of the text
    assert items[0].status == "submitted"  # a live item: received now, to be triaged


def test_a_gb18030_csv_with_full_width_digits_and_a_total_row_imports(district: dict[str, Any]) -> None:
    rows = [
        [1, "ＧＤ－２０２６－０００３", "路灯不亮", "东岗西路路灯连续三晚不亮", "噪音扰民",
         "６２０１０２００１", "", "", "", "２０２６年１月６日"],
    ]  # fmt: skip
    outcome = _run(office_csv(TITLE, HEADER, rows), "工单.csv", district["clerk"])
    assert outcome.problems == [] and outcome.saved
    item = Suggestion.objects.get()
    assert (item.external_ref, item.area) == ("GD-2026-0003", district["street"])


def test_a_second_import_of_the_same_batch_changes_nothing(district: dict[str, Any]) -> None:
    data = office_workbook(TITLE, HEADER, ROWS)
    _run(data, "工单.xlsx", district["clerk"])
    before = list(Suggestion.objects.order_by("pk").values())
    sent = Notification.objects.count()
    again = _run(data, "工单.xlsx", district["clerk"])
    assert again.problems == [] and again.counts == {"new": 0, "update": 0, "same": 2, "invalid": 0}
    assert list(Suggestion.objects.order_by("pk").values()) == before
    assert Notification.objects.count() == sent


def test_another_bodys_category_is_a_row_error(district: dict[str, Any]) -> None:
    rows = [ROWS[0], [2, "GD-2026-0009", "停水", "七里河区停水三天", "七里河供水", "", "", "", "", ""]]
    outcome = _run(office_workbook(TITLE, HEADER, rows), "工单.xlsx", district["clerk"])
    assert not outcome.saved and Suggestion.objects.count() == 0
    assert [(problem.row, problem.column) for problem in outcome.problems] == [(4, "类别")]
    assert str(outcome.problems[0]).startswith("第4行「类别」列，值“七里河供水”")


def test_every_problem_of_a_bad_file_is_in_the_first_dry_run_in_chinese(district: dict[str, Any]) -> None:
    rows = [
        [1, "GD-1", "噪音", "夜间施工噪音扰民严重", "没有的类别", "", "", "", "", ""],  # unknown category
        [2, "GD-2", "积水", "道路积水", "", "火星", "", "", "", ""],  # unknown area
        [3, "GD-2", "积水", "道路积水严重", "", "", "", "", "", ""],  # the work order twice
        [4, "GD-4", "", "", "", "", "", "", "", ""],  # no text
        [5, "GD-5", "电话", "来电号码写错了", "", "", "", "", "139-0000", ""],  # refused by the service
    ]
    outcome = _run(office_workbook(TITLE, HEADER, rows), "工单.xlsx", district["clerk"], dry_run=True)
    assert {(problem.row, problem.column) for problem in outcome.problems} == {
        (3, "类别"),
        (4, "区域"),
        (5, "工单编号"),
        (6, "诉求内容"),
        (7, "手机号"),
    }
    texts = [str(problem) for problem in outcome.problems]
    assert texts[0].startswith("第3行「类别」列，值“没有的类别”")
    assert all(not any("a" <= c.lower() <= "z" for c in problem.message) for problem in outcome.problems)
    assert Suggestion.objects.count() == 0 and Notification.objects.count() == 0
