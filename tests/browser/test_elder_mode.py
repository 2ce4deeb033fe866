"""长辈模式 (国办公开办函〔2021〕28号): the header's switch, reached and pressed by keyboard, enlarges
text and controls with line spacing of at least 1.3, underlines links (no colour-only cue), is
remembered without an account on every public page, and every public page still fits a phone,
keeps thumb-sized controls and passes axe-core in it; a citizen follows a case by keyboard alone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from stations.services import qr_code_issue
from tests.browser.support import check_page
from tests.factories.stations import ReceptionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seeded")]

PUBLIC_PAGES = [
    "/",
    "/deputies/",
    "/deputies/statistics/",
    "/stations/",
    "/receptions/",
    "/submit/",
    "/track/",
    "/cases/",
    "/projects/",
    "/accounts/login/",
]
# The MIIT rules for elderly-friendly sites: line spacing at least 1.3 times the text size.
MIN_LINE_SPACING = 1.3


def _tab_to(page: Any, selector: str, *, limit: int = 40) -> None:
    """Press Tab until the element matching ``selector`` has the keyboard focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached by Tab on {page.url}")


def _text_metrics(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => {
        const root = parseFloat(getComputedStyle(document.documentElement).fontSize);
        const spacing = Array.from(document.querySelectorAll('main p, main li, main label, main dd'))
          .filter(el => el.offsetParent !== null && el.innerText.trim())
          .map(el => { const s = getComputedStyle(el);
                       return parseFloat(s.lineHeight) / parseFloat(s.fontSize); });
        const links = Array.from(document.querySelectorAll('main a'))
          .filter(el => el.offsetParent !== null && el.innerText.trim());
        return {
          root,
          minSpacing: spacing.length ? Math.min(...spacing) : 99,
          // A link is told apart by an underline or, drawn as a button or a tile, by a border.
          plainLinks: links.filter(a => { const s = getComputedStyle(a);
            return !s.textDecorationLine.includes('underline')
              && ['Top', 'Right', 'Bottom', 'Left'].every(side => s['border' + side + 'Style'] === 'none'); })
            .map(a => a.innerText.trim().slice(0, 20)),
          smallestControl: Math.min(...Array.from(document.querySelectorAll(
            'main input:not([type=hidden]):not([type=checkbox]):not([type=radio]), main select, main button'))
            .filter(el => el.offsetParent !== null).map(el => el.getBoundingClientRect().height), 999),
        };
      }"""
    )


def test_the_switch_by_keyboard_enlarges_every_public_page_and_is_remembered(context, deputy, station, make):
    ReceptionFactory(station=station)
    make("closed", deputy=deputy)
    qr = qr_code_issue(station=station)
    phone = context("phone")
    page = phone.new_page()
    page.goto("/")
    before = _text_metrics(page)
    assert page.locator("html.elder").count() == 0

    _tab_to(page, ".elder-toggle")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_class("elder")
    expect(page.locator(".elder-toggle")).to_have_attribute("aria-pressed", "true")
    assert _text_metrics(page)["root"] >= before["root"] * 1.25

    # Remembered without an account: a new tab of the same browser, any public page.
    other = phone.new_page()
    for path in [
        *PUBLIC_PAGES,
        f"/deputies/{deputy.slug}/",
        f"/stations/{station.slug}/",
        f"/q/{qr.token}/about/",
    ]:
        response = other.goto(path)
        assert response is not None and response.status == 200, path
        expect(other.locator("html")).to_have_class("elder")
        metrics = _text_metrics(other)
        assert metrics["root"] >= 20, path
        assert metrics["minSpacing"] >= MIN_LINE_SPACING, (path, metrics)
        assert metrics["plainLinks"] == [], f"{path}: links told apart by colour alone"
        assert metrics["smallestControl"] >= 56, (path, metrics)
        check_page(other)

    # And switched off the same way.
    other.goto("/")
    _tab_to(other, ".elder-toggle")
    with other.expect_navigation(wait_until="load"):
        other.keyboard.press("Enter")
    assert other.locator("html.elder").count() == 0
    expect(other.locator(".elder-toggle")).to_have_attribute("aria-pressed", "false")


def test_a_citizen_follows_a_case_by_keyboard_alone_in_elder_mode(context, submit):
    submitted = submit()
    page = context("phone").new_page()
    page.goto("/track/")
    _tab_to(page, ".elder-toggle")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_class("elder")

    _tab_to(page, "input[name=code]")
    page.keyboard.type(submitted.suggestion.code)
    _tab_to(page, "input[name=pin]")
    page.keyboard.type(submitted.pin)
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    expect(page.locator(".sg-status")).to_have_text("已提交")
    expect(page.locator("html")).to_have_class("elder")
    check_page(page)
