"""Fixtures of the deputies and stations tests (``tests/stations/conftest.py`` reuses them): the
Chinese catalogues compiled, Chinese active, the seed rows of the data migrations present."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _chinese() -> Iterator[None]:
    with translation.override("zh-hans"):
        yield


# Data migrations whose rows the tests rely on: the default checklist, the default points rules and
# duty quotas.
SEED_MIGRATIONS = (
    "stations.migrations.0004_default_checklist",
    "deputies.migrations.0006_default_points_and_quotas",
)


@pytest.fixture(autouse=True)
def _seed_data(request: pytest.FixtureRequest) -> None:
    """Seed rows come from data migrations; a transactional test may have flushed them from a
    reused test database, so put them back the way the migrations do."""
    if "django_db" not in request.keywords:
        return
    request.getfixturevalue("transactional_db" if _is_transactional(request) else "db")
    from django.apps import apps

    for name in SEED_MIGRATIONS:
        importlib.import_module(name).forwards(apps, None)


def _is_transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
