"""Coordinates for Chinese map components.

The portal stores positions in WGS-84 (GPS, OpenStreetMap). Maps published in mainland China (Tencent,
AMap/Gaode, the WeChat ``<map>`` component) draw in GCJ-02, a datum that shifts WGS-84 by a few hundred
metres by a published polynomial; a WGS-84 point drawn on them lands in the wrong street. The API gives
both (docs/api.md, "Maps"). Outside mainland China GCJ-02 equals WGS-84.

The conversion below is the commonly published forward formula (Krasovsky 1940 ellipsoid,
``a = 6378245``, ``e² = 0.00669342162296594323``); it is accurate to well under a metre against the
reference points in tests/core/test_geo.py. There is no exact inverse: the API never converts back."""

from __future__ import annotations

import math

# The datum the portal stores and the API names next to every position.
WGS84 = "WGS-84"

KRASOVSKY_A = 6378245.0
KRASOVSKY_EE = 0.00669342162296594323


def outside_china(latitude: float, longitude: float) -> bool:
    """The bounding box the formula is applied in (a rectangle around mainland China)."""
    return not (73.66 < longitude < 135.05 and 3.86 < latitude < 53.55)


def _shift_latitude(x: float, y: float) -> float:
    value = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    value += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    value += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return value


def _shift_longitude(x: float, y: float) -> float:
    value = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    value += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    value += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return value


def wgs84_to_gcj02(latitude: float, longitude: float) -> tuple[float, float]:
    """(latitude, longitude) in GCJ-02 of a WGS-84 point."""
    if outside_china(latitude, longitude):
        return latitude, longitude
    d_lat = _shift_latitude(longitude - 105.0, latitude - 35.0)
    d_lon = _shift_longitude(longitude - 105.0, latitude - 35.0)
    radians = latitude / 180.0 * math.pi
    magic = 1 - KRASOVSKY_EE * math.sin(radians) ** 2
    root = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * root) * math.pi)
    d_lon = (d_lon * 180.0) / (KRASOVSKY_A / root * math.cos(radians) * math.pi)
    return latitude + d_lat, longitude + d_lon
