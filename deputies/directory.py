"""What the public deputy directory lists to filter by that another app owns: the stations.

The directory lives in ``deputies``, which must not import the apps above it (STYLE: "which way
imports run"). As with the dashboard's panels (``congress.dashboard``), the stations app registers
its selector here from ``StationsConfig.ready``, so the dependency runs stations → deputies where
the import linter sees it. Without the stations app the directory offers no station filter."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

# A station the filter offers has a ``pk`` and a ``name``; the loader takes the district chosen
# (None: all) and returns them in the order shown, lazily (the page's cached fragment may not ask).
StationOptions = Callable[..., Iterable[Any]]

_station_options: list[StationOptions] = []


def station_options_register(load: StationOptions) -> None:
    """Register (or replace, on a second ``ready``) the loader of the station filter's options."""
    _station_options[:] = [load]


def station_options(*, area_id: int | None) -> Iterable[Any]:
    """The stations the directory can be filtered by, within district ``area_id`` when given."""
    return _station_options[0](area_id=area_id) if _station_options else []
