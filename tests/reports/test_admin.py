"""The reports pages in the admin: staff generate and read, leaders read only, unit officers and
deputies have no access; the statistics dashboard, its league table and its exports."""

from __future__ import annotations

import csv
import io
from unittest import mock

import openpyxl
import pytest
from django.urls import reverse

from congress.reports.league import league
from congress.reports.models import Report
from congress.reports.tasks import generate_report

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("reports_test_admin")]

STATISTICS = reverse("admin:reports_statistics")
GENERATE = reverse("admin:reports_report_generate")


def _client(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["staff", "leader"])
def test_staff_and_leaders_see_the_statistics(client, committee, who):
    response = _client(client, committee[who]).get(STATISTICS + "?year=2025")
    assert response.status_code == 200
    assert "承办单位排名" in response.content.decode()


@pytest.mark.parametrize("who", ["officer", "deputy"])
def test_unit_officers_and_deputies_have_no_access(client, committee, who):
    for url in (STATISTICS, GENERATE, reverse("admin:reports_report_changelist")):
        response = _client(client, committee[who]).get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_leader_reads_reports_but_cannot_generate_one(client, committee):
    leader = _client(client, committee["leader"])
    assert leader.get(reverse("admin:reports_report_changelist")).status_code == 200
    assert leader.get(GENERATE).status_code == 403
    assert leader.post(GENERATE, {"kind": "annual", "year": "2025"}).status_code == 403
    assert Report.objects.count() == 0


def test_staff_generate_the_annual_report_and_follow_its_progress(
    client, committee, django_capture_on_commit_callbacks
):
    staff = _client(client, committee["staff"])
    with (
        mock.patch.object(generate_report, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = staff.post(GENERATE, {"kind": "annual", "year": "2025"})
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:reports_report_progress", args=[report.pk])
    delay.assert_called_once_with(report.pk)
    state = staff.get(reverse("admin:reports_report_status", args=[report.pk])).json()
    assert (state["status"], state["progress"], state["file"]) == ("queued", 0, "")
    page = staff.get(response["Location"]).content.decode()
    assert "<progress" in page and "reports/progress.js" in page


def test_a_station_register_without_a_station_is_a_form_error(client, committee):
    response = _client(client, committee["staff"]).post(
        GENERATE, {"kind": "station_register", "year": "2025"}
    )
    assert response.status_code == 200
    assert "请选择站点" in response.content.decode()
    assert Report.objects.count() == 0


def test_the_admin_index_links_the_dashboard_for_staff(client, committee):
    page = _client(client, committee["staff"]).get(reverse("admin:index")).content.decode()
    assert STATISTICS in page


def _row(unit: str, rated: int, satisfied: int, on_time: int = 5, judged: int = 10) -> dict:
    return {
        "unit": unit,
        "rated_items": rated,
        "assigned": judged,
        "satisfaction_rate": {
            "numerator": satisfied,
            "denominator": rated,
            "rate": satisfied / rated if rated else None,
        },
        "on_time_rate": {"numerator": on_time, "denominator": judged, "rate": on_time / judged},
    }


def test_only_units_with_at_least_ten_rated_items_are_ranked():
    table = league(
        [_row("甲局", 10, 9), _row("乙局", 9, 9), _row("丙局", 25, 20), _row("丁局", 0, 0)], minimum=10
    )
    assert [(row["rank"], row["unit"]) for row in table["ranked"]] == [(1, "甲局"), (2, "丙局")]
    assert [row["unit"] for row in table["insufficient"]] == ["乙局", "丁局"]


def test_equal_figures_share_a_rank():
    table = league([_row("甲局", 10, 8), _row("乙局", 20, 16)], minimum=10)
    assert [row["rank"] for row in table["ranked"]] == [1, 1]


def test_the_league_table_on_the_dashboard_shows_small_samples(client, committee, city):
    page = _client(client, committee["staff"]).get(STATISTICS + "?year=2025").content.decode()
    assert "样本不足" in page and "n=" in page


def test_every_dashboard_table_exports_to_xlsx_and_csv(client, committee, city):
    staff = _client(client, committee["staff"])
    for table in ("headline", "month", "category", "channel", "district", "league"):
        xlsx = staff.get(reverse("admin:reports_statistics_export", args=[table, "xlsx"]) + "?year=2025")
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
        assert sheet.max_row > 1, table
        text = staff.get(
            reverse("admin:reports_statistics_export", args=[table, "csv"]) + "?year=2025"
        ).content
        rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
        assert len(rows) == sheet.max_row, table


def test_the_dashboard_filters_by_unit(client, committee, city):
    from congress.models import HandlingUnit

    unit = HandlingUnit.objects.get(name="测试市第1局")
    staff = _client(client, committee["staff"])
    csv_all = staff.get(
        reverse("admin:reports_statistics_export", args=["league", "csv"]) + "?year=2025"
    ).content
    csv_one = staff.get(
        reverse("admin:reports_statistics_export", args=["league", "csv"]) + f"?year=2025&unit={unit.pk}"
    ).content
    rows = list(csv.reader(io.StringIO(csv_one.decode("utf-8-sig"))))[1:]
    assert [row[1] for row in rows] == [unit.name]
    assert len(csv_all) > len(csv_one)


def test_the_dashboard_runs_a_fixed_number_of_queries(client, committee, city, django_assert_max_num_queries):
    staff = _client(client, committee["staff"])
    staff.get(STATISTICS + "?year=2025")
    with django_assert_max_num_queries(40):
        assert staff.get(STATISTICS + "?year=2025").status_code == 200
