"""The report page says honestly what a queued document waits for: its place in the queue, how long
documents of its kind took before, and that the worker is busy or silent when it waits too long."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from congress.models import WorkerHeartbeat
from congress.reports.models import Report
from congress.reports.waiting import report_wait

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.UTC)


def _report(*, status: str = Report.Status.QUEUED, created: datetime.datetime = NOW, took: int | None = None):
    report = Report.objects.create(
        kind=Report.Kind.ANNUAL,
        title="示范市人大常委会2025年度报告",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        status=status,
    )
    finished = created + datetime.timedelta(minutes=took) if took is not None else None
    Report.objects.filter(pk=report.pk).update(created_at=created, finished_at=finished)
    report.refresh_from_db()
    return report


def _beat(at: datetime.datetime) -> None:
    WorkerHeartbeat.objects.update_or_create(name="worker@host", defaults={"last_seen": at})


def test_a_queued_document_says_how_many_are_ahead_and_how_long_its_kind_took():
    for took in (3, 4, 5):
        _report(status=Report.Status.DONE, created=NOW - datetime.timedelta(days=took), took=took)
    _report(status=Report.Status.RUNNING, created=NOW - datetime.timedelta(minutes=2))
    _report(created=NOW - datetime.timedelta(minutes=1))
    mine = _report(created=NOW)
    _beat(NOW - datetime.timedelta(seconds=30))
    text = report_wait(mine, now=NOW + datetime.timedelta(seconds=20))
    assert "前面还有2份文件" in text
    assert "约4分钟" in text  # the median of 3, 4 and 5 minutes
    assert "比平时久" not in text and "没有响应" not in text


def test_the_first_document_of_its_kind_says_there_is_no_estimate_yet():
    mine = _report(created=NOW)
    _beat(NOW)
    text = report_wait(mine, now=NOW + datetime.timedelta(seconds=5))
    assert "下一份就是本文件" in text and "暂时无法估计" in text


def test_a_long_wait_with_a_live_worker_says_the_worker_is_busy():
    _report(status=Report.Status.DONE, created=NOW - datetime.timedelta(days=1), took=2)
    mine = _report(created=NOW)
    _beat(NOW + datetime.timedelta(minutes=9))
    text = report_wait(mine, now=NOW + datetime.timedelta(minutes=10))
    assert "已等待10分钟，比平时久" in text


def test_a_wait_without_a_worker_heartbeat_says_no_worker_is_answering():
    mine = _report(created=NOW)
    _beat(NOW - datetime.timedelta(hours=1))
    text = report_wait(mine, now=NOW + datetime.timedelta(minutes=5))
    assert "没有响应" in text and "联系运维人员" in text


def test_a_ready_document_has_nothing_to_wait_for():
    assert report_wait(_report(status=Report.Status.DONE, took=1), now=NOW) == ""


def test_the_progress_page_and_its_status_carry_the_wait(client):
    from tests.factories.core import UserFactory

    mine = _report(created=timezone.now())
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:reports_report_progress", args=[mine.pk])).content.decode()
    assert 'id="report-wait"' in page and "下一份就是本文件" in page
    status = client.get(reverse("admin:reports_report_status", args=[mine.pk])).json()
    assert "下一份就是本文件" in status["wait"]
