"""Every public page on a phone: no sideways scrolling, thumb-sized controls, no serious axe-core
finding; and the deputy's page offers the QR code to scan or save beside the link to the form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from stations.services import qr_code_issue
from tests.browser.support import check_page
from tests.factories.stations import ReceptionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seeded")]


def test_the_deputy_page_shows_the_qr_code_beside_the_form_link(context, deputy):
    code = qr_code_issue(deputy=deputy)
    page = context("phone").new_page()
    page.goto(f"/deputies/{deputy.slug}/")
    form_link = page.get_by_role("link", name="向该代表反映问题")
    assert form_link.get_attribute("href") == f"/submit/?deputy={deputy.slug}"
    qr = page.get_by_role("img", name=f"{deputy.name}代表的二维码")
    expect(qr).to_be_visible()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", qr.element_handle())
    with page.expect_download() as saved:
        page.get_by_role("link", name="保存二维码").click()
    assert saved.value.suggested_filename.endswith(".png")
    assert code.token in qr.get_attribute("src")
    check_page(page)


def test_public_pages_fit_a_phone_and_pass_axe(context, deputy, station, make):
    qr = qr_code_issue(station=station)
    ReceptionFactory(station=station)
    make("closed", deputy=deputy)
    page = context("phone").new_page()
    for path in [
        "/",
        "/deputies/",
        "/deputies/statistics/",
        "/stations/",
        f"/stations/{station.slug}/",
        f"/q/{qr.token}/about/",
        "/receptions/",
        "/submit/",
        "/track/",
        "/cases/",
        "/projects/",
        "/accounts/login/",
    ]:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        check_page(page)
