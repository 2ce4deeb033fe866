"""An opinion's whole life in the browser: a citizen scans a deputy's QR code on a phone, sends an
opinion with a photo and follows it with code and PIN; staff accept and assign it in the admin; the
unit officer signs for it and replies; the citizen rates the reply unsatisfied and the case reopens.
Each step asserts what the person sees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from stations.services import qr_code_issue
from suggestions.models import Suggestion
from tests.browser.support import check_page, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seeded")]


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "lamp.jpg"
    Image.new("RGB", (640, 480), (180, 160, 40)).save(path, "JPEG")
    return path


def test_an_opinion_from_qr_scan_to_reopening(context, deputy, category, street, unit, staff, officer, photo):
    code = qr_code_issue(deputy=deputy)
    phone = context("phone").new_page()

    # The citizen scans the deputy's code: the form opens with the deputy chosen.
    phone.goto(f"/q/{code.token}/")
    assert re.search(r"/submit/\?qr=", phone.url)
    expect(phone.locator(".target")).to_contain_text(deputy.name)
    check_page(phone)

    # A first try with the opinion too short keeps what was typed and says why next to the field.
    phone.get_by_label("标题").fill("路灯损坏")
    phone.get_by_label("您的意见建议").fill("坏了")
    phone.get_by_role("button", name="提交", exact=True).click()
    text_field = phone.locator(".field", has=phone.locator("#id_text"))
    expect(text_field.locator(".error")).to_be_visible()
    assert re.search(r"[\u4e00-\u9fff]", text_field.locator(".error").inner_text())
    assert phone.get_by_label("标题").input_value() == "路灯损坏"
    check_page(phone)

    phone.get_by_label("您的意见建议").fill(
        "东岗西路与天水路交叉口的路灯已经坏了两个星期，晚上行人很不安全。"
    )
    phone.locator("#id_category").select_option(str(category.pk))
    phone.locator("#id_area").select_option(str(street.pk))
    phone.locator("#id_photos").set_input_files(str(photo))
    phone.locator("#id_submitter_name").fill("王小明")
    phone.locator("#id_submitter_mobile").fill("13912345678")
    phone.locator("#id_consent_privacy").check()
    phone.locator("#id_captcha_1").fill("PASSED")
    phone.get_by_role("button", name="提交", exact=True).click()

    expect(phone.get_by_role("heading", name="您的意见建议已收到")).to_be_visible()
    tracking_code = phone.locator("#code").inner_text().strip()
    pin = phone.locator("#pin").inner_text().strip()
    item = Suggestion.objects.get(code=tracking_code)
    assert item.deputy == deputy and item.photos.count() == 1
    check_page(phone)

    # Tracking: code is carried over, the PIN typed; the case shows as submitted, with the photo.
    phone.get_by_role("link", name="查询我的事项").click()
    assert phone.get_by_label("查询码").input_value() == tracking_code
    phone.get_by_label("查询密码").fill(pin)
    phone.get_by_role("button", name="查询", exact=True).click()
    expect(phone.locator(".sg-status")).to_have_text("已提交")
    assert phone.locator(".sg-photos img").count() == 1
    check_page(phone)

    # Staff accept the opinion and assign it to the unit from the admin.
    desk = context("desktop").new_page()
    log_in(desk, staff.username, next_path="/admin/")
    desk.goto("/admin/suggestions/triageitem/")
    desk.get_by_role("link", name=tracking_code).click()
    desk.get_by_role("button", name="受理", exact=True).click()
    expect(desk.locator(".sg-panel strong").first).to_have_text("已受理")
    desk.locator("select[name=lead_unit]").select_option(str(unit.pk))
    desk.get_by_role("button", name="交办", exact=True).click()
    expect(desk.locator(".sg-panel strong").first).to_have_text("已交办")
    assert unit.name in desk.locator(".sg-panel", has_text="承办单位").first.inner_text()

    # The unit officer signs for it and replies, from the workbench on a phone.
    workbench = context("phone").new_page()
    log_in(workbench, officer.username, next_path="/unit/")
    check_page(workbench)
    workbench.get_by_role("link", name=re.compile("路灯损坏")).first.click()
    workbench.get_by_role("button", name="签收", exact=True).click()
    expect(workbench.locator("main")).to_contain_text("已签收")
    workbench.locator("input[name=outcome][value=A]").check()
    workbench.locator("#reply textarea[name=text]").fill("经现场核查，路灯线路老化，已安排维修班组更换。")
    workbench.get_by_role("button", name="提交答复", exact=True).click()
    expect(workbench.locator("main")).to_contain_text("已答复")
    check_page(workbench)

    # The citizen sees the reply, rates it unsatisfied, and the case is handled again.
    phone.reload()
    expect(phone.locator(".sg-status")).to_have_text("已答复")
    assert "路灯线路老化" in phone.locator(".sg-reply").inner_text()
    phone.get_by_label("不满意").check()
    phone.get_by_role("button", name="提交测评", exact=True).click()
    expect(phone.locator(".sg-status")).to_have_text("重新办理")
    check_page(phone)
