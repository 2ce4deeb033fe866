"""The station map's tile settings and the markup that works without tiles: the tile template and
attribution are settings ("none" turns tiles off), the Content-Security-Policy follows the tile host,
and the station list with addresses and navigation links is in the HTML whatever the map does."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from congress.settings.base import _tile_source
from stations.maps import map_tiles
from tests.factories.deputies import StationFactory

TIANDITU = (
    "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec"
    "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY"
)


def test_the_policy_source_of_a_tile_template_is_its_host():
    assert (
        _tile_source("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")
        == "https://*.tile.openstreetmap.org"
    )
    assert _tile_source("https://tiles.gov.example/{z}/{x}/{y}.png") == "https://tiles.gov.example"


def test_a_subdomain_inside_a_label_widens_to_a_whole_label_wildcard():
    # CSP allows '*' only as a whole leftmost label: t{s}.tianditu.gov.cn cannot be t*.tianditu.gov.cn.
    assert _tile_source(TIANDITU) == "https://*.tianditu.gov.cn"


def test_no_tiles_adds_no_image_source():
    assert _tile_source("") is None
    assert _tile_source("none") is None


def test_tiles_read_the_settings(settings):
    settings.MAP_TILE_URL = TIANDITU
    settings.MAP_TILE_SUBDOMAINS = "01234567"
    settings.MAP_TILE_ATTRIBUTION = "&copy; 天地图"
    settings.MAP_TILE_LABELS_URL = TIANDITU.replace("vec", "cva")
    tiles = map_tiles()
    assert tiles.enabled
    assert (tiles.url, tiles.subdomains, tiles.attribution) == (TIANDITU, "01234567", "&copy; 天地图")
    assert "cva_w" in tiles.labels_url


@pytest.mark.parametrize("value", ["", "none", "NONE", "  "])
def test_an_empty_or_none_template_turns_tiles_off(settings, value):
    settings.MAP_TILE_URL = value
    assert not map_tiles().enabled


@pytest.fixture
def placed_stations(db):
    return [
        StationFactory(name="城关区东岗人大代表之家", latitude=Decimal("36.05"), longitude=Decimal("103.85")),
        StationFactory(
            name="七里河区西站代表联络站",
            address="七里河区西津西路9号",
            latitude=Decimal("36.06"),
            longitude=Decimal("103.79"),
        ),
    ]


def test_the_station_list_is_in_the_page_with_addresses_and_navigation(client, placed_stations, settings):
    settings.MAP_TILE_URL = "none"
    page = client.get(reverse("station-list")).content.decode()
    for station in placed_stations:
        assert station.name in page and station.address in page
    assert page.count("uri.amap.com/marker") == 2 and page.count("api.map.baidu.com/marker") == 2
    # The map waits for its script; with tiles off it starts as plain and names no tile server.
    assert 'id="station-map"' in page and 'data-tiles=""' in page and 'data-state="plain"' in page
    assert 'id="station-map" class="station-map" hidden' in page
    assert "openstreetmap" not in page


def test_a_configured_tile_server_and_attribution_reach_the_map(client, placed_stations, settings):
    settings.MAP_TILE_URL = "https://tiles.gov.example/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "示范市自然资源局"
    page = client.get(reverse("station-list")).content.decode()
    assert 'data-tiles="https://tiles.gov.example/{z}/{x}/{y}.png"' in page
    assert 'data-attribution="示范市自然资源局"' in page
    assert "底图" in page  # the note shown when the tiles fail, in Chinese


def test_the_station_page_has_navigation_links_before_the_map(client, placed_stations, settings):
    settings.MAP_TILE_URL = "none"
    page = client.get(reverse("station-detail", args=[placed_stations[0].slug])).content.decode()
    assert page.index("uri.amap.com/marker") < page.index('id="station-map"')
    assert 'class="station-map small" hidden' in page
