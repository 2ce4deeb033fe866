"""Poster zips are staff documents: a district's staff print their own and their streets' posters,
never a sibling district's — whether the sibling's station is named by slug, by id (the admin
action's link) or lies inside an area the address names (docs/bodies.md)."""

from __future__ import annotations

import io
import zipfile
from unittest import mock

import pytest
from django.urls import reverse

from congress.reports.tasks import build_posters_zip
from stations.services import qr_code_issue
from tests.factories.deputies import StationFactory

pytestmark = pytest.mark.django_db

URL = reverse("station-posters-zip")


@pytest.fixture
def stations(network):
    made = {
        "own": StationFactory.create(body=network.district, area=network.areas["district"], name="甲区之家"),
        "street": StationFactory.create(body=network.street, area=network.areas["street"], name="甲街联络站"),
        "sibling": StationFactory.create(body=network.sibling, area=network.areas["sibling"], name="乙区站"),
    }
    for station in made.values():
        qr_code_issue(station=station)
    return made


def _pdfs(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return [n for n in zipfile.ZipFile(io.BytesIO(response.content)).namelist() if n.endswith(".pdf")]


def test_a_district_prints_its_own_and_its_streets_posters(client, network, stations):
    client.force_login(network.staff["district"])
    assert len(_pdfs(client.get(URL, {"station": stations["street"].slug}))) == 1
    both = client.get(URL + f"?stations={stations['own'].pk}&stations={stations['street'].pk}")
    assert len(_pdfs(both)) == 2
    assert len(_pdfs(client.get(URL, {"district": network.areas["district"].pk}))) == 2


def test_a_sibling_s_station_is_not_found_by_slug_id_or_area(client, network, stations):
    client.force_login(network.staff["district"])
    sibling = stations["sibling"]
    assert client.get(URL, {"station": sibling.slug}).status_code == 404
    assert client.get(URL, {"stations": sibling.pk}).status_code == 404
    assert client.get(URL, {"district": network.areas["sibling"].pk}).status_code == 404
    # Mixed with an own station, the sibling's is left out, not printed.
    mixed = client.get(URL + f"?stations={stations['own'].pk}&stations={sibling.pk}")
    assert len(_pdfs(mixed)) == 1
    # The whole city's area holds the sibling's station too: only the district's own are printed.
    city = _pdfs(client.get(URL, {"district": network.areas["city"].pk}))
    assert len(city) == 2


def test_a_street_does_not_print_its_parent_s_posters(client, network, stations):
    client.force_login(network.staff["street"])
    assert client.get(URL, {"station": stations["own"].slug}).status_code == 404
    assert len(_pdfs(client.get(URL, {"district": network.areas["district"].pk}))) == 1


def test_the_worker_builds_only_what_the_requester_sees(network, stations):
    staff = network.staff["district"]
    with mock.patch("congress.reports.tasks.default_storage") as storage:
        assert build_posters_zip.run(staff.pk, station_ids=[stations["sibling"].pk], job="j1") == ""
        storage.save.assert_not_called()
        build_posters_zip.run(staff.pk, station_ids=[stations["own"].pk, stations["sibling"].pk], job="j2")
    archive = zipfile.ZipFile(io.BytesIO(storage.save.call_args.args[1].read()))
    assert len([n for n in archive.namelist() if n.endswith(".pdf")]) == 1
