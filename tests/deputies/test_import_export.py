"""Spreadsheet import/export: good files, bad rows named by row and column in Chinese with nothing
saved, and exports that re-import unchanged (xlsx and csv)."""

from __future__ import annotations

import pytest
import tablib

from congress.import_export_base import import_all_or_nothing
from congress.models import HandlingUnit
from congress.resources import HandlingUnitResource
from deputies.models import Deputy, DeputyGroup
from deputies.resources import DeputyResource
from stations.models import Station, StationMembership
from stations.resources import MembershipResource, StationResource
from tests.factories.core import DistrictFactory, HandlingUnitFactory, StreetFactory, TermFactory
from tests.factories.deputies import DeputyFactory, StationFactory
from tests.factories.stations import MembershipFactory

pytestmark = pytest.mark.django_db

HEADERS = [
    "姓名", "性别", "民族", "出生年份", "政治面貌", "学历", "职业类别", "工作单位", "代表层级", "届次",
    "选区或选举单位", "所在区县", "代表小组", "专长", "手机",
]  # fmt: skip


@pytest.fixture
def setting() -> dict[str, object]:
    term = TermFactory.create()
    district = DistrictFactory.create(name="城关区")
    DeputyGroup.objects.create(name="城关区代表小组", kind="territorial")
    return {"term": term, "district": district}


def _rows(*rows: list[object]) -> tablib.Dataset:
    return tablib.Dataset(*rows, headers=HEADERS)


def _good(name: str = "王建国", **changes: object) -> list[object]:
    row: dict[str, object] = {
        "姓名": name, "性别": "男", "民族": "汉族", "出生年份": 1972, "政治面貌": "中国共产党",
        "学历": "大学本科", "职业类别": "工人", "工作单位": "示范市钢铁厂", "代表层级": "市级",
        "届次": "示范市第十七届人民代表大会", "选区或选举单位": "城关区选举单位", "所在区县": "城关区",
        "代表小组": "城关区代表小组", "专长": "教育、医疗", "手机": "13912345678",
    }  # fmt: skip
    row.update(changes)
    return [row[h] for h in HEADERS]


def test_a_good_file_creates_deputies_with_relations(setting) -> None:
    result, errors = import_all_or_nothing(
        DeputyResource(), _rows(_good(), _good("李秀英", 性别="女")), dry_run=False
    )
    assert errors == []
    assert result.totals["new"] == 2
    deputy = Deputy.objects.get(name="王建国")
    assert deputy.gender == "male" and deputy.party == "cpc" and deputy.level == "municipal"
    assert deputy.area == setting["district"] and deputy.expertise == ["教育", "医疗"]
    assert list(deputy.groups.values_list("name", flat=True)) == ["城关区代表小组"]
    assert len(deputy.slug) == 8


def test_dry_run_previews_without_saving(setting) -> None:
    result, errors = import_all_or_nothing(DeputyResource(), _rows(_good()), dry_run=True)
    assert errors == [] and result.totals["new"] == 1
    assert not Deputy.objects.exists()


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_saved(setting) -> None:
    dataset = _rows(
        _good(),
        _good("坏行一", 出生年份="一九七二", 性别="男性"),
        _good("坏行二", 届次="第九十九届", 代表小组="不存在的小组"),
    )
    result, errors = import_all_or_nothing(DeputyResource(), dataset, dry_run=False)
    assert not Deputy.objects.exists()
    assert result.has_validation_errors()
    assert "第3行「出生年份」列：不是有效的数字。" in errors
    assert any(e.startswith("第3行「性别」列：“男性”不是可选值之一") for e in errors)
    assert any(e.startswith("第4行「届次」列：找不到") for e in errors)
    assert any(e.startswith("第4行「代表小组」列：找不到") and "不存在的小组" in e for e in errors)


def test_a_missing_required_value_is_reported_by_column(setting) -> None:
    _result, errors = import_all_or_nothing(DeputyResource(), _rows(_good(工作单位="")), dry_run=False)
    assert any(e.startswith("第2行「工作单位」列：") for e in errors)


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_deputy_export_reimports_unchanged(setting, file_format: str) -> None:
    import_all_or_nothing(
        DeputyResource(), _rows(_good(), _good("李秀英", 性别="女", 专长="")), dry_run=False
    )
    DeputyFactory.create(
        name="赵六", phone_is_public=True, pledges="多走访\n多倾听", status="resigned", status_reason="调动"
    )
    before = list(Deputy.objects.order_by("pk").values())
    exported = DeputyResource().export()
    reloaded = tablib.Dataset().load(exported.export(file_format), format=file_format)

    result, errors = import_all_or_nothing(DeputyResource(), reloaded, dry_run=False)

    assert errors == []
    assert result.totals["skip"] == 3 and result.totals["update"] == 0 and result.totals["new"] == 0
    assert list(Deputy.objects.order_by("pk").values()) == before


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_station_membership_and_unit_exports_reimport_unchanged(file_format: str) -> None:
    parent = StationFactory.create(latitude="36.061089", longitude="103.834304", brand_name="有事好商量")
    StationFactory.create(parent=parent, area=StreetFactory.create(), kind=Station.Kind.CONTACT_POINT)
    MembershipFactory.create(station=parent)
    unit = HandlingUnitFactory.create()
    HandlingUnitFactory.create(parent=unit, contact_phone="0931-1234567")
    for resource_class, model in (
        (StationResource, Station),
        (MembershipResource, StationMembership),
        (HandlingUnitResource, HandlingUnit),
    ):
        before = list(model.objects.order_by("pk").values())
        data = resource_class().export().export(file_format)
        result, errors = import_all_or_nothing(
            resource_class(), tablib.Dataset().load(data, format=file_format), dry_run=False
        )
        assert errors == [], resource_class
        assert result.totals["update"] == 0 and result.totals["new"] == 0
        assert list(model.objects.order_by("pk").values()) == before


def test_membership_import_refuses_unknown_deputies_and_saves_nothing() -> None:
    station = StationFactory.create()
    deputy = DeputyFactory.create()
    dataset = tablib.Dataset(
        [station.slug, deputy.slug, ""], [station.slug, "nosuchdp", ""], headers=["站点", "代表", "进站日期"]
    )
    _result, errors = import_all_or_nothing(MembershipResource(), dataset, dry_run=False)
    assert not StationMembership.objects.exists()
    assert errors == ["第3行「代表」列：在您所在机构可管理的范围内找不到代表“nosuchdp”。"], errors
