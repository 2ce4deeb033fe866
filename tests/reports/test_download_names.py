"""Downloads are named as a clerk files them (示范市人大常委会2025年度报告.pdf, 王芳-二维码海报.pdf),
not by codes, and the Chinese name travels safely in the header (RFC 6266 ``filename*``)."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from congress.downloads import content_disposition, download_filename
from congress.reports import services as report_services
from congress.reports.models import Report
from stations.services import qr_code_issue
from tests.bodies.conftest import Network
from tests.factories.core import UserFactory
from tests.factories.deputies import DeputyFactory
from tests.factories.stations import MembershipFactory

pytestmark = pytest.mark.django_db


def saved_name(response) -> str:
    """The file name a browser saves the response under."""
    header = response["Content-Disposition"]
    if "filename*=utf-8''" in header:
        return unquote(header.split("filename*=utf-8''", 1)[1])
    return header.split('filename="', 1)[1].rstrip('"')


def test_a_chinese_name_is_sent_as_utf8_and_an_ascii_one_quoted():
    header = content_disposition("示范市人大常委会2025年度报告.pdf")
    assert header == "attachment; filename*=utf-8''" + (
        "%E7%A4%BA%E8%8C%83%E5%B8%82%E4%BA%BA%E5%A4%A7%E5%B8%B8%E5%A7%94%E4%BC%9A2025"
        "%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.pdf"
    )
    header.encode("latin-1")  # a header line holds no raw non-Latin-1 character
    assert content_disposition("report.pdf", attachment=False) == 'inline; filename="report.pdf"'


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("王芳", "二维码海报"), "王芳-二维码海报.pdf"),
        (("../../etc/passwd",), "_.._etc_passwd.pdf"),  # no separator left to climb with
        (('a"b\r\nContent-Type: text/html',), "a_b_Content-Type_ text_html.pdf"),
        (("东岗街道/城关区", "", "  "), "东岗街道_城关区.pdf"),
        (("",), "download.pdf"),
    ],
)
def test_a_name_loses_what_a_file_system_or_a_header_cannot_hold(parts, expected):
    assert download_filename(*parts, extension="pdf") == expected


def test_a_very_long_name_is_cut_before_the_extension():
    name = download_filename("很长的名字" * 40, extension="pdf")
    assert name.endswith(".pdf") and len(name.encode()) < 255


def test_a_deputys_qr_poster_and_image_carry_the_deputys_name(client):
    code = qr_code_issue(deputy=DeputyFactory.create(name="王芳"))
    with translation.override("zh-hans"):
        poster = client.get(reverse("qr-poster", args=[code.token]))
        png = client.get(reverse("qr-png", args=[code.token]))
    assert saved_name(poster) == "王芳-二维码海报.pdf"
    assert saved_name(png) == "王芳-二维码.png"
    assert code.token not in poster["Content-Disposition"]


def test_a_zip_of_posters_names_each_file_by_person_and_keeps_namesakes_apart(client):
    first = MembershipFactory.create(deputy__name="王芳", station__name="东岗街道人大代表之家")
    second = MembershipFactory.create(deputy__name="王芳", station=first.station)
    for membership in (first, second):
        qr_code_issue(deputy=membership.deputy)
    qr_code_issue(station=first.station)
    staff = UserFactory.create(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_qrcode"))
    client.force_login(staff)
    with translation.override("zh-hans"):
        response = client.get(reverse("station-posters-zip") + f"?station={first.station.slug}")
    assert saved_name(response) == "东岗街道人大代表之家-二维码海报.zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    pdfs = sorted(n for n in names if n.endswith(".pdf"))
    assert len(pdfs) == len(set(pdfs)) == 3
    assert "东岗街道人大代表之家-二维码海报.pdf" in pdfs and "王芳-二维码海报.pdf" in pdfs


def test_the_annual_report_is_named_by_its_body_and_year(client, network: Network):
    client.force_login(network.staff["district"])
    with translation.override("zh-hans"):
        report = report_services.report_request(
            kind=Report.Kind.ANNUAL, actor=network.staff["district"], year=2025, body=network.district
        )
    # The worker's part, short of laying out the PDF: a stored file under a code-like name.
    report.file.save("annual-report-2025.pdf", ContentFile(b"%PDF-1.7"), save=False)
    report.figures.save("annual-report-2025.json", ContentFile(b"{}"), save=False)
    Report.objects.filter(pk=report.pk).update(
        file=report.file.name, figures=report.figures.name, status=Report.Status.DONE
    )
    with translation.override("zh-hans"):
        document = client.get(reverse("admin:reports_report_download", args=[report.pk, "file"]))
        figures = client.get(reverse("admin:reports_report_download", args=[report.pk, "figures"]))
    assert saved_name(document) == "甲区人大常委会2025年度报告.pdf"
    assert saved_name(figures) == "甲区人大常委会2025年度报告-数据.json"
