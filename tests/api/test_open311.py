"""Open311 GeoReport v2 over the public API's services: the same submission path and rules, published
cases only in the list, the citizen's item only with its code and PIN, refusals in GeoReport's shape
with Chinese descriptions, and never a citizen's personal data."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from congress.models import IdempotencyKey
from suggestions.models import Suggestion
from suggestions.pins import pin_hash

pytestmark = pytest.mark.django_db

REQUESTS = "/open311/v2/requests.json"
PIN = "135790"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def geo(category: Any, street: Any) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "address_id": street.code,
        "lat": "36.061",
        "long": "103.834",
        "address_string": "东岗西路口",
        "description": "雨后小区门口积水严重，老人出行困难。",
        "first_name": "小明",
        "last_name": "王",
        "phone": "139-1234-5678",
        "attribute[consent_privacy]": "true",
    }


def _refusal(response: Any, status: int) -> str:
    """GeoReport's error list: each entry a code and a Chinese description."""
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body, list) and body
    assert all(
        e["code"] == status and any("\u4e00" <= ch <= "\u9fff" for ch in e["description"]) for e in body
    )
    return " ".join(e["description"] for e in body)


def test_services_are_the_active_categories(client, category):
    from congress.models import Category
    from tests.factories.core import CategoryFactory

    CategoryFactory(code="retired", name="停用类别", is_active=False)
    services = {s["service_code"]: s for s in client.get("/open311/v2/services.json").json()}
    assert set(services) == set(Category.objects.filter(is_active=True).values_list("code", flat=True))
    assert "retired" not in services and services[category.code]["service_name"] == category.name
    definition = client.get(f"/open311/v2/services/{category.code}.json").json()
    assert {a["code"]: a["required"] for a in definition["attributes"]}["consent_privacy"] is True
    _refusal(client.get("/open311/v2/services/retired.json"), 404)


def test_a_request_is_an_item_in_the_body_the_area_picks_as_through_the_public_api(api, geo, payload):
    response = api.post(REQUESTS, geo)
    assert response.status_code == 200, response.content
    [answer] = response.json()
    item = Suggestion.objects.get(code=answer["service_request_id"])
    assert answer["pin"] and item.channel == "api" and item.category.code == geo["service_code"]
    assert item.submitter_mobile == "13912345678" and item.submitter_name == "王小明"
    assert "WGS-84 36.061000,103.834000" in item.address
    through_api = api.post(
        "/api/v1/public/suggestions/", {**payload, "submitter_mobile": "13800138009"}, format="json"
    )
    other = Suggestion.objects.get(code=through_api.json()["code"])
    assert (item.area_id, item.body_id) == (other.area_id, other.body_id) and item.body_id is not None


def test_a_request_needs_a_registered_client(client, geo):
    _refusal(client.post(REQUESTS, geo), 401)
    _refusal(client.post(REQUESTS, geo, HTTP_AUTHORIZATION="Api-Key not.a-key"), 401)
    # GeoReport's api_key in the address would end up in access logs: it does not count.
    assert not Suggestion.objects.exists()


def test_the_api_key_may_travel_as_georeports_body_field(api_key, geo):
    assert APIClient().post(REQUESTS, {**geo, "api_key": api_key}).status_code == 200
    assert _refusal(APIClient().post(f"{REQUESTS}?api_key={api_key}", geo), 401)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"service_code": "nosuch"}, "service_code"),
        ({"service_code": ""}, "service_code"),
        ({"address_id": "nosuch"}, "address_id"),
        ({"lat": "north"}, "lat"),
        ({"lat": "95", "long": "103"}, "lat"),
        ({"lat": "nan", "long": "103"}, "lat"),
        ({"lat": "48.85", "long": "2.35"}, "lat"),  # Paris
        ({"long": ""}, "lat"),
        ({"phone": "12345"}, "phone"),
        ({"description": "短"}, "description"),
        ({"attribute[consent_privacy]": "false"}, "attribute[consent_privacy]"),
        ({"media_url": "http://127.0.0.1/secret.png"}, "media_url"),
    ],
)
def test_bad_input_is_a_400_in_georeport_shape_and_makes_nothing(api, geo, change, field):
    description = _refusal(api.post(REQUESTS, {**geo, **change}), 400)
    assert description.startswith(f"{field}：")
    assert not Suggestion.objects.exists()


def test_a_json_body_with_nested_attributes_is_taken(api, geo):
    body = {k: v for k, v in geo.items() if not k.startswith("attribute")}
    body["attribute"] = {"consent_privacy": True, "title": "积水"}
    assert api.post(REQUESTS, body, format="json").status_code == 200
    assert Suggestion.objects.get().title == "积水"


def test_a_retried_request_with_its_key_is_one_item(api, geo):
    first = api.post(REQUESTS, geo, HTTP_IDEMPOTENCY_KEY="g-1")
    again = api.post(REQUESTS, geo, HTTP_IDEMPOTENCY_KEY="g-1")
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Suggestion.objects.count() == 1 and IdempotencyKey.objects.get().scope == "open311_request"
    _refusal(
        api.post(REQUESTS, {**geo, "description": "另一件事，说得更清楚一些。"}, HTTP_IDEMPOTENCY_KEY="g-1"),
        422,
    )


def test_the_public_api_mobile_limit_holds_here_too(api, geo):
    answers = [api.post(REQUESTS, geo).status_code for _ in range(12)]
    assert 429 in answers
    assert Suggestion.objects.count() == answers.count(200) < 12


def _published(make, staff, **overrides: Any) -> Suggestion:
    from suggestions import services

    case = make("closed", **overrides)
    services.suggestion_publish(
        suggestion=case, actor=staff, public_title="路灯修好了", public_text="路灯已修复。"
    )
    return case


def test_the_list_holds_published_cases_only_without_personal_data(client, make, staff):
    case = _published(make, staff)
    hidden = make("closed", title="未公开")
    listed = client.get(REQUESTS).json()
    assert [r["service_request_id"] for r in listed] == [case.code]
    assert listed[0]["status"] == "closed" and listed[0]["description"] == "路灯已修复。"
    for personal in ("13912345678", "王小明", "东岗西路"):
        assert personal not in str(listed)
    assert client.get(REQUESTS, {"service_request_id": hidden.code}).json() == []
    assert client.get(REQUESTS, {"status": "open"}).json() == []
    assert client.get(REQUESTS, {"service_code": "nosuch"}).json() == []


@pytest.mark.parametrize(
    "query",
    [
        {"status": "pending"},
        {"start_date": "yesterday"},
        {"end_date": "2026-01-01T00:00:00"},
        {"start_date": "2026-02-30T00:00:00+08:00"},
        {"start_date": "2026-03-01T00:00:00+08:00", "end_date": "2026-02-01T00:00:00+08:00"},
    ],
)
def test_bad_list_filters_are_refused_not_ignored(client, query):
    _refusal(client.get(REQUESTS, query), 400)


def test_a_request_opens_published_or_with_its_pin_to_a_client_only(client, api, make, staff):
    case = _published(make, staff)
    assert client.get(f"/open311/v2/requests/{case.code}.json").json()[0]["service_request_id"] == case.code
    own = make("replied")
    Suggestion.objects.filter(pk=own.pk).update(pin_hash=pin_hash(own.code, PIN))
    url = f"/open311/v2/requests/{own.code}.json"
    _refusal(client.get(url), 404)  # not published, no PIN: as if it did not exist
    _refusal(client.get(url, HTTP_X_TRACKING_PIN=PIN), 401)  # the PIN path is for registered clients
    _refusal(api.get(url, HTTP_X_TRACKING_PIN="000000"), 404)
    _refusal(api.get(f"{url}?pin={PIN}"), 404)  # a PIN in the address is never read
    [mine] = api.get(url, HTTP_X_TRACKING_PIN=PIN).json()
    assert mine["service_request_id"] == own.code and mine["status"] == "open"
    assert "13912345678" not in str(mine) and "王小明" not in str(mine) and "description" not in mine


def test_another_clients_item_is_not_opened_without_its_pin(api, geo, db):
    from congress.apiclients.services import api_client_register

    code = api.post(REQUESTS, geo).json()[0]["service_request_id"]
    _row, key = api_client_register(name="热线", kind="hotline", rate="100/m")
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    _refusal(other.get(f"/open311/v2/requests/{code}.json"), 404)
    assert other.get(REQUESTS, {"service_request_id": code}).json() == []


def _georeport_routes() -> list[tuple[str, str]]:
    """Every GeoReport route of the URL map (name, path with its parameters filled with no object's)."""
    from django.urls import get_resolver, reverse

    found = []
    for name, entries in get_resolver().reverse_dict.items():
        if isinstance(name, str) and name.startswith("open311-"):
            entry: Any = entries  # (possibilities, pattern, defaults, converters)
            params = entry[0][0][1]
            found.append((name, reverse(name, kwargs=dict.fromkeys(params, "NOSUCH"))))
    return sorted(found)


def test_every_georeport_route_refuses_in_georeports_shape(client):
    routes = _georeport_routes()
    assert {name for name, _url in routes} >= {"open311-services", "open311-requests", "open311-request"}
    for _name, url in routes:
        response = client.get(url)
        if response.status_code != 200:
            _refusal(response, 404)
        _refusal(client.delete(url), 405)
        assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"service_code": ', "application/json"),
        ('["a list"]', "application/json"),
        ('{"description": "\\u0000积水积水积水积水"}', "application/json"),
        ("[" * 5000 + "]" * 5000, "application/json"),
    ],
)
def test_hostile_bodies_are_400s_not_500s(api, body, content_type):
    response = api.generic("POST", REQUESTS, body, content_type=content_type)
    _refusal(response, 400)
    assert not Suggestion.objects.exists()


def test_a_nul_in_a_field_is_refused(api, geo):
    _refusal(api.post(REQUESTS, {**geo, "description": "积水\u0000严重，老人出行困难。"}), 400)
    assert not Suggestion.objects.exists()


def test_the_list_costs_the_same_queries_for_one_case_or_three(client, make, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(REQUESTS).status_code == 200
        return len(seen)

    _published(make, staff)
    one = queries()
    _published(make, staff, submitter_mobile="13800138011")
    _published(make, staff, submitter_mobile="13800138012")
    assert len(client.get(REQUESTS).json()) == 3 and queries() == one
