"""A clerk at a desktop imports the office's messy roster and ledger through the admin: the dry run
lists the header found, the columns, every normalisation and every problem, passes axe-core, and a
confirmation imports. ``IMPORT_SCREENSHOTS=<folder>`` keeps the pages as PNG files (docs/import.md)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from deputies.models import Deputy, DeputyGroup
from tests.browser.support import axe_violations, log_in
from tests.factories.core import CategoryFactory, DistrictFactory, HandlingUnitFactory, TermFactory
from tests.imports.ledger import ledger, workbook
from tests.imports.test_roster_import import ROWS, TERM, _workbook

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seeded")]


def _keep(page: Any, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("IMPORT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    height = min(2400, int(page.evaluate("document.scrollingElement.scrollHeight")))
    page.screenshot(
        path=str(folder / name), full_page=True, clip={"x": 0, "y": 0, "width": 1366, "height": height}
    )


def test_the_clerk_checks_and_imports_the_roster(context, staff, tmp_path):
    TermFactory.create(name=TERM)
    DistrictFactory.create(name="城关区")
    DeputyGroup.objects.create(name="城关区代表小组", kind="territorial")
    bad = [list(row) for row in ROWS]
    bad[1][17] = "也许"
    page = context("desktop").new_page()
    log_in(page, staff.username, next_path="/admin/")
    page.goto("/admin/deputies/deputy/import/")
    upload = tmp_path / "代表名册.xlsx"
    upload.write_bytes(_workbook(bad))
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="检查文件（试运行）").click()
    expect(page.locator(".sheet-import")).to_contain_text("表头在第2行")
    expect(page.locator(".sheet-import")).to_contain_text("第4行「公开手机」列")
    assert axe_violations(page) == []
    _keep(page, tmp_path, "import-roster-dry-run.png")

    upload.write_bytes(_workbook(ROWS))
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="检查文件（试运行）").click()
    page.get_by_role("button", name="导入", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("新增 3 条")
    assert Deputy.objects.count() == 3


def test_the_clerk_checks_the_ledger_of_past_items(context, staff, tmp_path):
    units = ["示范市住房和城乡建设局", "示范市交通运输局", "示范市教育局"]
    for name in units:
        HandlingUnitFactory.create(name=name)
    for name in ("城关区", "七里河区"):
        DistrictFactory.create(name=name)
    CategoryFactory.create(code="education", name="教育")
    CategoryFactory.create(code="transport", name="交通出行")
    book = ledger(categories=["教育", "交通出行"], areas=["城关区", "七里河区"], units=units, per_year=15)
    upload = tmp_path / "历史台账.xlsx"
    upload.write_bytes(workbook(book))
    page = context("desktop").new_page()
    log_in(page, staff.username, next_path="/admin/")
    page.goto("/admin/suggestions/suggestion/history-import/")
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="检查文件（试运行）").click()
    expect(page.locator(".sheet-import")).to_contain_text("新增 45 条")
    assert axe_violations(page) == []
    _keep(page, tmp_path, "import-history-dry-run.png")
