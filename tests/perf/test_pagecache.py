"""The public directory pages and API lists serve their data part from the cache
(``congress.pagecache``), and a write through the services shows on the next request after its
transaction commits; staff readers of the API never get the public cached list."""

from __future__ import annotations

from typing import Any

import pytest

from deputies.services import deputy_update
from stations.services import station_update
from suggestions.services import suggestion_publish
from tests.factories.core import UserFactory
from tests.factories.deputies import DeputyFactory, StationFactory
from tests.factories.suggestions import SuggestionFactory

pytestmark = pytest.mark.django_db


def _after_commit(capture: Any, write: Any) -> None:
    with capture(execute=True):
        write()


def test_a_deputy_renamed_through_the_service_shows_at_once(client, django_capture_on_commit_callbacks):
    deputy = DeputyFactory.create(name="王旧名")
    for path in ("/deputies/", f"/deputies/{deputy.slug}/", "/api/v1/deputies/"):
        assert "王旧名" in client.get(path).content.decode()

    _after_commit(
        django_capture_on_commit_callbacks, lambda: deputy_update(deputy=deputy, changes={"name": "王新名"})
    )

    for path in ("/deputies/", f"/deputies/{deputy.slug}/", "/api/v1/deputies/"):
        page = client.get(path).content.decode()
        assert "王新名" in page and "王旧名" not in page, path


def test_the_cached_fragment_is_served_until_a_service_writes(client) -> None:
    deputy = DeputyFactory.create(name="李缓存")
    assert "李缓存" in client.get("/deputies/").content.decode()
    # A write that bypasses the services (never done by the portal) is not seen: the fragment is
    # what the page shows until a service bumps the version.
    type(deputy).objects.filter(pk=deputy.pk).update(name="李绕过")
    assert "李缓存" in client.get("/deputies/").content.decode()
    assert "李绕过" in client.get("/deputies/?q=李").content.decode()  # another query string


def test_a_station_changed_through_the_service_shows_at_once(client, django_capture_on_commit_callbacks):
    station = StationFactory.create(name="旧名代表之家")
    assert "旧名代表之家" in client.get("/stations/").content.decode()
    assert "旧名代表之家" in client.get(f"/stations/{station.slug}/").content.decode()

    _after_commit(
        django_capture_on_commit_callbacks,
        lambda: station_update(station=station, changes={"name": "新名代表之家"}),
    )

    assert "新名代表之家" in client.get("/stations/").content.decode()
    assert "新名代表之家" in client.get(f"/stations/{station.slug}/").content.decode()
    assert "新名代表之家" in client.get("/api/v1/stations/").content.decode()


def test_a_case_published_through_the_service_shows_at_once(client, django_capture_on_commit_callbacks):
    case = SuggestionFactory.create(status="closed", consent_publish=True)
    assert "路灯不亮已修复" not in client.get("/cases/").content.decode()

    _after_commit(
        django_capture_on_commit_callbacks,
        lambda: suggestion_publish(
            suggestion=case, public_title="路灯不亮已修复", public_text="已修复。", actor=None
        ),
    )

    assert "路灯不亮已修复" in client.get("/cases/").content.decode()


def test_staff_readers_of_the_api_get_a_fresh_list_with_every_deputy(client) -> None:
    DeputyFactory.create(name="赵在任")
    client.get("/api/v1/deputies/")  # the public list is cached
    DeputyFactory.create(name="钱辞职", status="resigned")
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    names = [row["name"] for row in client.get("/api/v1/deputies/").json()["results"]]
    assert "钱辞职" in names and "赵在任" in names


def test_the_language_is_part_of_the_key(client) -> None:
    DeputyFactory.create()
    chinese = client.get("/deputies/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/deputies/").content.decode()
    # "All levels" is in the cached fragment (the level filter).
    assert "All levels" in english and "All levels" not in chinese
