"""Hostile JSON bodies on every writing API endpoint, found by walking the URL resolver (the routers
and the public views alike, never a hand list), as anonymous and as staff holding every permission:
deep nesting, a NUL and other control characters get a 400 naming the field in Chinese, never a
500, and nothing is stored (congress/parsers.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient
from rest_framework.views import APIView

from congress.apiclients.services import api_client_register
from deputies.models import Delegation, DeputyGroup
from stations.models import Reception, Station
from suggestions.models import Suggestion
from tests.factories.core import TermFactory, UserFactory
from tests.factories.deputies import DeputyFactory, StationFactory
from tests.factories.stations import ReceptionFactory

WRITES = ("post", "put", "patch")
APPS = ("congress", "calendar", "notifications", "apiclients", "deputies", "stations", "suggestions", "votes")
NESTED = '{"a":' * 5000 + "1" + "}" * 5000


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def api_endpoints() -> list[tuple[str, URLPattern, type[APIView], list[str]]]:
    """Every DRF view under /api/ with the write methods it answers."""
    found = []
    for route, pattern in _walk(get_resolver().url_patterns):
        view = getattr(pattern.callback, "cls", None)
        if not (route.startswith("api/") and isinstance(view, type) and issubclass(view, APIView)):
            continue
        actions = getattr(pattern.callback, "actions", None)
        methods = [m for m in WRITES if (m in actions if actions else hasattr(view, m))]
        if methods:
            found.append((route, pattern, view, methods))
    return found


def _model_of(view: type[APIView]) -> type[models.Model] | None:
    queryset = getattr(view, "queryset", None)
    if queryset is not None:
        return queryset.model
    serializer = getattr(view, "serializer_class", None)
    meta = getattr(serializer, "Meta", None)
    return getattr(meta, "model", None)


def _url(route: str, pattern: URLPattern, view: type[APIView], code: str) -> str:
    """The pattern's URL, its arguments taken from an existing object (so the body is parsed)."""
    model = _model_of(view)
    instance = model.objects.order_by("pk").first() if model else None
    url = "/" + route.replace("^", "").replace("$", "")
    for name in pattern.pattern.regex.groupindex:
        if name == "code":
            value: Any = code
        elif instance is not None and name == getattr(view, "lookup_field", "pk"):
            value = getattr(instance, name)
        else:
            value = 1
        url = re.sub(rf"\(\?P<{name}>[^)]*\)|<(?:\w+:)?{name}>", str(value), url)
    return url


def _fields(view: type[APIView]) -> list[str]:
    serializer = getattr(view, "serializer_class", None)
    names = ["station", "name", "title", "text", "pin", "note", "to", "deputies", "submitter_name"]
    if serializer is not None:
        names += [n for n, f in serializer().fields.items() if not f.read_only]
    return sorted(set(names))


def _bodies(view: type[APIView]) -> dict[str, str]:
    fields = _fields(view)
    return {
        "deep nesting": NESTED,
        "NUL": json.dumps(dict.fromkeys(fields, "\u0000")),
        "controls": json.dumps(dict.fromkeys(fields, "正常文字\u0001\u001b")),
        "NUL in a key": json.dumps({"\u0000": "x"}),
    }


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in APPS and not m._meta.proxy and m._meta.managed
    }


@pytest.fixture
def world(db, role_groups, submit):
    item = submit().suggestion
    term = TermFactory.create()
    DeputyFactory.create()
    station = StationFactory.create()
    ReceptionFactory.create(station=station)
    Delegation.objects.create(name="第一代表团", term=term)
    DeputyGroup.objects.create(name="第一代表小组", kind=DeputyGroup.Kind.choices[0][0])
    return item


@pytest.fixture
def everything_staff(world):
    user = UserFactory.create(is_staff=True)
    user.user_permissions.add(*Permission.objects.all())
    return user


def _client(who: str, everything_staff: Any) -> APIClient:
    client = APIClient()
    _api, key = api_client_register(name="hostile", kind="hotline", rate="100000/m")
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    if who == "staff":
        client.force_authenticate(everything_staff)
    return client


def test_the_walk_finds_the_writing_endpoints():
    names = {view.__name__ for _route, _pattern, view, _methods in api_endpoints()}
    assert {"PublicSuggestionCreate", "ReceptionViewSet", "DeputyViewSet", "StationViewSet"} <= names


@pytest.mark.parametrize("who", ["anonymous", "staff"])
def test_hostile_json_bodies_never_get_a_500_and_store_nothing(who, world, everything_staff):
    client = _client(who, everything_staff)
    before = _counts()
    wrong = []
    for route, pattern, view, methods in api_endpoints():
        url = _url(route, pattern, view, world.code)
        for label, body in _bodies(view).items():
            for method in methods:
                response = getattr(client, method)(url, body, content_type="application/json")
                if response.status_code >= 500 or 200 <= response.status_code < 300:
                    wrong.append(f"{who} {method.upper()} {url} {label}: {response.status_code}")
                elif who == "staff" and response.status_code != 400:
                    wrong.append(f"{who} {method.upper()} {url} {label}: {response.status_code}, not 400")
    assert not wrong, "\n".join(wrong)
    assert _counts() == before


def test_a_nul_in_a_staff_api_field_is_a_chinese_400_naming_it(world, everything_staff):
    client = _client("staff", everything_staff)
    response = client.post("/api/v1/receptions/", {"station": "\u0000"}, format="json")
    assert response.status_code == 400
    assert "空字符" in response.json()["errors"]["station"][0]
    assert Reception.objects.count() == 1


def test_control_characters_in_a_valid_body_are_refused_not_stored(world, everything_staff):
    client = _client("staff", everything_staff)
    station = Station.objects.get(receptions__isnull=False)
    response = client.patch(
        f"/api/v1/stations/{station.slug}/", {"name": "联络站\u0001\u001b"}, format="json"
    )
    assert response.status_code == 400 and "name" in response.json()["errors"]
    assert "\u0001" not in Station.objects.get(pk=station.pk).name


def test_the_public_submission_refuses_control_characters(world, category, street):
    client = _client("anonymous", None)
    body = {
        "title": "路灯损坏",
        "text": "路灯坏了\u0001\u001b两个星期。",
        "category": category.pk,
        "area": street.pk,
        "submitter_name": "王小明",
        "submitter_mobile": "13912345678",
        "consent_privacy": True,
    }
    count = Suggestion.objects.count()
    response = client.post("/api/v1/public/suggestions/", body, format="json")
    assert response.status_code == 400 and "text" in response.json()["errors"]
    assert Suggestion.objects.count() == count
