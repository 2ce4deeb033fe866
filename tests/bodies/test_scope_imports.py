"""Spreadsheet imports put rows into the importing user's own bodies, never elsewhere: a new row
goes to the user's body (or one they name among those they write for); a row naming another
body, its term, deputy or station is refused; a lower body's row is found but not changed; a
sibling's is not found at all. Nothing is written when any row is refused."""

from __future__ import annotations

import pytest
import tablib

from congress.import_export_base import import_all_or_nothing
from congress.models import HandlingUnit
from congress.resources import HandlingUnitResource
from deputies.models import Deputy, DutyRecord
from deputies.resources import DeputyResource, DutyRecordResource
from stations.models import Station, StationMembership
from stations.resources import MembershipResource, StationResource

from .world import body_world

pytestmark = pytest.mark.django_db


def _import(resource, rows, headers, user):
    return import_all_or_nothing(resource, tablib.Dataset(*rows, headers=headers), dry_run=False, user=user)


UNIT_HEADERS = ["名称", "类型", "人大机构"]


def test_a_new_unit_goes_to_the_importing_users_body(network):
    user = network.staff["district"]
    _result, errors = _import(HandlingUnitResource(), [["甲区交通局", "政府部门", ""]], UNIT_HEADERS, user)
    assert errors == []
    assert HandlingUnit.objects.get(name="甲区交通局").body == network.district


def test_a_unit_may_go_to_a_body_the_user_writes_for_and_no_other(network):
    user = network.staff["district"]
    for body in (network.sibling, network.street, network.root):
        _result, errors = _import(
            HandlingUnitResource(), [[f"{body.pk}号局", "政府部门", body.name]], UNIT_HEADERS, user
        )
        assert errors, body
        assert not HandlingUnit.objects.filter(name=f"{body.pk}号局").exists()
    _result, errors = _import(
        HandlingUnitResource(), [["甲区水务局", "政府部门", network.district.name]], UNIT_HEADERS, user
    )
    assert errors == [] and HandlingUnit.objects.get(name="甲区水务局").body == network.district


def test_an_import_changes_no_unit_of_a_lower_or_sibling_body(network):
    user = network.staff["district"]
    for key in ("street", "sibling"):
        unit = network.units[key]
        _result, errors = _import(
            HandlingUnitResource(),
            [[unit.name, "政府部门", "甲区某人"]],
            ["名称", "类型", "联系人"],
            user,
        )
        fresh = HandlingUnit.objects.get(pk=unit.pk)
        assert errors, key
        assert (fresh.body_id, fresh.contact_name) == (unit.body_id, unit.contact_name)


def test_stations_deputies_duty_records_and_memberships_stay_in_the_users_bodies(network):
    sibling = body_world(network, "sibling", "乙区专属")
    child = body_world(network, "street", "甲街专属")
    user = network.staff["district"]
    area_code = network.areas["district"].code
    # A station of the sibling's or the street's body: refused; of the user's own: in their body.
    for body in (network.sibling, network.street):
        _r, errors = _import(
            StationResource(),
            [["", f"{body.pk}号代表之家", "人大代表之家", area_code, "某路1号", body.name]],
            ["公开标识", "名称", "类型", "区域代码", "地址", "人大机构"],
            user,
        )
        assert errors and not Station.objects.filter(name=f"{body.pk}号代表之家").exists()
    _r, errors = _import(
        StationResource(),
        [["", "甲区新家", "人大代表之家", area_code, "某路2号", ""]],
        ["公开标识", "名称", "类型", "区域代码", "地址", "人大机构"],
        user,
    )
    assert errors == [] and Station.objects.get(name="甲区新家").body == network.district
    # A deputy of the sibling's term, a duty record of the street's deputy, a membership of the
    # sibling's station and the street's deputy: each refused, nothing written.
    deputy_row = ["", "新代表", "female", "汉族", 1980, "cpc", "bachelor", "professional", "某单位", "county"]
    deputy_headers = [
        "公开标识",
        "姓名",
        "性别",
        "民族",
        "出生年份",
        "政治面貌",
        "学历",
        "职业类别",
        "工作单位",
    ]
    headers = [*deputy_headers, "代表层级", "届次", "选区或选举单位"]
    _r, errors = _import(
        DeputyResource(), [[*deputy_row, sibling.rows[Deputy].term.name, "某选区"]], headers, user
    )
    assert errors and all("届次" in line for line in errors), errors
    mine = body_world(network, "district", "甲区自有")
    _r, errors = _import(
        DeputyResource(), [[*deputy_row, mine.rows[Deputy].term.name, "某选区"]], headers, user
    )
    assert errors == [] and Deputy.objects.get(name="新代表").term.body == network.district
    before = (Deputy.objects.count(), DutyRecord.objects.count(), StationMembership.objects.count())
    _r, errors = _import(
        DutyRecordResource(),
        [[child.rows[Deputy].slug, "other", "2026-05-01", "甲区代录"]],
        ["代表", "类型", "日期", "说明"],
        user,
    )
    assert errors and all("代表" in line for line in errors), errors
    _r, errors = _import(
        MembershipResource(),
        [[sibling.rows[Station].slug, child.rows[Deputy].slug, "2026-05-01"]],
        ["站点", "代表", "进站日期"],
        user,
    )
    # Both refused: the sibling's station, and the street's deputy (not one of the user's own).
    assert len(errors) == 2 and "站点" in errors[0] and "代表" in errors[1], errors
    assert (Deputy.objects.count(), DutyRecord.objects.count(), StationMembership.objects.count()) == before
