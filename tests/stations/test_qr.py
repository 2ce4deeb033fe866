"""QR codes: a live token opens the form, a revoked one shows a clear page naming its owner."""

from __future__ import annotations

import io
import zipfile
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from congress.notifications.models import Notification
from congress.reports import views as document_views
from congress.reports.tasks import build_posters_zip
from stations.models import QrCode
from stations.services import qr_code_issue, qr_code_revoke
from tests.factories.core import UserFactory
from tests.factories.deputies import DeputyFactory, StationFactory
from tests.factories.stations import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_live_token_redirects_to_the_form_with_the_token(client) -> None:
    code = qr_code_issue(deputy=DeputyFactory.create())
    response = client.get(reverse("qr-landing", args=[code.token]))
    assert response.status_code == 302
    assert response["Location"] == reverse("submit") + f"?qr={code.token}"


def test_a_revoked_deputy_token_names_the_deputy_and_links_their_page(client) -> None:
    deputy = DeputyFactory.create(name="李艳")
    code = qr_code_issue(deputy=deputy)
    qr_code_revoke(code=code, reason="lost badge")
    response = client.get(reverse("qr-landing", args=[code.token]))
    html = response.content.decode()
    assert response.status_code == 410
    assert "该二维码已失效" in html and "李艳" in html
    assert reverse("deputy-detail", args=[deputy.slug]) in html


def test_a_revoked_station_token_links_the_station(client) -> None:
    station = StationFactory.create()
    code = qr_code_issue(station=station)
    qr_code_revoke(code=code, reason="moved")
    response = client.get(reverse("qr-landing", args=[code.token]))
    assert reverse("station-detail", args=[station.slug]) in response.content.decode()


def test_an_unknown_token_is_a_clear_404_page(client) -> None:
    response = client.get("/q/" + "x" * 40 + "/")
    assert response.status_code == 404
    assert "该二维码已失效" in response.content.decode()


def test_reissuing_revokes_the_old_token() -> None:
    deputy = DeputyFactory.create()
    old = qr_code_issue(deputy=deputy)
    new = qr_code_issue(deputy=deputy)
    old.refresh_from_db()
    assert old.revoked_at is not None and new.revoked_at is None and new.token != old.token


def test_png_svg_and_poster_downloads_for_a_live_code(client) -> None:
    code = qr_code_issue(deputy=DeputyFactory.create())
    png = client.get(reverse("qr-png", args=[code.token]))
    svg = client.get(reverse("qr-svg", args=[code.token]) + "?download=1")
    pdf = client.get(reverse("qr-poster", args=[code.token]))
    assert png.content.startswith(b"\x89PNG")
    assert b"<svg" in svg.content and "attachment" in svg["Content-Disposition"]
    assert pdf.content.startswith(b"%PDF")


def test_a_revoked_code_cannot_be_downloaded(client) -> None:
    code = qr_code_revoke(code=qr_code_issue(deputy=DeputyFactory.create()), reason="x")
    assert client.get(reverse("qr-png", args=[code.token])).status_code == 404


def test_staff_download_a_zip_of_a_stations_posters(client) -> None:
    membership = MembershipFactory.create()
    qr_code_issue(station=membership.station)
    qr_code_issue(deputy=membership.deputy)
    staff = UserFactory.create(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_qrcode"))
    client.force_login(staff)
    response = client.get(reverse("station-posters-zip") + f"?station={membership.station.slug}")
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert response.status_code == 200
    assert len([n for n in names if n.endswith(".pdf")]) == 2


def test_citizens_cannot_download_poster_zips(client) -> None:
    client.force_login(UserFactory.create())
    assert client.get(reverse("station-posters-zip") + "?station=x").status_code == 404


def test_one_live_code_per_owner_is_enforced() -> None:
    deputy = DeputyFactory.create()
    qr_code_issue(deputy=deputy)
    assert QrCode.objects.filter(deputy=deputy, revoked_at__isnull=True).count() == 1


def test_a_large_district_zip_is_built_by_a_worker_and_the_requester_told(
    client, django_capture_on_commit_callbacks
) -> None:
    membership = MembershipFactory.create()
    qr_code_issue(station=membership.station)
    qr_code_issue(deputy=membership.deputy)
    district = membership.station.area.parent
    staff = UserFactory.create(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_qrcode"))
    client.force_login(staff)

    with (
        mock.patch.object(document_views, "POSTER_ZIP_SYNC_MAX", 1),
        mock.patch.object(build_posters_zip, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.get(reverse("station-posters-zip") + f"?district={district.pk}")
    assert response.status_code == 202
    job = response.context["job"]
    delay.assert_called_once_with(staff.pk, station_id=None, area_id=district.pk, station_ids=[], job=job)
    status_url = reverse("station-posters-status", args=[job])
    assert status_url in response.content.decode()
    waiting = client.get(status_url).json()
    assert waiting == {"done": 0, "total": 2, "percent": 0, "ready": False, "download": ""}
    other = UserFactory.create(is_staff=True)
    other.user_permissions.add(Permission.objects.get(codename="view_qrcode"))
    client.force_login(other)
    assert client.get(status_url).status_code == 404  # someone else's zip
    client.force_login(staff)

    name = build_posters_zip.run(staff.pk, area_id=district.pk, job=job)
    assert name == f"posters/{job}.zip"
    ready = client.get(status_url).json()
    assert ready["ready"] and ready["percent"] == 100 and ready["done"] == 2
    message = Notification.objects.get(recipient=staff, kind="stations.posters_zip")
    assert message.link == ready["download"]
    download = client.get(message.link)
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert len([n for n in archive.namelist() if n.endswith(".pdf")]) == 2


def test_the_admin_action_zips_the_posters_of_the_chosen_stations(client) -> None:
    first, second = MembershipFactory.create(), MembershipFactory.create()
    for membership in (first, second):
        qr_code_issue(station=membership.station)
        qr_code_issue(deputy=membership.deputy)
    staff = UserFactory.create(is_staff=True, is_superuser=True)
    client.force_login(staff)

    action = client.post(
        reverse("admin:stations_station_changelist"),
        {"action": "download_posters", "_selected_action": [first.station.pk, second.station.pk]},
    )
    assert action.status_code == 302
    assert action["Location"].startswith(reverse("station-posters-zip") + "?stations=")
    response = client.get(action["Location"])
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert len([n for n in names if n.endswith(".pdf")]) == 4
    assert len([n for n in names if n.endswith(".png")]) == 4


def test_a_zip_of_more_than_five_stations_or_of_bad_ids_is_refused(client) -> None:
    staff = UserFactory.create(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_qrcode"))
    client.force_login(staff)
    url = reverse("station-posters-zip")
    assert client.get(url, {"stations": ["1", "2", "3", "4", "5", "6"]}).status_code == 404
    assert client.get(url, {"stations": ["1", "x"]}).status_code == 404


def test_the_deputy_page_offers_the_live_qr_code_to_scan_or_save(client) -> None:
    deputy = DeputyFactory.create(name="李艳")
    old = qr_code_issue(deputy=deputy)
    qr_code_revoke(code=old, reason="lost badge")
    live = qr_code_issue(deputy=deputy)
    html = client.get(reverse("deputy-detail", args=[deputy.slug])).content.decode()
    assert f'src="{reverse("qr-png", args=[live.token])}"' in html
    assert f'href="{reverse("qr-png", args=[live.token])}?download=1"' in html
    assert old.token not in html
    assert f"{reverse('submit')}?deputy={deputy.slug}" in html


def test_the_deputy_page_shows_no_qr_code_before_one_is_issued(client) -> None:
    deputy = DeputyFactory.create()
    html = client.get(reverse("deputy-detail", args=[deputy.slug])).content.decode()
    assert "/qr.png" not in html
