"""One error shape for every refusal under /api/: a code, a plain Chinese message, field errors;
401 for a missing or wrong key, JSON 404s, Retry-After on 429, no framework jargon."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from suggestions.models import Suggestion

pytestmark = pytest.mark.django_db

URL = "/api/v1/public/suggestions/"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def assert_error_shape(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), (response.request, response.content[:200])
    body = response.json()
    assert set(body) == {"code", "message", "errors"}, body
    assert isinstance(body["code"], str) and body["code"]
    assert CHINESE.search(body["message"]), body
    assert isinstance(body["errors"], dict)
    assert all(isinstance(v, list) and all(isinstance(m, str) for m in v) for v in body["errors"].values())
    return body


def _api_routes() -> list[str]:
    """Every URL pattern under /api/ of the URL map, its parameters filled with a value no object has."""

    def walk(patterns: Any, prefix: str = "") -> Any:
        for pattern in patterns:
            text = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, text)
            elif isinstance(pattern, URLPattern):
                yield text

    routes = []
    for route in walk(get_resolver().url_patterns):
        route = route.replace("^", "").replace("$", "")
        if not route.startswith("api/") or "format" in route:
            continue
        route = re.sub(r"\(\?P<\w+>[^)]*\)|<(?:\w+:)?\w+>", "999999", route)
        routes.append("/" + route.replace("\\.", "."))
    return sorted(set(routes))


def test_a_path_under_api_that_matches_nothing_is_a_json_404(client):
    body = assert_error_shape(client.get("/api/v1/no-such-thing/"), 404)
    assert body["code"] == "not_found"


def test_every_api_route_refuses_in_the_one_shape(client):
    """Each route of the URL map, asked as an anonymous caller with an unknown id: whatever 4xx it
    gives (401, 403, 404, 405) comes in the one shape with a Chinese message."""
    routes = _api_routes()
    assert len(routes) >= 30
    refused = 0
    for route in routes:
        for method in ("get", "post", "delete"):
            response = getattr(client, method)(route, content_type="application/json")
            if 400 <= response.status_code < 500:
                assert_error_shape(response, response.status_code)
                refused += 1
            else:
                assert response.status_code < 400, (method, route, response.status_code)
    assert refused > len(routes)


def test_a_missing_key_is_a_401_with_the_scheme_named(payload):
    response = APIClient().post(URL, payload, format="json")
    body = assert_error_shape(response, 401)
    assert body["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Api-Key")
    assert not Suggestion.objects.exists()


def test_a_wrong_key_is_a_401(payload):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Api-Key abcdefgh.0123456789")
    body = assert_error_shape(client.post(URL, payload, format="json"), 401)
    assert body["code"] == "authentication_failed"


def test_field_errors_name_the_field_and_the_message_is_the_first_of_them(api, payload):
    payload["submitter_mobile"] = "123"
    body = assert_error_shape(api.post(URL, payload, format="json"), 400)
    assert body["code"] == "invalid"
    assert list(body["errors"]) == ["submitter_mobile"]
    assert body["message"] == body["errors"]["submitter_mobile"][0]


@pytest.mark.parametrize("value", [999999, "abc"])
def test_an_unknown_choice_is_said_plainly(api, payload, value):
    payload["category"] = value
    body = assert_error_shape(api.post(URL, payload, format="json"), 400)
    message = body["errors"]["category"][0]
    assert "主键" not in message and "pk" not in message and "对象" not in message
    assert "列表" in message


def test_a_body_that_is_not_json_is_a_plain_400(api):
    response = api.post(URL, "{not json", content_type="application/json")
    body = assert_error_shape(response, 400)
    assert body["code"] == "parse_error"
    assert "Expecting" not in body["message"] and "JSON parse" not in body["message"]


def test_the_client_rate_limit_is_a_429_with_retry_after(payload):
    from congress.apiclients.services import api_client_register

    _client, key = api_client_register(name="慢速客户端", kind="wechat", rate="2/m")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    for _ in range(2):
        client.post(f"{URL}NOPE/", {"pin": "000000"}, format="json")
    response = client.post(f"{URL}NOPE/", {"pin": "000000"}, format="json")
    body = assert_error_shape(response, 429)
    assert body["code"] == "throttled"
    assert int(response["Retry-After"]) == 60


def test_a_wrong_pin_is_a_404_in_the_shape(api, submit):
    item = submit().suggestion
    body = assert_error_shape(api.post(f"{URL}{item.code}/", {"pin": "000000"}, format="json"), 404)
    assert body["code"] == "not_found"


def test_staff_api_refusals_come_in_the_same_shape(client):
    body = assert_error_shape(client.post("/api/v1/stations/", {}, content_type="application/json"), 403)
    assert body["code"] in {"not_authenticated", "permission_denied"}
