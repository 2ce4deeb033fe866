"""The deputy's annual duty report (履职报告) as a PDF through the shared PDF module."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from congress import roles
from deputies import services
from tests.factories.core import UserFactory
from tests.factories.deputies import DeputyFactory, ReportBackFactory
from tests.reports.pdftext import pdf_text

pytestmark = pytest.mark.django_db


def test_the_deputy_downloads_the_duty_report_of_the_year(client) -> None:
    deputy = DeputyFactory.create(user=UserFactory.create(), name="欧阳明")
    services.duty_record_add(
        deputy=deputy, kind="training", on=dt.date(2026, 5, 6), note="代表履职学习培训班"
    )
    services.report_back_publish(
        report_back=ReportBackFactory.create(deputy=deputy, held_on=dt.date(2026, 11, 2), year=2026)
    )
    client.force_login(deputy.user)
    response = client.get(reverse("dashboard-duty-report"), {"year": 2026})
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "欧阳明代表2026年度履职报告" in text
    assert "代表履职学习培训班" in text and "2026年度履职情况报告" in text
    assert "三、履职积分" in text and "执行代表职务" in text


def test_a_frozen_year_prints_the_frozen_result(client, time_machine) -> None:
    time_machine.move_to(dt.datetime(2027, 1, 20, 10, 0, tzinfo=dt.UTC))
    deputy = DeputyFactory.create(user=UserFactory.create())
    services.duty_record_add(deputy=deputy, kind="training", on=dt.date(2026, 5, 6))
    services.evaluation_freeze(deputy=deputy, year=2026, is_excellent=True)
    client.force_login(deputy.user)
    text = pdf_text(client.get(reverse("dashboard-duty-report"), {"year": 2026}).content)
    assert "定稿" in text and "优秀代表" in text


def test_staff_download_any_deputys_report_and_others_cannot(client) -> None:
    deputy = DeputyFactory.create(name="许文")
    url = reverse("deputy-report-duty", args=[deputy.slug])
    client.force_login(DeputyFactory.create(user=UserFactory.create()).user)
    assert client.get(url).status_code == 404
    roles.roles_sync()
    staff = UserFactory.create(is_staff=True)
    roles.role_grant(user=staff, code=roles.COMMITTEE_STAFF)
    client.force_login(staff)
    assert "许文代表" in pdf_text(client.get(url, {"year": 2026}).content)
