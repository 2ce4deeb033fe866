"""``/api/v1/`` names every group of endpoints the URL map has under it, each with a Chinese line on
what it holds and who may use it, and links the OpenAPI schema and its documentation page."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from congress.api_index import API_GROUPS, DOCUMENTATION_PATHS

pytestmark = pytest.mark.django_db


def _api_paths() -> list[str]:
    """Every endpoint below /api/v1/, as a path with the regex marks of routers removed."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            text = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, text)
            elif isinstance(pattern, URLPattern):
                yield text

    return [p.removeprefix("api/v1/") for p in walk(get_resolver().url_patterns) if p.startswith("api/v1/")]


def test_every_endpoint_belongs_to_a_listed_group():
    paths = [p for p in _api_paths() if p and not p.startswith(DOCUMENTATION_PATHS)]
    assert len(paths) >= 15
    orphans = [p for p in paths if not any(p.startswith(group.path) for group in API_GROUPS)]
    assert orphans == []


def test_every_listed_group_has_endpoints():
    paths = _api_paths()
    assert [g.path for g in API_GROUPS if not any(p.startswith(g.path) for p in paths)] == []


def test_the_root_lists_every_group_in_chinese_with_the_documentation(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    assert [g["path"] for g in body["groups"]] == ["/api/v1/" + g.path for g in API_GROUPS]
    for group in body["groups"]:
        for text in (group["description"], group["access"]):
            assert re.search(r"[\u4e00-\u9fff]", text)
            assert not re.search(r"[A-Za-z]{2,}", re.sub(r"\b(API|PIN)\b", "", text)), text
    assert body["schema"].endswith("/api/v1/schema/") and body["docs"].endswith("/api/v1/docs/")
    assert "接口" in body["title"]


def test_the_linked_documents_are_served_by_the_portal(client):
    body = client.get("/api/v1/").json()
    assert client.get(body["schema"].replace("http://testserver", "")).status_code == 200
    docs = client.get(body["docs"].replace("http://testserver", ""))
    assert docs.status_code == 200 and b"cdn" not in docs.content.lower()


def test_the_group_addresses_answer_as_their_access_says(client):
    from congress import api_index

    # Anonymous: public groups answer; staff-only ones refuse; client-app ones want their key (and
    # the submit endpoint takes POST only).
    expected = {
        api_index.PUBLIC: {200},
        api_index.PUBLIC_STAFF_WRITES: {200},
        api_index.STAFF: {401, 403},
        api_index.CLIENT_APP: {401, 403, 405},
        api_index.CLIENT_APP_BOOKING: {401, 405},
    }
    body = client.get("/api/v1/").json()
    for group, listed in zip(API_GROUPS, body["groups"], strict=True):
        if "{" in group.example:
            assert listed["url_template"].endswith("/api/v1/" + group.example)
            continue
        response = client.get(listed["url"].replace("http://testserver", ""))
        assert response.status_code in expected[group.access], (group.path, response.status_code)  # type: ignore[index]
