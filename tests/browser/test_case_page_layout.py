"""The admin case page and the triage queue at 1366×768 with the admin's navigation open: the side
forms keep their labels on one line and stay inside their panels, the page does not scroll
sideways, and the queue's time-left column is on screen, not behind the filters."""

from __future__ import annotations

import pytest

from tests.browser.support import axe_violations, horizontal_overflow, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seeded")]

LAPTOP = {"width": 1366, "height": 768}


def test_the_case_page_side_forms_fit_at_1366(context, staff, make):
    item = make("assigned")
    page = context("desktop").new_page()
    page.set_viewport_size(LAPTOP)
    log_in(page, staff.username, next_path="/admin/")
    page.goto(f"/admin/suggestions/suggestion/{item.pk}/case/")
    page.wait_for_load_state("load")
    assert horizontal_overflow(page) <= 0
    problems = page.evaluate(
        """() => {
        const out = [];
        document.querySelectorAll('.sg-side .sg-panel').forEach(panel => {
          const box = panel.getBoundingClientRect();
          panel.querySelectorAll('input:not([type=hidden]), select, textarea, button').forEach(el => {
            const r = el.getBoundingClientRect();
            if (r.width && (r.right > box.right + 0.5 || r.left < box.left - 0.5))
              out.push('overflows its panel: ' + (el.name || el.value));
          });
          panel.querySelectorAll('th label').forEach(label => {
            const style = getComputedStyle(label);
            const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.3;
            if (label.getBoundingClientRect().height > line * 1.5)
              out.push('label wraps: ' + label.innerText);
          });
        });
        return out;
      }"""
    )
    assert problems == []
    # The due date of each dispatch links to how it was counted.
    assert page.get_by_role("link", name="期限怎么算的").count() >= 1
    assert axe_violations(page) == []


def test_the_triage_queue_shows_the_time_left_on_screen_at_1366(context, staff, make):
    make("submitted", title="公交站台破损")
    page = context("desktop").new_page()
    page.set_viewport_size(LAPTOP)
    log_in(page, staff.username, next_path="/admin/")
    page.goto("/admin/suggestions/triageitem/")
    page.wait_for_load_state("load")
    cell = page.locator("#result_list td.field-time_left").first
    text = cell.inner_text()
    assert "剩余" in text, text
    visible = page.evaluate(
        """(cell) => { const r = cell.getBoundingClientRect();
                       const box = document.querySelector('#changelist .results').getBoundingClientRect();
                       return r.right <= box.right + 0.5 && r.right <= window.innerWidth; }""",
        cell.element_handle(),
    )
    assert visible, "the time-left column is cut off"
    assert page.locator("#result_list td.field-case_link").first.is_visible()
