"""Stations and handling units from the office's lists: header names mapped, a GB18030 CSV read, a
second import matched on name (and area) instead of added again, new rows in the clerk's body."""

from __future__ import annotations

from typing import Any

import pytest

from congress.models import HandlingUnit
from congress.resources import UnitImporter
from congress.spreadsheets import read_sheet
from stations.models import Station
from stations.resources import StationImporter
from tests.factories.core import BodyFactory, StreetFactory, body_staff

pytestmark = pytest.mark.django_db


def _run(importer: Any, text: str, user: Any = None, *, dry_run: bool = False) -> Any:
    table = importer.prepare(read_sheet(text.encode("gb18030"), "list.csv"))
    return importer.run(table, dry_run=dry_run, user=user)


def test_the_station_list_imports_and_a_second_import_changes_nothing() -> None:
    StreetFactory.create(code="620102001")
    text = (
        "城关区代表联络站一览表\r\n"
        "站点名称,站点类型,区划代码,详细地址,联系电话,建设状态\r\n"
        "东岗街道代表联络站,联络站,620102001,东岗西路１号,0931-888 8888,已建\r\n"
        "合计,1\r\n"
    )
    first = _run(StationImporter(), text)
    assert first.problems == [] and first.counts["new"] == 1
    station = Station.objects.get()
    assert (station.kind, station.status, station.address) == ("liaison", "built", "东岗西路1号")
    again = _run(StationImporter(), text)
    assert again.counts == {"new": 0, "update": 0, "same": 1, "invalid": 0}
    assert Station.objects.count() == 1


def test_new_units_belong_to_the_importing_clerks_body() -> None:
    district = BodyFactory.create()
    clerk = body_staff(district)
    text = "单位名称,单位类型,经办人,电话,是否启用\r\n城关区住建局,部门,张　三,138-0000-1234,是\r\n"
    outcome = _run(UnitImporter(), text, clerk)
    assert outcome.problems == []
    unit = HandlingUnit.objects.get(name="城关区住建局")
    assert (unit.body_id, unit.contact_name, unit.contact_phone, unit.is_active) == (
        district.pk,
        "张三",
        "13800001234",
        True,
    )
    assert _run(UnitImporter(), text, clerk).counts["same"] == 1
