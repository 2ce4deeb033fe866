"""Phone and ID numbers a citizen types into an opinion are masked for the unit officer and the
deputy (their workbench and dashboard pages); committee staff keep the original in the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from suggestions.models import Assignment

pytestmark = pytest.mark.django_db

TITLE = "请回电13812349876"
TEXT = (
    "我的电话是13812349876，身份证号码110101199003071234。家里座机0931-8123456，"
    "备用号码138 1234 9876。住在3号楼502室，2026年12月7日已拨打12345热线，维修费用约3500元。"
)
CLEAR = ("13812349876", "110101199003071234", "8123456", "138 1234 9876")
MASKED = ("138****9876", "110***********1234", "0931-****3456")
KEPT = ("3号楼502室", "12345热线", "2026年12月7日", "3500元")


@pytest.fixture
def item(make, deputy_user, station):
    return make("signed_for", deputy=deputy_user.deputy, station=station, title=TITLE, text=TEXT)


def _assert_masked(page: str, where: str, *, full_text: bool = True, listed: bool = True) -> None:
    for number in CLEAR:
        assert number not in page, f"{number} in clear on {where}"
    assert not listed or MASKED[0] in page, where
    if full_text:
        for masked in MASKED:
            assert masked in page, f"{masked} missing on {where}"
        for kept in KEPT:
            assert kept in page, f"{kept} was masked on {where}"


def test_the_unit_officer_sees_the_numbers_masked(client, officer, item):
    client.force_login(officer)
    lead = Assignment.objects.get(suggestion=item, role="lead")
    _assert_masked(client.get(reverse("unit-home")).content.decode(), "inbox", full_text=False)
    _assert_masked(client.get(reverse("unit-item", args=[lead.pk])).content.decode(), "item page")


def test_the_deputy_sees_the_numbers_masked(client, deputy_user, item):
    client.force_login(deputy_user)
    _assert_masked(client.get(reverse("opinion-list")).content.decode(), "opinion list", full_text=False)
    _assert_masked(
        client.get(reverse("dashboard")).content.decode(), "dashboard", full_text=False, listed=False
    )
    _assert_masked(client.get(reverse("opinion-detail", args=[item.code])).content.decode(), "opinion page")


def test_staff_keep_the_original(client, staff, item):
    client.force_login(staff)
    page = client.get(reverse("admin:suggestions_suggestion_case", args=[item.pk])).content.decode()
    assert "13812349876" in page and "110101199003071234" in page
