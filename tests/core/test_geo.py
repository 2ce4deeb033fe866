"""WGS-84 → GCJ-02 for Chinese map components, against the published reference points."""

from __future__ import annotations

import pytest

from congress.geo import outside_china, wgs84_to_gcj02

# (WGS-84, GCJ-02) pairs of the public eviltransform project's tests (github.com/googollee/eviltransform).
REFERENCE = [
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),  # Shanghai
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),  # Shenzhen
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),  # Beijing
]


@pytest.mark.parametrize("wgs, gcj", REFERENCE)
def test_the_reference_points_convert_exactly(wgs, gcj):
    assert wgs84_to_gcj02(*wgs) == pytest.approx(gcj, abs=1e-9)


@pytest.mark.parametrize("point", [(39.7392, -104.9903), (-27.4698, 153.0251), (51.5072, -0.1276)])
def test_outside_china_the_datums_agree(point):
    assert outside_china(*point) and wgs84_to_gcj02(*point) == point


def test_the_shift_in_lanzhou_is_a_few_hundred_metres():
    latitude, longitude = wgs84_to_gcj02(36.061089, 103.834304)
    assert 0.0005 < abs(latitude - 36.061089) + abs(longitude - 103.834304) < 0.01
