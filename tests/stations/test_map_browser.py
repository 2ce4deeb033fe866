"""The station map in a real browser (Debian's Chromium through Playwright) when no tile server can
be reached: every tile request fails, or tiles are turned off. The markers stay on a plain
background with the note, and the station list stays."""

from __future__ import annotations

import os
import shutil
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories.deputies import StationFactory

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is installed by scripts/dev.py"),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def placed_stations(transactional_db):
    return [
        StationFactory(
            name=f"第{n}代表联络站", latitude=Decimal("36.05") + n, longitude=Decimal("103.80") + n
        )
        for n in range(3)
    ]


def _open_station_list(browser, base: str, tile_requests: list[str]):
    context = browser.new_context(locale="zh-CN")

    def refuse(route):
        tile_requests.append(route.request.url)
        route.abort("connectionrefused")

    # Nothing outside the portal answers: an intranet with no route to a tile server.
    context.route("https://**/*", refuse)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + reverse("station-list"))
    return context, page, errors


def test_failing_tiles_leave_markers_on_a_plain_background_and_the_list(
    browser, live_server, placed_stations
):
    tile_requests: list[str] = []
    context, page, errors = _open_station_list(browser, live_server.url, tile_requests)
    page.wait_for_selector("#station-map[data-state=plain]", timeout=15000)
    assert tile_requests, "the map asked the tile server first"
    assert page.locator("#station-map .leaflet-tile-pane img").count() == 0
    assert page.locator("#station-map path.leaflet-interactive").count() == len(placed_stations)
    assert page.is_visible("#station-map-note")
    labels = page.locator("#station-map .leaflet-tooltip").all_inner_texts()
    assert sorted(labels) == sorted(s.name for s in placed_stations)
    cards = page.locator(".station-list .station-card")
    assert cards.count() == len(placed_stations)
    assert cards.first.locator("a.small-button").count() == 2
    assert errors == []
    context.close()


def test_tiles_turned_off_ask_no_tile_server(browser, live_server, placed_stations, settings):
    settings.MAP_TILE_URL = "none"
    tile_requests: list[str] = []
    context, page, errors = _open_station_list(browser, live_server.url, tile_requests)
    page.wait_for_selector("#station-map.is-plain")
    assert page.locator("#station-map path.leaflet-interactive").count() == len(placed_stations)
    assert page.locator("#station-map .leaflet-control-attribution").count() == 0
    page.wait_for_load_state("networkidle")
    assert tile_requests == [] and errors == []
    context.close()
