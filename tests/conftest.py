"""Fixtures shared by every test package, and the one place the zh-hans catalogues are compiled."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


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


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: Any, items: list[pytest.Item]) -> None:
    """Modules with a test marked ``slow`` run first, each kept whole (its module-scoped fixtures
    are built once), the rest in their usual order. Under xdist the long tests start while the
    other worker takes short ones, so no worker is left waiting at the end on a long test that
    was handed out last. Runs before pytest-django's own ordering, whose stable sort then keeps
    this order within each kind: tests in a transaction, then tests that commit (and flush the
    database after them, the rows of the migrations with it), then tests without a database."""
    _unique_node_ids(items)
    slow = {item.nodeid.split("::")[0] for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.nodeid.split("::")[0] not in slow)


def _unique_node_ids(items: list[pytest.Item]) -> None:
    """Schemathesis gives every API operation of its generated test the same node id (only the name
    differs). xdist's scope schedulers (``--dist loadgroup``) key the work by node id, so all but one
    of such items would silently not run: each takes its own name into its id."""
    seen: dict[str, int] = {}
    for item in items:
        seen[item.nodeid] = seen.get(item.nodeid, 0) + 1
    if not any(count > 1 for count in seen.values()):
        return
    from _pytest.nodeid import coerce_node_id  # pytest keeps a node's id here (no public setter)

    for item in items:
        if seen[item.nodeid] > 1:
            item._id = coerce_node_id(f"{item.nodeid.rsplit('::', 1)[0]}::{item.name}")
    assert len({item.nodeid for item in items}) == len(items), "node ids still repeat"


# The shared worlds being read now, by fixture name (see shared_rows).
_SHARED: list[str] = []


def shared_rows(request: Any, django_db_blocker: Any, build: Callable[[], T]) -> Iterator[T]:
    """Rows built once for every test of a module: a module-scoped fixture (which asks for
    ``django_db_setup`` and ``django_db_blocker``) does ``yield from shared_rows(request,
    django_db_blocker, build)`` and its tests get what ``build()`` returned.

    What ``build`` writes stays in one transaction, rolled back when the module ends; each test runs
    in a savepoint inside it (pytest-django's ``db``), so what a test writes is undone after it as
    usual and the next test finds the shared rows as they were built. For a costly world (the demo,
    a city of items) that several tests read; not for ``transactional_db`` tests, which commit.
    A test of the module that does not ask for the fixture would see the rows all the same: it
    fails (``_shared_rows_asked_for``) rather than run on a world it did not choose. The database
    is open to the fixture only while it builds and rolls back: a test still needs its
    ``django_db`` mark. Under xdist, mark the module ``xdist_group`` so that its tests share one
    worker and the world is built once (``--dist loadgroup`` in scripts/dev.py)."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            value = build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    _SHARED.append(request.fixturename)
    try:
        yield value
    finally:
        _SHARED.remove(request.fixturename)
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _shared_rows_asked_for(request: Any) -> None:
    strays = [name for name in _SHARED if name not in request.fixturenames]
    if strays:
        pytest.fail(f"runs inside the shared rows of {strays} without asking for them", pytrace=False)


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
