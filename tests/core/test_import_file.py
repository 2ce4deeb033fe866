"""``manage.py import_file``: the admin's import from the command line, all or nothing, errors in
Chinese."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from congress.models import Area, HandlingUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return Area.objects.create(name="临江市", code="330100", level=Area.Level.CITY)


def test_districts_then_streets_then_units_are_imported(tmp_path, city):
    districts = tmp_path / "districts.csv"
    districts.write_text("名称,区域代码,层级,上级区域代码\n上城区,330102,区/县,330100\n", encoding="utf-8")
    streets = tmp_path / "streets.csv"
    streets.write_text(
        "名称,区域代码,层级,上级区域代码\n湖滨街道,330102001,街道/乡镇,330102\n", encoding="utf-8"
    )
    units = tmp_path / "units.csv"
    units.write_text(
        "名称,简称,类型,区域代码,启用\n临江市住房和城乡建设局,市住建局,政府部门,330100,是\n", encoding="utf-8"
    )
    for kind, path in (("areas", districts), ("areas", streets), ("units", units)):
        call_command("import_file", kind, str(path))
    street = Area.objects.get(code="330102001")
    assert street.parent is not None and street.parent.code == "330102"
    assert HandlingUnit.objects.filter(name="临江市住房和城乡建设局", area=city).exists()


def test_a_bad_row_imports_nothing_and_says_why_in_chinese(tmp_path, city):
    path = tmp_path / "areas.csv"
    path.write_text(
        "名称,区域代码,层级,上级区域代码\n上城区,330102,区/县,330100\n西湖区,330106,区县,330100\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="未导入任何一行"):
        call_command("import_file", "areas", str(path))
    assert not Area.objects.filter(code__in=["330102", "330106"]).exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused_in_chinese(tmp_path):
    path = tmp_path / "deputies.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(CommandError, match="只能导入"):
        call_command("import_file", "deputies", str(path))
