# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""The citizen's other errands on a phone: book a place at a station's reception day, and propose a
livelihood project while proposals are collected."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from stations.models import Booking
from tests.browser.support import check_page
from tests.factories.stations import ReceptionFactory
from tests.factories.votes import CycleFactory
from votes.models import Cycle, Proposal

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seeded")]


def test_a_citizen_books_a_reception_place(context, station, deputy):
    reception = ReceptionFactory(station=station, capacity=2)
    reception.duty_deputies.add(deputy)
    page = context("phone").new_page()
    page.goto("/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="接待日").click()
    check_page(page)
    page.get_by_role("link", name="预约", exact=True).first.click()
    assert station.name in page.locator("main").inner_text()
    assert "已预约 0 / 2 人" in page.locator(".places").inner_text()
    check_page(page)

    # Without a name: the form says so next to the field and keeps the mobile number.
    page.get_by_label("手机号码").fill("13800001111")
    page.get_by_role("button", name="提交预约", exact=True).click()
    name_field = page.locator(".field", has=page.locator("#id_name"))
    assert name_field.locator(".error").inner_text().strip() != ""
    assert page.get_by_label("手机号码").input_value() == "13800001111"
    check_page(page)

    page.get_by_label("您的姓名").fill("赵女士")
    page.get_by_label("您想反映什么问题？").fill("小区停车难")
    page.get_by_role("button", name="提交预约", exact=True).click()
    expect(page.get_by_role("heading", name="预约成功")).to_be_visible()
    booking = Booking.objects.get(reception=reception)
    assert page.locator(".booking-code").inner_text().strip() == booking.code
    assert "赵" in page.locator(".facts").inner_text() and "13800001111" not in page.content()
    check_page(page)


def test_a_citizen_proposes_a_livelihood_project(context, deputy, street):
    today = timezone.localdate()
    cycle = CycleFactory(
        term=deputy.term,
        year=today.year + 1,
        phase=Cycle.Phase.COLLECTION,
        collection_opens_on=today - datetime.timedelta(days=10),
        collection_closes_on=today + datetime.timedelta(days=20),
    )
    page = context("phone").new_page()
    page.goto("/projects/propose/")
    assert cycle.title in page.locator("main").inner_text()
    check_page(page)
    page.locator("[name=title]").fill("社区老年助餐点")
    page.locator("[name=description]").fill("建议在每个街道建设老年助餐点，解决独居老人吃饭难的问题。")
    page.locator("[name=proposer_name]").fill("钱先生")
    page.locator("[name=consent]").check()
    page.locator("[name=captcha_1]").fill("PASSED")
    page.get_by_role("button", name="提交建议", exact=True).click()
    expect(page.get_by_role("heading", name="建议已收到")).to_be_visible()
    proposal = Proposal.objects.get(cycle=cycle)
    assert proposal.code in page.locator("main strong").inner_text()
    check_page(page)
