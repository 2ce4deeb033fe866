"""The report pages per body: a body's staff read their body's statistics and reports (with the
bodies below it) and nothing of a sibling's or a parent's — any other body is not found (404)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from congress.reports.models import Report
from tests.bodies.conftest import Network

pytestmark = pytest.mark.django_db

STATISTICS = reverse("admin:reports_statistics")
GENERATE = reverse("admin:reports_report_generate")


def _as(client, user):
    client.force_login(user)
    return client


def _report(body) -> Report:
    return Report.objects.create(
        kind=Report.Kind.ANNUAL,
        title=f"{body.name}2025年度报告",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        body=body,
        status=Report.Status.DONE,
    )


def test_a_district_reads_its_own_statistics_with_the_bodies_below_it(client, network: Network):
    page = _as(client, network.staff["district"]).get(STATISTICS + "?year=2025")
    assert page.status_code == 200
    text = page.content.decode()
    assert network.district.name in text
    assert 'id="bodies-table"' in text
    assert network.street.name in text and network.sibling.name not in text


def test_the_city_compares_its_districts(client, network: Network):
    text = _as(client, network.staff["root"]).get(STATISTICS + "?year=2025").content.decode()
    assert 'id="bodies-table"' in text
    assert network.district.name in text and network.sibling.name in text


def test_a_street_has_no_comparison(client, network: Network):
    text = _as(client, network.staff["street"]).get(STATISTICS).content.decode()
    assert 'id="bodies-table"' not in text


@pytest.mark.parametrize("other", ["sibling", "root"])
def test_another_body_statistics_are_not_found(client, network: Network, other):
    staff = _as(client, network.staff["district"])
    body = getattr(network, other).pk
    assert staff.get(f"{STATISTICS}?body={body}").status_code == 404
    export = reverse("admin:reports_statistics_export", args=["league", "csv"])
    assert staff.get(f"{export}?body={body}").status_code == 404


@pytest.mark.parametrize("value", ["abc", "99999", "1.5", "-1"])
def test_a_body_parameter_that_is_no_body_of_yours_is_not_found(client, network: Network, value):
    assert _as(client, network.staff["district"]).get(f"{STATISTICS}?body={value}").status_code == 404


def test_the_city_reads_a_district_statistics(client, network: Network):
    page = _as(client, network.staff["root"]).get(f"{STATISTICS}?body={network.district.pk}")
    assert page.status_code == 200 and network.district.name in page.content.decode()


def test_reports_of_a_sibling_or_a_parent_are_not_found(client, network: Network):
    city, sibling, own = _report(network.root), _report(network.sibling), _report(network.district)
    staff = _as(client, network.staff["district"])
    listing = staff.get(reverse("admin:reports_report_changelist")).content.decode()
    assert own.title in listing and city.title not in listing and sibling.title not in listing
    for report in (city, sibling):
        for url in (
            reverse("admin:reports_report_progress", args=[report.pk]),
            reverse("admin:reports_report_status", args=[report.pk]),
            reverse("admin:reports_report_download", args=[report.pk, "file"]),
        ):
            assert staff.get(url).status_code == 404, url
    # The city sees the district's report (the bodies below it), not the other way round.
    city_staff = _as(client, network.staff["root"])
    assert city_staff.get(reverse("admin:reports_report_status", args=[own.pk])).status_code == 200


def test_a_report_of_a_sibling_cannot_be_requested(client, network: Network):
    staff = _as(client, network.staff["district"])
    response = staff.post(GENERATE, {"kind": "annual", "year": "2025", "body": network.sibling.pk})
    assert response.status_code == 200
    assert Report.objects.count() == 0


def test_a_district_report_is_the_district_s(client, network: Network, django_capture_on_commit_callbacks):
    staff = _as(client, network.staff["district"])
    with django_capture_on_commit_callbacks(execute=False):
        response = staff.post(GENERATE, {"kind": "annual", "year": "2025"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.body == network.district and network.district.name in report.title
