"""Fixtures of the browser tests: Debian's Chromium driven by Playwright against the live server on
loopback, a phone (390×844, touch) for the public pages and a desktop window for staff, and the
checks every page of a journey must pass (no horizontal scrolling, axe-core)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.security.conftest import seeded  # noqa: F401  (fixture)
from tests.suggestions.conftest import (  # noqa: F401  (fixtures)
    category,
    deputy,
    deputy_user,
    liaison,
    make,
    officer,
    role_groups,
    staff,
    station,
    street,
    submit,
    unit,
)

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def context(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """``context("phone")`` or ``context("desktop")``: a fresh browser profile on the live server;
    map tiles (from the internet) are answered locally with an empty response."""
    opened: list[Any] = []

    def _open(kind: str = "phone") -> Any:
        ctx = browser.new_context(
            locale="zh-CN", base_url=live_server.url, **(PHONE if kind == "phone" else DESKTOP)
        )
        ctx.route("https://**/*", lambda route: route.fulfill(status=204, body=""))
        ctx.set_default_timeout(15_000)
        opened.append(ctx)
        return ctx

    yield _open
    for ctx in opened:
        ctx.close()
