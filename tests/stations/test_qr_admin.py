"""QR codes issued, revoked and reissued from the deputy and the station admins, in bulk and one by
one; a read-only leader gets no action and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin import helpers
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from congress import roles
from congress.models import AuditEvent
from deputies.models import Deputy
from stations.models import QrCode
from stations.services import qr_code_issue
from tests.factories.core import UserFactory
from tests.factories.deputies import DeputyFactory, StationFactory

pytestmark = pytest.mark.django_db


def _user(role: str, username: str) -> Any:
    roles.roles_sync()
    user = UserFactory.create(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def staff() -> Any:
    return _user(roles.COMMITTEE_STAFF, "qrstaff")


@pytest.fixture
def leader() -> Any:
    return _user(roles.COMMITTEE_LEADER, "qrleader")


def _run(client: Client, url: str, action: str, pks: list[int]) -> Any:
    return client.post(
        url, {"action": action, helpers.ACTION_CHECKBOX_NAME: [str(pk) for pk in pks]}, follow=True
    )


def test_staff_issue_codes_in_bulk_after_an_import_and_rows_with_a_code_are_skipped(client, staff) -> None:
    deputies = [DeputyFactory.create() for _ in range(3)]
    assert QrCode.objects.count() == 0
    qr_code_issue(deputy=deputies[0])
    client.force_login(staff)
    response = _run(
        client,
        reverse("admin:deputies_deputy_changelist"),
        "issue_qr_codes",
        [deputy.pk for deputy in deputies],
    )
    assert QrCode.objects.filter(revoked_at__isnull=True, deputy__in=deputies).count() == 3
    assert QrCode.objects.count() == 3
    assert "1" in response.content.decode() and "2" in response.content.decode()
    assert AuditEvent.objects.filter(action="qr_code_issue", actor=staff).count() == 2


def test_station_codes_are_issued_in_bulk(client, staff) -> None:
    stations = [StationFactory.create() for _ in range(2)]
    client.force_login(staff)
    _run(client, reverse("admin:stations_station_changelist"), "issue_qr_codes", [s.pk for s in stations])
    assert QrCode.objects.filter(station__in=stations, revoked_at__isnull=True).count() == 2


def test_staff_revoke_then_reissue_in_bulk(client, staff) -> None:
    deputy = DeputyFactory.create()
    old = qr_code_issue(deputy=deputy)
    client.force_login(staff)
    url = reverse("admin:deputies_deputy_changelist")
    _run(client, url, "revoke_qr_codes", [deputy.pk])
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert not QrCode.objects.filter(deputy=deputy, revoked_at__isnull=True).exists()
    _run(client, url, "reissue_qr_codes", [deputy.pk])
    live = QrCode.objects.get(deputy=deputy, revoked_at__isnull=True)
    assert live.token != old.token
    assert AuditEvent.objects.filter(action="qr_code_revoke", actor=staff).count() == 1


def test_staff_issue_revoke_and_reissue_one_code_from_the_change_page(client, staff) -> None:
    station = StationFactory.create()
    client.force_login(staff)
    page = client.get(reverse("admin:stations_station_change", args=[station.pk])).content.decode()
    issue = reverse("admin:stations_station_qr", args=[station.pk, "issue"])
    assert issue in page
    client.post(issue)
    first = QrCode.objects.get(station=station)
    client.post(reverse("admin:stations_station_qr", args=[station.pk, "reissue"]))
    first.refresh_from_db()
    second = QrCode.objects.get(station=station, revoked_at__isnull=True)
    assert first.revoked_at is not None and second != first
    client.post(reverse("admin:stations_station_qr", args=[station.pk, "revoke"]))
    assert not QrCode.objects.filter(station=station, revoked_at__isnull=True).exists()


def test_the_deputy_change_page_offers_the_code_buttons(client, staff) -> None:
    deputy = DeputyFactory.create()
    qr_code_issue(deputy=deputy)
    client.force_login(staff)
    page = client.get(reverse("admin:deputies_deputy_change", args=[deputy.pk])).content.decode()
    assert reverse("admin:deputies_deputy_qr", args=[deputy.pk, "reissue"]) in page
    assert reverse("admin:deputies_deputy_qr", args=[deputy.pk, "revoke"]) in page


def test_a_leader_sees_no_qr_action_and_a_post_changes_nothing(client, leader) -> None:
    deputy = DeputyFactory.create()
    station = StationFactory.create()
    client.force_login(leader)
    for model, obj in (("deputies_deputy", deputy), ("stations_station", station)):
        changelist = client.get(reverse(f"admin:{model}_changelist")).content.decode()
        assert "qr_codes" not in changelist
        page = client.get(reverse(f"admin:{model}_change", args=[obj.pk])).content.decode()
        assert "/qr/" not in page
        for action in ("issue_qr_codes", "reissue_qr_codes"):
            _run(client, reverse(f"admin:{model}_changelist"), action, [obj.pk])
        response = client.post(reverse(f"admin:{model}_qr", args=[obj.pk, "issue"]))
        assert response.status_code in (403, 404)
    assert QrCode.objects.count() == 0
    assert Deputy.objects.count() == 1
