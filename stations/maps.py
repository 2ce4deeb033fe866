"""The station map's tile settings as the templates use them (docs/deputies-and-stations.md §1).

A government intranet rarely reaches a public tile server: the tile template is a setting, "none"
(or empty) draws the markers on a plain background, and the station list under the map never
depends on tiles or on JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

# Leaflet's own default tiles (*default*: OpenStreetMap, tile usage policy names this attribution).
DEFAULT_TILE_URL = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_TILE_ATTRIBUTION = "&copy; OpenStreetMap contributors"


def _template(value: object) -> str:
    text = str(value or "").strip()
    return "" if text.lower() == "none" else text


@dataclass(frozen=True)
class MapTiles:
    url: str
    labels_url: str
    subdomains: str
    attribution: str
    max_zoom: int

    @property
    def enabled(self) -> bool:
        return bool(self.url)


def map_tiles() -> MapTiles:
    """The configured tile source; ``url`` is empty when the map runs without tiles."""
    return MapTiles(
        url=_template(getattr(settings, "MAP_TILE_URL", DEFAULT_TILE_URL)),
        labels_url=_template(getattr(settings, "MAP_TILE_LABELS_URL", "")),
        subdomains=str(getattr(settings, "MAP_TILE_SUBDOMAINS", "abc") or "abc"),
        attribution=str(getattr(settings, "MAP_TILE_ATTRIBUTION", DEFAULT_TILE_ATTRIBUTION)),
        max_zoom=int(getattr(settings, "MAP_TILE_MAX_ZOOM", 18)),
    )
