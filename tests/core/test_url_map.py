"""The public URL map is a promise: QR codes printed today must still work in years."""

import pytest
from django.urls import resolve

from congress.roles import DEPUTY, roles_sync
from tests.factories.core import UnitOfficerFactory, UserFactory
from tests.factories.deputies import DeputyFactory, StationFactory

pytestmark = pytest.mark.django_db

RESERVED = [
    "/",
    "/deputies/",
    "/deputies/abc234/",
    "/stations/",
    "/stations/abc234/",
    "/submit/",
    "/q/Xy7k2m9p/",
    "/track/",
    "/projects/",
    "/dashboard/",
    "/unit/",
    "/admin/",
    "/api/v1/",
    "/api/v1/schema/",
    "/api/v1/docs/",
    "/healthz",
    "/healthz/live",
    "/healthz/ready",
]


@pytest.mark.parametrize("path", RESERVED)
def test_reserved_path_resolves(path):
    assert resolve(path) is not None


def test_public_pages_answer_in_chinese(client):
    deputy = DeputyFactory(name="张三")
    station = StationFactory(name="东岗街道人大代表之家")
    for path in [
        "/",
        "/deputies/",
        f"/deputies/{deputy.slug}/",
        "/stations/",
        f"/stations/{station.slug}/",
        "/submit/",
        "/track/",
        "/projects/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert 'lang="zh-hans"' in response.content.decode(), path


def test_english_is_available_as_second_language(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert "Raise an opinion" in response.content.decode()


def test_unknown_qr_token_gets_a_clear_page_not_an_error(client):
    response = client.get("/q/nosuchtoken/")
    assert response.status_code == 404
    assert "二维码已失效" in response.content.decode()


def test_unknown_page_gets_the_chinese_404(client):
    response = client.get("/deputies/nosuch/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_dashboard_and_unit_workbench_require_login(client):
    for path in ["/dashboard/", "/unit/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_dashboard_opens_for_a_linked_deputy(client):
    roles_sync()
    user = UserFactory()
    DeputyFactory(user=user, name="李四")
    client.force_login(user)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert "李四" in response.content.decode()
    assert DEPUTY  # the role exists for the group the demo gives deputies


def test_dashboard_is_404_for_a_user_without_a_deputy(client):
    client.force_login(UserFactory())
    assert client.get("/dashboard/").status_code == 404


def test_unit_workbench_opens_for_an_officer(client):
    officer = UnitOfficerFactory(unit__name="示范市住房和城乡建设局")
    client.force_login(officer.user)
    response = client.get("/unit/")
    assert response.status_code == 200
    assert "示范市住房和城乡建设局" in response.content.decode()


def test_api_schema_and_docs_are_served_without_a_cdn(client):
    assert client.get("/api/v1/schema/").status_code == 200
    docs = client.get("/api/v1/docs/").content.decode()
    assert "cdn" not in docs.lower()
    assert "/static/drf_spectacular_sidecar/" in docs


def test_deputy_phone_is_not_public_unless_published(client):
    private = DeputyFactory(phone="13912345678", phone_is_public=False)
    public = DeputyFactory(phone="13812345678", phone_is_public=True)
    assert "1391234" not in client.get(f"/deputies/{private.slug}/").content.decode()
    page = client.get(f"/deputies/{public.slug}/").content.decode()
    assert "138****5678" in page
    assert "13812345678" not in page


def test_browser_language_does_not_override_the_chinese_default(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "我要提意见" in response.content.decode()


def test_admin_index_links_the_staff_reports(client, django_user_model):
    staff = django_user_model.objects.create_superuser("boss", "boss@example.cn", "Secret#2026")
    client.force_login(staff)
    page = client.get("/admin/").content.decode()
    assert "报表与工作台" in page
    assert "/stations/reports/unassigned/" in page
