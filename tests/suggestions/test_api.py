"""The public API for registered client applications (mini-program, hotline bridge)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient

from suggestions.models import Suggestion, SuggestionPhoto
from suggestions.pins import pin_hash

URL = "/api/v1/public/suggestions/"


@pytest.fixture
def api(db):
    """A client application registered in the admin, sending its key."""
    from congress.apiclients.services import api_client_register

    _client, key = api_client_register(name="小程序", kind="wechat", rate="1000/m")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


def _track(api, code, pin):
    return api.post(f"{URL}{code}/", {"pin": pin}, format="json")


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


def test_post_creates_an_item_and_returns_code_and_pin(api, payload):
    response = api.post(URL, payload, format="json")
    assert response.status_code == 201
    item = Suggestion.objects.get(code=response.data["code"])
    assert item.channel == "api" and len(response.data["pin"]) == 6


def test_post_accepts_photos_as_multipart(api, payload):
    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, format="PNG")
    payload["photos"] = [SimpleUploadedFile("a.png", out.getvalue(), content_type="image/png")]
    payload["consent_privacy"] = "true"
    response = api.post(URL, payload, format="multipart")
    assert response.status_code == 201, response.data
    assert SuggestionPhoto.objects.count() == 1


def test_invalid_post_gives_chinese_field_errors(api, payload):
    payload.update(submitter_mobile="123", consent_privacy=False)
    del payload["title"]
    response = api.post(URL, payload, format="json")
    assert response.status_code == 400
    assert "11位手机号码" in str(response.data["errors"]["submitter_mobile"])
    assert "隐私告知" in str(response.data["errors"]["consent_privacy"])
    assert "该字段是必填项" in str(response.data["errors"]["title"])
    assert not Suggestion.objects.exists()


def test_fake_image_is_a_field_error(api, payload):
    payload["photos"] = [SimpleUploadedFile("a.jpg", b"not an image", content_type="image/jpeg")]
    payload["consent_privacy"] = "true"
    response = api.post(URL, payload, format="multipart")
    assert response.status_code == 400 and "photos" in response.data["errors"]


def test_post_is_rate_limited(api, payload, settings):
    settings.SUGGESTIONS_SUBMIT_RATE_MOBILE = "1/d"
    assert api.post(URL, payload, format="json").status_code == 201
    response = api.post(URL, payload, format="json")
    assert response.status_code == 429 and "submitter_mobile" in response.data["errors"]


def test_post_with_pin_returns_the_timeline(api, make):
    item = make("replied")
    Suggestion.objects.filter(pk=item.pk).update(pin_hash=pin_hash(item.code, "135790"))
    response = _track(api, item.code, "135790")
    assert response.status_code == 200
    assert response.data["status"] == "replied"
    assert [e["action"] for e in response.data["events"]][:2] == ["submit", "accept"]
    assert response.data["replies"][0]["outcome"] == "A"


def test_wrong_pin_or_code_is_the_same_404(api, submit):
    item = submit().suggestion
    wrong_pin = _track(api, item.code, "000000")
    wrong_code = _track(api, "ZZZZZZZZ", "000000")
    assert wrong_pin.status_code == wrong_code.status_code == 404
    assert wrong_pin.data == wrong_code.data


def test_wrong_pins_are_rate_limited(api, submit, settings):
    settings.SUGGESTIONS_TRACK_RATE_CODE = "2/h"
    item = submit().suggestion
    for _ in range(2):
        _track(api, item.code, "000000")
    assert _track(api, item.code, "000000").status_code == 429


def test_both_endpoints_are_in_the_openapi_schema(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    assert "/api/v1/public/suggestions/" in schema["paths"]
    assert "/api/v1/public/suggestions/{code}/" in schema["paths"]


def test_reply_attachment_download_needs_the_pin(api, make, officer):
    from django.core.files.base import ContentFile

    from suggestions import services

    item = make("signed_for")
    Suggestion.objects.filter(pk=item.pk).update(pin_hash=pin_hash(item.code, "135790"))
    lead = item.assignments.get(role="lead")
    services.suggestion_reply(
        assignment=lead,
        actor=officer,
        outcome="A",
        text="路灯已全部修复，恢复正常照明。",
        attachments=[ContentFile(b"report", name="report.txt")],
    )
    timeline = _track(api, item.code, "135790").data
    link = timeline["replies"][0]["attachments"][0]
    path = link.replace("http://testserver", "")
    assert api.get(path, HTTP_X_TRACKING_PIN="000000").status_code == 404
    response = api.get(path, HTTP_X_TRACKING_PIN="135790")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"report"
