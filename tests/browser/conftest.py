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

# Init scripts run outside the page's policy; this one logs each violation event to the console,
# where the fixture collects it.
CSP_MARK = "csp-violation: "
REPORT_VIOLATIONS = (
    'document.addEventListener("securitypolicyviolation", (e) => console.error('
    f'"{CSP_MARK}" + e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || "")));'
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


def _csp_message(text: str) -> bool:
    return "Content Security Policy" in text or "Content-Security-Policy" in text


@pytest.fixture
def context(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """``context("phone")`` or ``context("desktop")``: a fresh browser profile on the live server;
    map tiles (from the internet) are answered locally with an empty response. Every journey fails
    on a Content-Security-Policy violation in any of its pages: Chromium's console message and the
    page's ``securitypolicyviolation`` event (an inline handler blocked by the policy fails
    silently for the user, so the test must see it)."""
    opened: list[Any] = []
    violations: list[str] = []

    def _watch(page: Any) -> None:
        def _console(message: Any) -> None:
            if message.text.startswith(CSP_MARK) or _csp_message(message.text):
                violations.append(f"{page.url}: {message.text}")

        page.on("console", _console)

    def _open(kind: str = "phone") -> Any:
        ctx = browser.new_context(
            locale="zh-CN", base_url=live_server.url, **(PHONE if kind == "phone" else DESKTOP)
        )
        ctx.route("https://**/*", lambda route: route.fulfill(status=204, body=""))
        ctx.add_init_script(REPORT_VIOLATIONS)
        ctx.on("page", _watch)
        ctx.set_default_timeout(15_000)
        opened.append(ctx)
        return ctx

    yield _open
    for ctx in opened:
        ctx.close()
    assert violations == [], "Content-Security-Policy violations: " + "; ".join(dict.fromkeys(violations))
