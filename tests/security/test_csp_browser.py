"""Every kind of page works under the Content-Security-Policy in a real browser: Debian's Chromium,
driven by Playwright, loads each page as the people who use it and must report no CSP violation
(console or ``securitypolicyviolation`` event) and no script error."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.browser.support import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded"),
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is installed by scripts/dev.py"),
]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || ""));
});
"""


def _visit(browser, base: str, paths: list[str], session: str | None = None) -> list[str]:
    context = browser.new_context(locale="zh-CN")
    if session:
        context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
    context.add_init_script(RECORD_VIOLATIONS)
    # Map tiles come from the internet, which the test machine may not reach: answer them locally.
    context.route("https://**/*", lambda route: route.fulfill(status=204, body=""))
    problems: list[str] = []
    page = context.new_page()
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    for path in paths:
        response = page.goto(base + path, wait_until="networkidle")
        assert response is not None and response.status < 400, f"{path}: {response and response.status}"
        problems.extend(f"{path}: {v}" for v in page.evaluate("window.__csp"))
    context.close()
    # A tile answered with no content is not a policy problem.
    return [p for p in problems if "Failed to load resource" not in p or "Content Security" in p]


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def test_public_pages_run_under_the_policy(browser, live_server, make, station, deputy):
    from tests.factories.stations import ReceptionFactory

    item = make("closed", deputy=deputy, station=station)
    reception = ReceptionFactory(station=station)
    paths = [
        reverse("reception-book", args=[reception.pk]),
        reverse("booking-cancel"),
        reverse("votes-propose"),
        reverse("home"),
        reverse("deputy-list"),
        reverse("deputy-detail", args=[deputy.slug]),
        reverse("deputy-statistics"),
        reverse("station-list"),
        reverse("station-detail", args=[station.slug]),
        reverse("reception-calendar"),
        reverse("submit"),
        reverse("track"),
        reverse("case-list"),
        reverse("project-list"),
        reverse("login"),
        reverse("api-docs"),
        reverse("api-redoc"),
    ]
    assert item.code
    assert _visit(browser, live_server.url, paths) == []


def test_staff_and_dashboard_pages_run_under_the_policy(
    browser, live_server, make, staff, officer, deputy_user, liaison, station
):
    item = make("replied", deputy=deputy_user.deputy, station=station)
    problems = _visit(
        browser,
        live_server.url,
        [
            reverse("admin:index"),
            reverse("admin:suggestions_suggestion_changelist"),
            reverse("admin:suggestions_suggestion_case", args=[item.pk]),
            reverse("admin:suggestions_suggestion_enter"),
            reverse("admin:deputies_deputy_add"),
            reverse("admin:stations_station_changelist"),
        ],
        _session(staff),
    )
    problems += _visit(
        browser,
        live_server.url,
        [reverse("unit-home"), reverse("unit-item", args=[item.assignments.get().pk])],
        _session(officer),
    )
    problems += _visit(
        browser,
        live_server.url,
        [reverse("dashboard"), reverse("opinion-list"), reverse("opinion-detail", args=[item.code])],
        _session(deputy_user),
    )
    problems += _visit(
        browser,
        live_server.url,
        [reverse("desk-home"), reverse("desk-new", args=[station.slug])],
        _session(liaison),
    )
    assert problems == []
