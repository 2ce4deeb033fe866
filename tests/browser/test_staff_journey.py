"""Staff at a desktop: the triage queue passes axe-core, and the annual report is requested, its
progress followed, and the PDF downloaded, all from the admin. The task runs eagerly here (the
test settings queue tasks in memory and never run them)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from congress.celery import app as celery_app
from congress.reports.models import Report
from tests.browser.support import axe_violations, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seeded")]


@pytest.fixture
def eager_tasks():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def test_the_triage_queue_passes_axe(context, staff, make):
    make("submitted", title="公交站台破损")
    page = context("desktop").new_page()
    log_in(page, staff.username, next_path="/admin/")
    page.goto("/admin/suggestions/triageitem/")
    expect(page.locator("#result_list")).to_contain_text("公交站台破损")
    assert axe_violations(page) == []
    page.goto("/admin/suggestions/suggestion/")
    assert axe_violations(page) == []


def test_staff_generate_and_download_the_annual_report(context, staff, make, eager_tasks, tmp_path):
    make("closed")
    year = timezone.localdate().year
    page = context("desktop").new_page()
    log_in(page, staff.username, next_path="/admin/")
    page.goto("/admin/reports/report/generate/")
    page.locator("#id_kind").select_option("annual")
    page.locator("#id_year").select_option(str(year))
    # Generation runs inside this request here (eager task), so the page takes a while to answer.
    page.get_by_role("button", name="生成", exact=True).click(timeout=120_000)

    # The progress page: the bar reaches 100% and the download links appear.
    page.locator("#report-bar").wait_for(state="visible")
    page.locator("#report-links").wait_for(state="visible", timeout=60_000)
    assert page.locator("#report-percent").inner_text() == "100%"
    assert page.locator("#report-status").inner_text() == "已生成"
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载文件").click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.suffix == ".pdf" and saved.read_bytes().startswith(b"%PDF")
    assert Report.objects.get().status == Report.Status.DONE
