"""Fixtures of the deputies and stations tests: the Chinese catalogues compiled, Chinese active."""

from __future__ import annotations

import importlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = [
    ROOT / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    for app in ("deputies", "stations", "congress")
]


def _compile_catalogues() -> None:
    """Compiled catalogues are not committed: compile the ones whose Chinese texts the tests pin."""
    msgfmt = shutil.which("msgfmt")
    for catalogue in CATALOGUES:
        compiled = catalogue.with_suffix(".mo")
        if msgfmt and (not compiled.exists() or compiled.stat().st_mtime < catalogue.stat().st_mtime):
            subprocess.run([msgfmt, "-o", str(compiled), str(catalogue)], check=True)


_compile_catalogues()


@pytest.fixture(autouse=True)
def _chinese() -> Iterator[None]:
    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def _default_checklist(request: pytest.FixtureRequest) -> None:
    """The default checklist comes from a data migration; a transactional test may have flushed it
    from a reused test database, so put it back the way the migration does."""
    if "django_db" not in request.keywords:
        return
    request.getfixturevalue("transactional_db" if _is_transactional(request) else "db")
    from django.apps import apps

    importlib.import_module("stations.migrations.0004_default_checklist").forwards(apps, None)


def _is_transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
