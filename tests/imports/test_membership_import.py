"""编组进站 as an office keeps it: a workbook with a merged title row and the office's header names,
or a GB18030 CSV with full-width digits and 2022年1月6日 dates; deputies and stations named as the
office names them; a second import changes nothing; only the clerk's own body's deputies and
stations; every problem of a bad file in the first dry run, in Chinese."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congress.models import AuditEvent
from stations.models import StationMembership
from stations.resources import MembershipImporter, MembershipResource
from tests.factories.core import BodyFactory, DistrictFactory, TermFactory, body_staff
from tests.factories.deputies import DeputyFactory, StationFactory
from tests.imports.files import office_csv, office_workbook, run_import

pytestmark = pytest.mark.django_db

TITLE = "城关区代表编组进站名单"
HEADER = ["序号", "联络站名称", "代表姓名", "进站时间", "备注"]
ROWS: list[list[Any]] = [
    [1, "东岗街道代表联络站", "王\u3000芳", datetime.datetime(2022, 1, 6), ""],  # noqa: DTZ001 (an Excel date cell has no zone)
    [2, "东岗街道代表联络站", "李建国", "2022年1月6日", "连任"],
    [3, "团结新村代表之家", "李建国", "2022.01.06", ""],
]


@pytest.fixture
def district() -> dict[str, Any]:
    """A district's clerk, its term's deputies and its stations; a sibling district with its own."""
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
        "dong": StationFactory.create(name="东岗街道代表联络站", body=body),
        "tuan": StationFactory.create(name="团结新村代表之家", body=body),
        "zhao": DeputyFactory.create(name="赵敏", term=other_term),
        "xiyuan": StationFactory.create(name="西园街道代表联络站", body=sibling),
    }


def _run(data: bytes, name: str, user: Any, *, dry_run: bool = False) -> Any:
    return run_import(MembershipImporter(), data, name, user=user, dry_run=dry_run)


def test_the_office_list_imports_with_every_normalisation_shown(district: dict[str, Any]) -> None:
    data = office_workbook(TITLE, HEADER, ROWS)
    dry = _run(data, "名单.xlsx", district["clerk"], dry_run=True)
    assert dry.problems == [] and StationMembership.objects.count() == 0
    notes = {(note.row, note.column): note.after for note in dry.notes}
    assert notes[(3, "代表")] == "王芳"
    assert any(note.row == 1 for note in dry.notes) and any("合计" in str(note) for note in dry.notes)
    assert dry.table.unknown == ["序号", "备注"]
    assert [row.row for row in dry.rows] == [3, 4, 5] and all(row.identifier for row in dry.rows)

    done = _run(data, "名单.xlsx", district["clerk"])
    assert done.saved and done.counts["new"] == 3
    members = StationMembership.objects.filter(joined_on=datetime.date(2022, 1, 6))
    assert sorted(members.values_list("station__name", "deputy__name")) == [
        ("东岗街道代表联络站", "李建国"),
        ("东岗街道代表联络站", "王芳"),
        ("团结新村代表之家", "李建国"),
    ]
    # Written through the service: each membership audited on its station and its deputy.
    assert AuditEvent.objects.filter(action="membership_add", actor=district["clerk"]).count() == 6


def test_a_gb18030_csv_with_full_width_digits_and_chinese_dates_imports(district: dict[str, Any]) -> None:
    rows = [[1, "东岗街道代表联络站", "李建国", "２０２２年１月６日", ""]]
    outcome = _run(office_csv(TITLE, HEADER, rows), "名单.csv", district["clerk"])
    assert outcome.problems == [] and outcome.saved
    member = StationMembership.objects.get()
    assert (member.deputy, member.joined_on) == (district["li"], datetime.date(2022, 1, 6))


def test_a_second_import_of_the_same_list_changes_nothing(district: dict[str, Any]) -> None:
    data = office_workbook(TITLE, HEADER, ROWS)
    _run(data, "名单.xlsx", district["clerk"])
    before = list(StationMembership.objects.order_by("pk").values())
    events = AuditEvent.objects.count()
    again = _run(data, "名单.xlsx", district["clerk"])
    assert again.counts == {"new": 0, "update": 0, "same": 3, "invalid": 0}
    assert list(StationMembership.objects.order_by("pk").values()) == before
    assert AuditEvent.objects.count() == events


def test_a_row_naming_another_bodys_deputy_or_station_is_a_row_error(district: dict[str, Any]) -> None:
    rows = [
        ROWS[0],
        [2, "东岗街道代表联络站", "赵敏", "2022.01.06", ""],  # the sibling district's deputy
        [3, "西园街道代表联络站", "李建国", "2022.01.06", ""],  # the sibling district's station
        [4, "东岗街道代表联络站", district["zhao"].slug, "2022.01.06", ""],  # by identifier, too
    ]
    outcome = _run(office_workbook(TITLE, HEADER, rows), "名单.xlsx", district["clerk"])
    assert not outcome.saved and StationMembership.objects.count() == 0
    assert {(problem.row, problem.column) for problem in outcome.problems} == {
        (4, "代表"),
        (5, "站点"),
        (6, "代表"),
    }
    assert all(str(problem).startswith(f"第{problem.row}行") for problem in outcome.problems)


def test_every_problem_of_a_bad_file_is_in_the_first_dry_run_in_chinese(district: dict[str, Any]) -> None:
    rows = [
        [1, "东岗街道代表联络站", "王芳", "2022.02.30", ""],  # no such day
        [2, "不存在的联络站", "李建国", "2022.01.06", ""],  # no such station
        [3, "东岗街道代表联络站", "", "2022.01.06", ""],  # no deputy
        [4, "团结新村代表之家", "王芳", "2022.01", ""],  # no day
        [5, "团结新村代表之家", "李建国", "2099年1月1日", ""],  # refused by the service: in the future
    ]
    outcome = _run(office_workbook(TITLE, HEADER, rows), "名单.xlsx", district["clerk"], dry_run=True)
    assert {(problem.row, problem.column) for problem in outcome.problems} == {
        (3, "进站日期"),
        (4, "站点"),
        (5, "代表"),
        (6, "进站日期"),
        (7, "进站日期"),
    }
    texts = [str(problem) for problem in outcome.problems]
    assert texts[0].startswith("第3行「进站日期」列，值“2022.02.30”") and "2022年1月6日" in texts[0]
    assert any(text.startswith("第4行") and "不存在的联络站" in text for text in texts)
    assert any(text.startswith("第7行「进站日期」") for text in texts)
    assert all(not any("a" <= c.lower() <= "z" for c in problem.message) for problem in outcome.problems)
    assert StationMembership.objects.count() == 0


def test_the_admin_page_runs_the_dry_run_then_imports_on_confirmation(
    client: Any, district: dict[str, Any]
) -> None:
    client.force_login(district["clerk"])
    url = reverse("admin:stations_stationmembership_import")
    upload = SimpleUploadedFile("名单.csv", office_csv(TITLE, HEADER, ROWS[1:]), content_type="text/csv")
    page = client.post(url, {"import_file": upload}).content.decode()
    assert "试运行" in page and "东岗街道代表联络站 ← 李建国" in page
    assert StationMembership.objects.count() == 0
    token = re.search(r'name="token" value="([^"]+)"', page)
    assert token is not None
    assert client.post(url, {"token": token[1], "confirm": "1"}).status_code == 302
    assert StationMembership.objects.count() == 2


def test_the_admins_export_re_imports_unchanged(district: dict[str, Any]) -> None:
    _run(office_workbook(TITLE, HEADER, ROWS), "名单.xlsx", district["clerk"])
    exported = MembershipResource().export().export("xlsx")
    again = _run(exported, "导出.xlsx", district["clerk"])
    assert again.problems == [] and again.counts == {"new": 0, "update": 0, "same": 3, "invalid": 0}
    assert again.table.unknown == ["站点名称", "代表姓名"]  # read-only columns, listed
