"""The liaison records a reception on a phone: the deputies who checked in and the duty roster are
ticked already and only they are listed; the search box finds another member deputy among many;
the record saves all of them. Then the desk's item page opens."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from stations.models import Reception
from tests.browser.support import check_page, log_in
from tests.factories.deputies import DeputyFactory
from tests.factories.stations import MembershipFactory, ReceptionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seeded")]


def test_the_liaison_records_a_reception_from_a_long_member_list(context, liaison, station, make):
    members = [
        MembershipFactory(station=station, deputy=DeputyFactory(name=f"成员{n:03d}")).deputy
        for n in range(60)
    ]
    checked_in, on_duty, walk_in = members[3], members[7], members[42]
    reception = ReceptionFactory(
        station=station,
        date=timezone.localdate(),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(11, 0),
    )
    reception.duty_deputies.add(on_duty)
    reception.deputies_present.add(checked_in)
    item = make("assigned", station=station)

    phone = context("phone").new_page()
    log_in(phone, liaison.username, next_path="/stations/workbench/")
    expect(phone.locator("table.data")).to_contain_text(reception.date.isoformat())
    check_page(phone)
    phone.locator("table.data").get_by_role("link", name="登记", exact=True).first.click()
    assert phone.url.endswith(f"/stations/workbench/receptions/{reception.pk}/")

    # Only the two pre-ticked deputies show until a name is typed.
    picker = phone.locator("#deputies-present")
    expect(picker.locator(".picker-items li:visible")).to_have_count(2)
    expect(picker.locator(".checklist-status")).to_contain_text("已选 2 人")
    check_page(phone)
    search = picker.get_by_role("searchbox")
    search.fill("成员042")
    expect(picker.locator(".picker-items li:visible")).to_have_count(1)
    picker.get_by_label("成员042").check()
    expect(picker.locator(".checklist-status")).to_contain_text("已选 3 人")
    search.fill("")
    expect(picker.locator(".picker-items li:visible")).to_have_count(3)
    search.fill("没有这个人")
    expect(picker.locator(".checklist-status")).to_contain_text("没有与此姓名相符的代表")
    search.fill("")
    phone.locator("#id_visitors").fill("12")
    phone.get_by_role("button", name="保存登记").click()
    expect(phone.locator(".messages")).to_contain_text("接待活动已登记")
    saved = Reception.objects.get(pk=reception.pk)
    assert saved.status == "held" and saved.visitors == 12
    assert set(saved.deputies_present.all()) == {checked_in, on_duty, walk_in}

    # The desk's list opens each item of the station.
    phone.goto("/station-desk/")
    phone.get_by_role("link", name=item.code).click()
    expect(phone.locator("h1")).to_contain_text(item.title)
    check_page(phone)
