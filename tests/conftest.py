"""Fixtures shared by every test package, and the one place the zh-hans catalogues are compiled."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def compile_catalogues() -> None:
    """Compiled catalogues are not committed (*.mo is ignored): compile every stale zh-hans one
    before any translation is loaded, so the Chinese texts the tests pin exist on a fresh checkout.
    Each file is written aside and moved into place, so a reader never sees half a catalogue."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return
    for po in ROOT.glob("*/**/locale/zh_Hans/LC_MESSAGES/django.po"):
        if {".venv", "var", "node_modules"} & set(po.relative_to(ROOT).parts):
            continue
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        partial = mo.with_suffix(f".{os.getpid()}.tmp")
        subprocess.run([msgfmt, "--check-format", "-o", str(partial), str(po)], check=True)
        partial.replace(mo)


def pytest_configure(config: Any) -> None:
    compile_catalogues()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _clear_cache() -> None:
    """Empty this test run's cache. On the shared Redis only this checkout's and worker's keys go
    (``clear()`` would FLUSHDB under the other worker's feet)."""
    from django.core.cache import cache

    redis_cache = getattr(cache, "_cache", None)
    if redis_cache is None or not hasattr(redis_cache, "get_client"):
        cache.clear()
        return
    client = redis_cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _fresh_cache():
    _clear_cache()
    yield
    _clear_cache()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded build), one per test module."""
    import os

    from playwright.sync_api import sync_playwright

    from tests.browser.support import CHROMIUM, LAUNCH_ARGS

    if CHROMIUM is None:
        pytest.skip("Debian's chromium is installed by scripts/dev.py")
    # Playwright's sync API keeps an event loop in this thread; the test's own database calls are
    # still synchronous ones, which Django would otherwise refuse.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
