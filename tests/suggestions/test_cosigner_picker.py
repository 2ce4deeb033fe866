"""The co-signer picker: a server-side search by name, delegation or work unit returning a short
JSON list, for the deputy's own use; the form it enhances still lists every candidate without
scripts and loads the picker script from the portal's own static files."""

from __future__ import annotations

from typing import Any

import pytest

from deputies.models import Delegation
from deputies.selectors import COSIGNER_SEARCH_LIMIT
from tests.factories.core import TermFactory, UserFactory
from tests.factories.deputies import DeputyFactory

pytestmark = pytest.mark.django_db

URL = "/dashboard/cosigners/search/"


def _names(client: Any, query: str) -> list[str]:
    response = client.get(URL, {"q": query})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return [row["name"] for row in response.json()["results"]]


def test_search_finds_by_name_delegation_or_work_unit(client, deputy_user) -> None:
    delegation = Delegation.objects.create(name="城关区代表团", term=TermFactory.create())
    DeputyFactory.create(name="王建国", level="municipal", work_unit="示范市钢铁厂")
    DeputyFactory.create(name="赵丽", level="municipal", delegation=delegation)
    DeputyFactory.create(name="王乡级", level="township")  # not a municipal deputy
    DeputyFactory.create(name="王辞职", level="municipal", status="resigned")
    client.force_login(deputy_user)

    assert _names(client, "王") == ["王建国"]
    assert _names(client, "城关区") == ["赵丽"]
    assert _names(client, "钢铁") == ["王建国"]
    assert _names(client, "  ") == []
    row = client.get(URL, {"q": "赵"}).json()["results"][0]
    assert row["delegation"] == "城关区代表团" and set(row) == {"id", "name", "delegation", "work_unit"}


def test_search_returns_a_short_list_and_never_the_deputy_themself(client, deputy_user) -> None:
    for i in range(COSIGNER_SEARCH_LIMIT + 5):
        DeputyFactory.create(name=f"李{i:02d}", level="municipal")
    deputy_user.deputy.level = "municipal"
    deputy_user.deputy.save()
    client.force_login(deputy_user)
    names = _names(client, "李")
    assert len(names) == COSIGNER_SEARCH_LIMIT and "李代表" not in names


def test_only_a_deputy_may_search(client) -> None:
    DeputyFactory.create(name="王建国", level="municipal")
    assert client.get(URL, {"q": "王"}).status_code == 302  # to the login
    client.force_login(UserFactory.create())
    assert client.get(URL, {"q": "王"}).status_code == 404


def test_the_form_works_without_scripts_and_loads_the_picker(client, deputy_user) -> None:
    candidate = DeputyFactory.create(name="孙附议", level="municipal")
    client.force_login(deputy_user)
    page = client.get("/dashboard/opinions/new/").content.decode()
    assert f'value="{candidate.pk}"' in page  # the plain select lists the candidates
    assert f'data-cosigner-search="{URL}"' in page
    assert "/static/js/cosigner-picker.js" in page and "<script>" not in page
