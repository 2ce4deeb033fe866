"""What the browser tests (and the screenshot command) share: where Chromium is, how to log in
through the form, and the checks a page must pass."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "static" / "vendor" / "axe-core" / "axe.min.js"
# What axe-core must not find on a page; "moderate" and "minor" findings are listed in
# docs/accessibility.md when they remain.
BLOCKING_IMPACTS = ("serious", "critical")
PASSWORD = "Secret#2026"  # tests.factories.core.UserFactory


def log_in(page: Any, username: str, *, password: str = PASSWORD, next_path: str = "/") -> None:
    page.goto(f"/accounts/login/?next={next_path}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="登录").click()


def horizontal_overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the window (0 when it does not scroll sideways)."""
    return int(page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth"))


# Controls a thumb must hit: buttons, form fields, and the navigation bars' links (links inside a
# sentence are exempt, as in WCAG 2.5.8).
TAP_TARGETS = (
    "button:visible, input:not([type=hidden]):not([type=checkbox]):not([type=radio]):visible,"
    " select:visible, textarea:visible, a.button:visible, .small-button:visible, nav a:visible"
)
MIN_TAP = 44


def small_tap_targets(page: Any) -> list[str]:
    """The controls smaller than 44 CSS pixels in height (or width, for non-text controls)."""
    return page.evaluate(
        """([selector, min]) => Array.from(document.querySelectorAll(selector.replace(/:visible/g, '')))
        .filter(el => el.offsetParent !== null && !el.closest('[aria-hidden=true], .sg-hp'))
        .map(el => [el, el.getBoundingClientRect()])
        .filter(([el, r]) => r.height + 0.5 < min || r.width + 0.5 < min)
        .map(([el, r]) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`
             + ` "${(el.innerText || el.value || el.name || '').trim().slice(0, 20)}"`
             + ` ${Math.round(r.width)}x${Math.round(r.height)}`)""",
        [TAP_TARGETS, MIN_TAP],
    )


def axe_violations(page: Any, impacts: tuple[str, ...] = BLOCKING_IMPACTS) -> list[str]:
    """Run axe-core (served from the portal's own static files) on the page; the findings of the
    given impacts, one line each with the rule and the first offending elements."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    results = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    return [
        f"{v['impact']} {v['id']} ({v['help']}): {', '.join(v['nodes'])}"
        for v in results
        if v["impact"] in impacts
    ]


def check_page(page: Any, *, axe: bool = True, taps: bool = True) -> None:
    """The checks every public page of a journey passes: no sideways scrolling on the phone, tap
    targets of at least 44 px, and no serious or critical accessibility finding."""
    # After a click the DOM may be there before the stylesheets: measure the page as it is shown.
    page.wait_for_load_state("load")
    overflow = horizontal_overflow(page)
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"
    if taps:
        small = small_tap_targets(page)
        assert small == [], f"{page.url}: tap targets under {MIN_TAP}px: " + "; ".join(small)
    if axe:
        problems = axe_violations(page)
        assert problems == [], f"{page.url}: " + "; ".join(problems)
