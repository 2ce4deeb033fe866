"""Fixtures shared by every test package."""

from __future__ import annotations

import pytest


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
