import pytest

from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_is_in_chinese(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_password_reset_page_is_in_chinese(client):
    assert "重置密码" in client.get("/accounts/password_reset/").content.decode()


def test_successful_login_redirects_home(client):
    UserFactory(username="zhang")
    response = client.post("/accounts/login/", {"username": "zhang", "password": "Secret#2026"})
    assert response.status_code == 302


def test_repeated_failed_logins_lock_the_account(client, settings):
    UserFactory(username="wang")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "wang", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "wang", "password": "Secret#2026"})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
