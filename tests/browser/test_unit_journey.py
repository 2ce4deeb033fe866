"""The handling unit's side of a reopened item, on a phone: after 不满意 the new round is on top of
the inbox, its page links back to the first round and its reply; the first round's page says the
item is handled again and leads to the new round, where the second reply is sent."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from suggestions.models import Assignment
from tests.browser.support import check_page, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seeded")]


def test_the_unit_replies_in_the_reopened_round(context, make, officer):
    item = make("reopened", address="东岗西路与天水路交叉口东北角")
    first, second = Assignment.objects.filter(suggestion=item, role="lead").order_by("round")
    phone = context("phone").new_page()
    log_in(phone, officer.username, next_path="/unit/")

    # The inbox lists the item to handle (the new round).
    expect(phone.locator(".sg-inbox")).to_contain_text(item.code)
    check_page(phone)
    phone.locator(".sg-inbox a", has_text=item.title).first.click()
    assert phone.url.endswith(f"/unit/items/{second.pk}/")
    expect(phone.locator(".sg-address")).to_have_text("东岗西路与天水路交叉口东北角")
    check_page(phone)

    # Back to the first round: it says the item is handled again and shows the first reply.
    phone.get_by_role("link", name="查看上一轮办理及答复").click()
    assert phone.url.endswith(f"/unit/items/{first.pk}/")
    expect(phone.locator("#later-round")).to_contain_text("此件已重新办理")
    expect(phone.locator(".sg-reply").first).to_contain_text("经现场核查")
    check_page(phone)

    # And forward again to the round that takes the reply.
    phone.get_by_role("link", name="进入新一轮办理").click()
    assert phone.url.endswith(f"/unit/items/{second.pk}/")
    phone.locator('#reply input[name="outcome"][value="A"]').check()
    phone.locator("#reply textarea[name=text]").fill("已更换全部灯杆并复查线路，夜间照明恢复正常。")
    phone.get_by_role("button", name="提交答复").click()
    expect(phone.locator(".messages")).to_contain_text("答复已提交")
    check_page(phone)
    item.refresh_from_db()
    assert item.status == "replied" and item.replies.count() == 2
