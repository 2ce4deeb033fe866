"""Every URL pattern of the portal — public pages, the API, the dashboards, the admin — answers bad
path segments and query parameters with a 4xx or a page, never a 500.

The walk reads the patterns from the URL resolver (so a new page is covered the day it is added)
and the query parameter names from the code (every ``GET.get("x")`` and ``query_params.get("x")``),
then sends each pattern hostile values: a NUL byte, numbers far out of any range, negative numbers,
malformed dates, very long strings. Anonymous visitors and a superuser both walk it."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ("congress", "deputies", "stations", "suggestions", "votes")
PARAM_RE = re.compile(r"""(?:GET|query_params)(?:\.get\(|\[)\s*["']([A-Za-z_][\w]*)["']""")
# Parameters read by libraries rather than by our code: pagination, search, ordering, format.
LIBRARY_PARAMS = {
    "page",
    "page_size",
    "q",
    "o",
    "p",
    "e",
    "format",
    "ordering",
    "search",
    "next",
    "_changelist_filters",
}

PATH_VALUES = {
    "int": ["0", "99999999999999999999", "2147483648"],
    "str": ["%00", "x" * 400, "%E4%B8%AD%E6%96%87", "..%2F..%2Fetc%2Fpasswd"],
    "slug": ["x" * 400, "-", "nosuch"],
    "path": ["%00", "x" * 400],
}
QUERY_VALUES = ["%00", "99999999999999999999", "-1", "2024-13-45", "1e309", "x" * 300 + "%FF"]
# The admin's pages are many and heavy: the values that broke them (wrong type, out of range).
ADMIN_QUERY_VALUES = ["99999999999999999999", "2024-13-45", "x" * 300 + "%FF"]


def _query_names() -> list[str]:
    names = set(LIBRARY_PARAMS)
    for folder in SOURCE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            names.update(PARAM_RE.findall(path.read_text(encoding="utf-8")))
    return sorted(names)


def _routes(patterns, prefix="") -> list[str]:
    found: list[str] = []
    for entry in patterns:
        pattern = entry.pattern
        if not isinstance(pattern, RoutePattern):  # regex patterns (the admin's app index, i18n)
            route = prefix + _regex_route(str(pattern))
        else:
            route = prefix + str(pattern)
        if isinstance(entry, URLResolver):
            found.extend(_routes(entry.url_patterns, route))
        elif isinstance(entry, URLPattern):
            found.append(route)
    return found


def _walk(patterns) -> list[tuple[str, list[tuple[str, str]]]]:
    """(route, [(converter, name)]) for every pattern, admin and API included."""
    return [(route, re.findall(r"<(?:(\w+):)?(\w+)>", route)) for route in sorted(set(_routes(patterns)))]


def _regex_route(regex: str) -> str:
    """Turn the few regex patterns into a route with a plain <str:...> for each group."""
    route = regex.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\.", ".")
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<str:\1>", route)
    return re.sub(r"[\\^$?+*()|\[\]]", "", route)


def _paths(route: str, params: list[tuple[str, str]]) -> list[str]:
    benign = {
        "int": "1",
        "str": "ZZZZZZZZ",
        "slug": "nosuch",
        "path": "x",
        "uuid": "00000000-0000-0000-0000-000000000000",
    }

    def fill(values: dict[str, str]) -> str:
        def swap(match: re.Match[str]) -> str:
            return values[match.group(2)]

        return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", swap, route)

    if not params:
        return ["/" + route]
    paths = []
    for converter, name in params:
        for hostile in PATH_VALUES.get(converter or "str", PATH_VALUES["str"]):
            values = {n: benign.get(c or "str", "x") for c, n in params}
            values[name] = hostile
            paths.append(fill(values))
    return paths


ROUTES = _walk(get_resolver().url_patterns)
QUERY_NAMES = _query_names()


def _query(value: str) -> str:
    return "&".join(f"{name}={value}" for name in QUERY_NAMES)


def _assert_no_500(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code < 500, f"{path[:200]} -> {response.status_code}"


def test_the_walk_covers_the_public_api_and_admin_urls():
    routes = {route for route, _params in ROUTES}
    assert {"q/<str:token>/", "deputies/", "stations/", "api/v1/calendar/working-days/"} <= routes
    assert any(route.startswith("admin/") for route in routes)
    assert {"year", "q", "area", "page"} <= set(QUERY_NAMES)


@pytest.mark.parametrize(("route", "params"), ROUTES, ids=[r for r, _p in ROUTES])
def test_hostile_path_segments_and_queries_never_give_a_server_error(route, params, client, admin_client):
    # The admin only answers logged-in staff (anonymous visitors are sent to the login page).
    in_admin = route.startswith(settings.ADMIN_URL)
    visitors = [admin_client] if in_admin else [client, admin_client]
    for visitor in visitors:
        for path in _paths(route, params):
            _assert_no_500(visitor, path)
        if not params:
            for value in ADMIN_QUERY_VALUES if in_admin else QUERY_VALUES:
                _assert_no_500(visitor, f"/{route}?{_query(value)}")


@pytest.mark.parametrize(
    "path",
    [
        "/deputies/?q=%00",
        "/stations/?q=%00",
        "/q/%00/",
        "/api/v1/calendar/working-days/?year=99999",
        f"/cases/?q={quote(chr(0))}",
    ],
)
def test_the_reported_500s_are_gone(client, db, path):
    assert client.get(path).status_code in (200, 400, 404)
