"""A mini-program's submission carries the citizen's WeChat openid: only a ``wechat`` client may send
one, it is stored encrypted like the other personal data, and no answer of the API ever shows it."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from congress.apiclients.services import api_client_register
from congress.notifications.models import Notification
from suggestions.models import Suggestion
from tests.api.test_errors import assert_error_shape
from tests.security.test_no_clear_personal_data import _found

pytestmark = pytest.mark.django_db

URL = "/api/v1/public/suggestions/"
OPENID = "oWxMiniProgramCitizen0123456"


@pytest.fixture
def wechat_on(settings: Any) -> None:
    settings.WECHAT_APP_ID = "wx1234567890abcdef"
    settings.WECHAT_APP_SECRET = "secret"
    settings.WECHAT_TEMPLATES = {
        "suggestion.received": {"template": "t1", "data": {"character_string1": "code"}}
    }


def _client_of_kind(kind: str) -> APIClient:
    _client, key = api_client_register(name=f"{kind} client", kind=kind, rate="1000/m")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


def test_the_mini_program_s_openid_is_kept_encrypted_and_gets_the_receipt(api, payload, wechat_on):
    response = api.post(URL, {**payload, "wechat_openid": OPENID}, format="json")
    assert response.status_code == 201, response.content
    assert OPENID not in response.content.decode()
    item = Suggestion.objects.get(code=response.json()["code"])
    assert item.submitter_openid == OPENID
    [row] = Notification.objects.filter(object_id=item.pk, channel="wechat")
    assert row.to_address == OPENID
    assert _found([OPENID]) == []


def test_another_kind_of_client_may_not_send_an_openid(payload, wechat_on):
    hotline = _client_of_kind("hotline")
    response = hotline.post(URL, {**payload, "wechat_openid": OPENID}, format="json")
    assert list(assert_error_shape(response, 400)["errors"]) == ["wechat_openid"]
    assert not Suggestion.objects.exists()


def test_an_openid_that_is_not_one_is_refused(api, payload, wechat_on):
    response = api.post(URL, {**payload, "wechat_openid": "o' OR 1=1 --"}, format="json")
    assert list(assert_error_shape(response, 400)["errors"]) == ["wechat_openid"]


def test_no_answer_of_the_api_shows_the_openid(api, payload, wechat_on):
    submitted = api.post(URL, {**payload, "wechat_openid": OPENID}, format="json").json()
    code, pin = submitted["code"], submitted["pin"]
    answers = [
        api.post(f"{URL}{code}/", {"pin": pin}, format="json"),
        api.post(f"{URL}mine/", {"items": [{"code": code, "pin": pin}]}, format="json"),
        api.get("/api/v1/schema/?format=json"),
    ]
    for answer in answers:
        assert answer.status_code == 200
        assert OPENID not in answer.content.decode()
        assert "submitter_openid" not in answer.content.decode()


def test_without_wechat_settings_the_openid_is_not_kept(api, payload):
    response = api.post(URL, {**payload, "wechat_openid": OPENID}, format="json")
    assert response.status_code == 201
    item = Suggestion.objects.get(code=response.json()["code"])
    assert item.submitter_openid == ""
    assert not Notification.objects.filter(object_id=item.pk, channel="wechat").exists()


def test_staff_pages_never_show_the_openid(api, payload, wechat_on, client, staff):
    from django.urls import reverse

    code = api.post(URL, {**payload, "wechat_openid": OPENID}, format="json").json()["code"]
    item = Suggestion.objects.get(code=code)
    client.force_login(staff)
    staff.is_superuser = True  # every page of the admin, the outbox among them
    staff.save()
    pages = [
        client.get(reverse("admin:suggestions_suggestion_case", args=[item.pk])),
        client.post(reverse("admin:suggestions_suggestion_case", args=[item.pk]), {"action": "reveal"}),
        client.get(reverse("admin:notifications_notification_changelist") + "?channel__exact=wechat"),
    ]
    for page in pages:
        assert page.status_code == 200
        assert OPENID not in page.content.decode()
    assert "oWx****3456" in pages[2].content.decode()
