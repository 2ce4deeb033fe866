"""Liaison workbench, staff reports (deputies in no station, inspection ranking), the checklist as
data, and the admin: changelists with pinned queries, the import preview in Chinese."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from congress import roles
from congress.errors import DomainError
from deputies.models import Deputy, DutyRecord
from stations.models import Checklist, Compliance, Reception
from stations.selectors import deputies_without_station, inspection_ranking, station_checklist
from stations.services import booking_create, compliance_set, inspection_record, qr_code_issue
from tests.factories.core import UserFactory
from tests.factories.deputies import DeputyFactory, StationFactory
from tests.factories.stations import MembershipFactory, ReceptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    roles.roles_sync()
    user = UserFactory.create(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.COMMITTEE_STAFF))
    return user


@pytest.fixture
def liaison():
    roles.roles_sync()
    user = UserFactory.create()
    user.groups.add(Group.objects.get(name=roles.STATION_LIAISON))
    return user


def test_default_checklist_is_eight_haves_and_four_publics() -> None:
    checklist = Checklist.objects.get(is_default=True)
    assert checklist.name == "八有四公开"
    assert checklist.items.filter(group="have").count() == 8
    assert checklist.items.filter(group="public").count() == 4


def test_compliance_with_evidence_shows_on_the_station_checklist(staff) -> None:
    station = StationFactory.create()
    item = Checklist.objects.get(is_default=True).items.all()[0]
    compliance_set(
        station=station,
        item=item,
        is_met=True,
        evidence=SimpleUploadedFile("rules.pdf", b"%PDF-1.4"),
        actor=staff,
    )
    rows = station_checklist(station)
    assert rows[0][1] is not None and rows[0][1].is_met and rows[0][1].evidence.name.endswith(".pdf")
    assert Compliance.objects.get().checked_by == staff


def test_inspections_rank_stations_and_ties_share_a_rank() -> None:
    first, second, third = StationFactory.create(), StationFactory.create(), StationFactory.create()
    day = dt.date(2026, 6, 1)
    for station, score in ((first, 20), (second, 25), (third, 20)):
        inspection_record(
            station=station,
            inspected_on=day,
            hardware=Decimal(score),
            rules=Decimal(20),
            records=Decimal(20),
            activities=Decimal(20),
        )
    ranking = inspection_ranking(year=2026)
    assert ranking[0]["station_id"] == second.pk
    assert [row["rank"] for row in ranking] == [1, 2, 2]
    assert ranking[0]["best"] == Decimal(85)


def test_an_inspection_score_above_the_maximum_is_refused() -> None:
    with pytest.raises(DomainError) as error:
        inspection_record(
            station=StationFactory.create(),
            inspected_on=dt.date(2026, 6, 1),
            hardware=Decimal(26),
            rules=Decimal(1),
            records=Decimal(1),
            activities=Decimal(1),
        )
    assert error.value.field == "hardware"


def test_report_lists_active_deputies_in_no_station(client, staff) -> None:
    alone = DeputyFactory.create(name="孤单代表")
    DeputyFactory.create(name="已离任", status="resigned")
    MembershipFactory.create(deputy=DeputyFactory.create(name="已进站"))
    assert list(deputies_without_station()) == [alone]
    client.force_login(staff)
    html = client.get(reverse("station-report-unassigned")).content.decode()
    assert "孤单代表" in html and "已进站" not in html and "已离任" not in html


def test_reports_are_for_staff_only(client, liaison) -> None:
    client.force_login(liaison)
    assert client.get(reverse("station-report-ranking")).status_code == 404


def test_liaison_records_a_held_reception_of_their_station(client, liaison) -> None:
    membership = MembershipFactory.create()
    membership.station.liaisons.add(liaison)
    reception = ReceptionFactory.create(station=membership.station, date=timezone.localdate())
    booking_create(reception=reception, name="欧阳修远", mobile="13912345678", topic="路灯")
    client.force_login(liaison)

    page = client.get(reverse("reception-record", args=[reception.pk])).content.decode()
    assert "欧***" in page and "139****5678" in page and "13912345678" not in page

    response = client.post(
        reverse("reception-record", args=[reception.pk]),
        {"deputies_present": [membership.deputy.pk], "visitors": 9, "opinions_note": "路灯不亮"},
    )
    assert response.status_code == 302
    reception.refresh_from_db()
    assert reception.status == Reception.Status.HELD and reception.visitors == 9
    assert DutyRecord.objects.filter(deputy=membership.deputy, kind="reception").exists()


def test_a_liaison_cannot_record_another_stations_reception(client, liaison) -> None:
    reception = ReceptionFactory.create(date=timezone.localdate())
    client.force_login(liaison)
    assert client.get(reverse("reception-record", args=[reception.pk])).status_code == 404


def test_negative_visitors_is_a_form_error_not_a_crash(client, staff) -> None:
    reception = ReceptionFactory.create(date=timezone.localdate())
    client.force_login(staff)
    response = client.post(reverse("reception-record", args=[reception.pk]), {"visitors": -1})
    assert response.status_code == 200 and "has-error" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # One read of the bodies the staff member sees, once per request (docs/bodies.md): every
        # one of these lists is scoped by body.
        ("admin:deputies_deputy_changelist", 9),
        ("admin:stations_station_changelist", 11),
        ("admin:stations_reception_changelist", 11),
        ("admin:stations_stationmembership_changelist", 9),
        ("admin:stations_qrcode_changelist", 8),
    ],
)
def test_admin_changelists_have_pinned_queries(
    client, staff, django_assert_max_num_queries, url, queries
) -> None:
    for _ in range(12):
        membership = MembershipFactory.create()
        ReceptionFactory.create(station=membership.station)
        qr_code_issue(deputy=membership.deputy)
    client.force_login(staff)
    client.get(reverse(url))  # warm the session and permission caches
    with django_assert_max_num_queries(queries):
        response = client.get(reverse(url))
    assert response.status_code == 200


def test_admin_import_preview_names_row_and_column_in_chinese(client, staff) -> None:
    client.force_login(staff)
    csv = "姓名,性别,出生年份\n王五,男性,一九七二\n".encode()
    response = client.post(
        reverse("admin:deputies_deputy_import"),
        {
            "format": "1",
            "import_file": SimpleUploadedFile("deputies.csv", csv, content_type="text/csv"),
            "resource": "0",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "第2行「性别」列" in html or "第2行「出生年份」列" in html
    assert not Deputy.objects.exists()
