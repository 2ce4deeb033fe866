"""The admin's import pages: upload, a dry run listing the mapping, the normalisations and the
problems, the clerk mapping an unknown column, then the import; and the templates to download."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from congress.notifications.models import Notification
from deputies.models import Deputy
from suggestions.models import Suggestion
from tests.imports.test_roster_import import ROWS, _workbook, setting  # noqa: F401

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(client: Any, url: str, data: bytes, name: str = "名册.xlsx") -> str:
    response = client.post(url, {"import_file": SimpleUploadedFile(name, data, content_type=XLSX)})
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_roster_page_shows_the_dry_run_then_imports_on_confirmation(client, clerk, setting) -> None:  # noqa: F811
    client.force_login(clerk)
    url = reverse("admin:deputies_deputy_import")
    page = _upload(client, url, _workbook(ROWS))
    assert "试运行" in page and "表头在第2行" in page
    assert "<td>民族</td><td>汉</td><td>汉族</td>" in page and "已跳过合计行" in page
    assert "未识别的列" in page and "备注" in page
    assert Deputy.objects.count() == 0
    token = re.search(r'name="token" value="([^"]+)"', page)
    assert token is not None
    response = client.post(
        url, {"token": token[1], "confirm": "1", "map::代表姓名": "姓名", "map::序号": "", "map::备注": ""}
    )
    assert response.status_code == 302
    assert Deputy.objects.count() == 3


def test_problems_are_listed_with_the_sheet_row_and_nothing_is_saved(client, clerk, setting) -> None:  # noqa: F811
    client.force_login(clerk)
    bad = [list(row) for row in ROWS]
    bad[1][17] = "也许"
    page = _upload(client, reverse("admin:deputies_deputy_import"), _workbook(bad))
    assert "第4行「公开手机」列，值“也许”：不是“是”或“否”。；可填写：是、否" in page
    assert 'name="confirm"' not in page and Deputy.objects.count() == 0


def test_a_csv_in_gbk_is_read_and_an_old_xls_is_refused_in_chinese(client, clerk, setting) -> None:  # noqa: F811
    client.force_login(clerk)
    url = reverse("admin:deputies_deputy_import")
    page = _upload(client, url, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "名册.xls")
    assert "无法读取旧版 Excel 文件" in page


def test_each_import_offers_a_template_naming_every_column(client, clerk) -> None:
    client.force_login(clerk)
    for name in (
        "admin:deputies_deputy_import_template",
        "admin:stations_station_import_template",
        "admin:congress_handlingunit_import_template",
        "admin:suggestions_suggestion_history_import_template",
        "admin:stations_stationmembership_import_template",
        "admin:deputies_dutyrecord_import_template",
        "admin:suggestions_suggestion_import_template",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        book = load_workbook(io.BytesIO(response.content))
        headers = [cell.value for cell in book.worksheets[0][1]]
        guide = [row[0].value for row in book["填写说明"].iter_rows(min_row=2)]
        assert headers and headers == guide


def test_the_history_page_imports_the_ledger_and_sends_nothing(client, clerk) -> None:
    from tests.factories.core import HandlingUnitFactory

    HandlingUnitFactory.create(name="示范市教育局")
    client.force_login(clerk)
    csv = (
        "示范市人大常委会办理台账\r\n"
        "办件编号,登记日期,来源,反映内容,承办单位,交办时间,答复时间,答复类别,满意度测评,办结时间\r\n"
        "2024-0001,2024年3月1日,来信,学校门口拥堵,示范市教育局,2024.03.04,2024.03.20,A类,满意,2024.03.25\r\n"
        "合计,1件\r\n"
    ).encode("gb18030")
    url = reverse("admin:suggestions_suggestion_history_import")
    page = _upload(client, url, csv, "台账.csv")
    assert "新增 1 条" in page and "2024-0001 →" in page
    token = re.search(r'name="token" value="([^"]+)"', page)
    assert token is not None
    assert client.post(url, {"token": token[1], "confirm": "1"}).status_code == 302
    item = Suggestion.objects.get()
    assert (item.office_ref, item.status, item.body_id is not None) == ("2024-0001", "closed", True)
    assert Notification.objects.count() == 0


def test_the_import_pages_are_refused_without_the_permissions(client) -> None:
    from tests.factories.core import UserFactory

    client.force_login(UserFactory.create(username="reader", is_staff=True))
    assert client.get(reverse("admin:deputies_deputy_import")).status_code == 403
    assert client.get(reverse("admin:suggestions_suggestion_history_import")).status_code == 403
