"""Bad input gives a clear answer, never a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient


@pytest.mark.parametrize(
    "path",
    [
        "/submit/?deputy=nosuch&station=nosuch",
        "/submit/?qr=%00%01garbage",
        "/track/?code=%3Cscript%3E",
        "/track/..%2F..%2Fetc/",
        "/cases/?category=abc&area=-1&page=999",
        "/cases/NOSUCHCODE/",
        "/files/photos/999999/",
        "/files/attachments/999999/",
    ],
)
def test_public_paths_never_fail(client, db, path):
    # A control character anywhere in the address is a 400 (congress.middleware.InputSanitiserMiddleware).
    assert client.get(path).status_code in (200, 302, 400, 404)


def test_submit_with_unknown_choices_is_a_form_error(client, db):
    response = client.post(
        reverse("submit"),
        {
            "category": "999999",
            "area": "abc",
            "title": "x" * 500,
            "text": "",
            "captcha_0": "x",
            "captcha_1": "PASSED",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_track_with_empty_fields_is_a_form_error(client, db):
    response = client.post(reverse("track"), {"code": "", "pin": ""})
    assert response.status_code == 200 and response.context["form"].errors


def test_api_rejects_garbage(db):
    from congress.apiclients.services import api_client_register

    _client, key = api_client_register(name="12345", kind="hotline", rate="100/m")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    response = api.post(
        "/api/v1/public/suggestions/", {"category": "x", "area": None, "photos": "y"}, format="json"
    )
    assert response.status_code == 400
    response = api.post("/api/v1/public/suggestions/", "not json", content_type="application/json")
    assert response.status_code == 400


def test_unit_post_with_unknown_action_is_ignored(client, make, officer):
    from .conftest import lead_assignment

    item = make("assigned")
    client.force_login(officer)
    url = reverse("unit-item", args=[lead_assignment(item).pk])
    assert client.post(url, {"action": "explode"}).status_code == 200
    assert client.post(url, {"action": "keep", "note": "x", "commitment": "abc"}).status_code in (200, 404)


@pytest.mark.parametrize(
    "path",
    [
        "/cases/%00/",
        "/cases/?q=%00",
        "/track/%00/",
        "/api/v1/public/suggestions/%00/",
    ],
)
def test_nul_bytes_never_reach_the_database(client, db, path):
    assert client.get(path).status_code in (200, 302, 400, 404, 405)


def test_nul_bytes_in_the_unit_and_deputy_pages(client, make, officer, deputy_user):
    client.force_login(officer)
    assert client.get("/unit/?q=%00").status_code == 400
    client.force_login(deputy_user)
    assert client.get("/dashboard/opinions/%00/").status_code == 400


NUL_MESSAGE = "内容包含无效字符（空字符），请删除后重新提交。"


def test_a_nul_byte_in_a_form_field_says_the_text_has_an_invalid_character(db):
    from suggestions.forms import RateForm

    form = RateForm({"value": "satisfied", "comment": "很好\x00"})
    assert not form.is_valid()
    assert form.errors["comment"] == [NUL_MESSAGE]


def test_a_nul_byte_in_an_api_field_is_a_400_that_says_so(db, category, street):
    from congress.apiclients.services import api_client_register

    _client, key = api_client_register(name="12345", kind="hotline", rate="100/m")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    response = api.post(
        "/api/v1/public/suggestions/",
        {"category": category.pk, "area": street.pk, "title": "路灯\x00坏了", "text": "路灯坏了两个星期。"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["title"] == [NUL_MESSAGE]
