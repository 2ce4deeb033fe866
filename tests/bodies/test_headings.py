"""Who the page says you are dealing with: the admin heading names the staff member's own body, a
published case names the body that handled it, and pages of no particular body name the root body
as it is now (renamed in the admin, not the setting it was first created from)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from congress.services import body_update
from suggestions.models import Suggestion
from tests.factories.core import UserFactory

from .conftest import item_in

pytestmark = pytest.mark.django_db


def _site_name(html: str) -> str:
    found = re.search(r'<div id="site-name"><a href="[^"]*">([^<]*)</a></div>', html)
    assert found, "no admin heading"
    return found.group(1).strip()


def _brand(html: str) -> str:
    found = re.search(r'<span class="brand-text"><strong>([^<]*)</strong>', html)
    assert found, "no header"
    return found.group(1)


@pytest.mark.parametrize(
    ("who", "heading"),
    [("district", "甲区人大常委会"), ("street", "甲街道人大工委"), ("sibling", "乙区人大常委会")],
)
def test_the_admin_heading_names_the_staff_member_s_own_body(client, network, who, heading):
    client.force_login(network.staff[who])
    html = client.get(reverse("admin:index")).content.decode()
    assert _site_name(html) == heading
    assert re.search(rf"<title>[^<]*{heading}</title>", html)


def test_a_superuser_and_the_login_page_read_the_root_body_s_name(client, network):
    body_update(body=network.root, changes={"name": "某市人大常委会"})
    assert "某市人大常委会" in client.get(reverse("admin:login")).content.decode()
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    assert _site_name(client.get(reverse("admin:index")).content.decode()) == "某市人大常委会"


@pytest.mark.parametrize("page", ["admin:index", "admin:congress_area_changelist"])
def test_renaming_a_district_renames_its_staff_s_heading_at_once(client, network, page):
    client.force_login(network.staff["district"])
    assert _site_name(client.get(reverse(page)).content.decode()) == "甲区人大常委会"
    body_update(body=network.district, changes={"name": "甲区人大常委会（新）"})
    assert _site_name(client.get(reverse(page)).content.decode()) == "甲区人大常委会（新）"


def test_renaming_the_root_renames_the_public_pages_heading_at_once(client, network):
    assert _brand(client.get(reverse("home")).content.decode()) == network.root.name
    body_update(body=network.root, changes={"name": "某市人大常委会"})
    assert network.root.name != "某市人大常委会"  # the fixture's name was the setting's
    assert _brand(client.get(reverse("home")).content.decode()) == "某市人大常委会"
    assert settings.COMMITTEE_NAME not in client.get(reverse("home")).content.decode()


def test_a_published_case_names_the_body_that_handled_it(client, network):
    item = item_in(network, "street", "accepted")
    Suggestion.objects.filter(pk=item.pk).update(
        status="closed", is_published=True, public_title="路灯修好了", public_text="街道已修复路灯。"
    )
    html = client.get(reverse("case-detail", args=[item.code])).content.decode()
    assert "路灯修好了" in html and _brand(html) == "甲街道人大工委"
