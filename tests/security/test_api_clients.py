"""API clients have their own credential, managed in the admin, each with its own rate limit; the
anonymous web form stays behind the CAPTCHA."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from congress.apiclients.models import ApiClient
from congress.apiclients.services import api_client_register, api_client_revoke
from suggestions.models import Suggestion

URL = "/api/v1/public/suggestions/"


@pytest.fixture
def payload(category, street):
    return {
        "category": category.pk,
        "title": "小区积水",
        "text": "雨后小区门口积水严重，老人出行困难。",
        "area": street.pk,
        "submitter_mobile": "13800138000",
        "consent_privacy": True,
    }


def _client(key: str | None = None, header: str = "authorization") -> APIClient:
    client = APIClient()
    if key and header == "authorization":
        client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    elif key:
        client.credentials(HTTP_X_API_KEY=key)
    return client


def test_anonymous_submissions_to_the_api_are_refused(db, payload):
    response = _client().post(URL, payload, format="json")
    assert response.status_code in (401, 403)
    assert not Suggestion.objects.exists()


def test_a_made_up_key_is_refused(db, payload):
    assert _client("abcdefgh.0123456789").post(URL, payload, format="json").status_code == 401


def test_a_registered_client_submits_with_its_key_in_either_header(db, payload):
    _client_row, key = api_client_register(name="12345热线", kind="hotline", rate="100/m")
    assert _client(key).post(URL, payload, format="json").status_code == 201
    payload["submitter_mobile"] = "13800138001"
    assert _client(key, header="x-api-key").post(URL, payload, format="json").status_code == 201


def test_the_key_is_stored_hashed(db):
    client, key = api_client_register(name="小程序", kind="wechat", rate="100/m")
    secret = key.split(".", 1)[1]
    assert secret not in client.hashed_key and secret not in client.pk


def test_a_revoked_or_expired_key_is_refused(db, payload):
    revoked, revoked_key = api_client_register(name="旧小程序", kind="wechat", rate="100/m")
    api_client_revoke(client=revoked)
    assert _client(revoked_key).post(URL, payload, format="json").status_code == 401
    expired, expired_key = api_client_register(name="试用", kind="other", rate="100/m")
    ApiClient.objects.filter(pk=expired.pk).update(expiry_date=timezone.now() - datetime.timedelta(days=1))
    assert _client(expired_key).post(URL, payload, format="json").status_code == 401


def test_each_client_has_its_own_rate_limit(db, payload, submit):
    _slow, slow_key = api_client_register(name="慢客户端", kind="hotline", rate="2/m")
    _fast, fast_key = api_client_register(name="快客户端", kind="hotline", rate="100/m")
    item = submit().suggestion
    slow = _client(slow_key)
    for _ in range(2):
        slow.post(f"{URL}{item.code}/", {"pin": "222222"}, format="json", REMOTE_ADDR="10.9.0.1")
    limited = slow.post(URL, payload, format="json")
    assert limited.status_code == 429 and "请求过多" in str(limited.data)
    assert _client(fast_key).post(URL, payload, format="json").status_code == 201


def test_the_web_form_needs_the_captcha(client, monkeypatch, category, street):
    # The test settings' hook (any answer passes) switched off, as in production.
    monkeypatch.setattr("captcha.conf.settings.CAPTCHA_TEST_MODE", False)
    response = client.post(
        reverse("submit"),
        {
            "category": category.pk,
            "title": "路灯损坏",
            "text": "路口的路灯坏了两个星期。",
            "area": street.pk,
            "submitter_mobile": "13912345678",
            "consent_privacy": "on",
            "captcha_0": "made-up",
            "captcha_1": "PASSED",
        },
    )
    assert response.status_code == 200 and "captcha" in response.context["form"].errors
    assert not Suggestion.objects.exists()


def test_staff_register_a_client_in_the_admin_and_see_the_key_once(client, db):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.cn", "Secret#2026")
    client.force_login(admin)
    response = client.post(
        reverse("admin:apiclients_apiclient_add"),
        {"name": "微信小程序", "kind": "wechat", "rate": "600/m", "contact": "", "expiry_date": ""},
        follow=True,
    )
    registered = ApiClient.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    assert any(registered.prefix in m for m in shown)
    again = client.get(reverse("admin:apiclients_apiclient_change", args=[registered.pk]))
    assert all(registered.prefix + "." not in str(m) for m in again.context["messages"])


def test_a_rate_limit_in_the_wrong_format_is_a_form_error(client, db):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.cn", "Secret#2026")
    client.force_login(admin)
    response = client.post(
        reverse("admin:apiclients_apiclient_add"), {"name": "x", "kind": "other", "rate": "lots"}
    )
    assert response.status_code == 200 and "rate" in response.context["adminform"].form.errors
    assert not ApiClient.objects.exists()
