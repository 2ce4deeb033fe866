"""The public lists a mini-program reads: the form's lists, filters refused when wrong, pages with a
documented size, conditional GET (ETag / Last-Modified → 304), gzip, positions in both datums and
times with their zone."""

from __future__ import annotations

import datetime
import gzip
import json
from decimal import Decimal

import pytest
from django.core.cache import cache

from congress.geo import wgs84_to_gcj02
from congress.models import Area
from congress.pagination import MAX_PAGE_SIZE
from tests.api.test_errors import assert_error_shape
from tests.factories.core import CategoryFactory, StreetFactory
from tests.factories.deputies import StationFactory
from tests.factories.stations import ReceptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_the_form_lists_categories_and_areas_without_a_key(client):
    parent = CategoryFactory.create(code="city", name="城市建设")
    CategoryFactory.create(code="roads", name="道路", parent=parent)
    CategoryFactory.create(code="old", name="停用", is_active=False)
    street = StreetFactory.create()
    categories = client.get("/api/v1/public/categories/").json()["results"]
    names = {
        c["name"] for c in client.get("/api/v1/public/categories/", {"page_size": 200}).json()["results"]
    }
    assert {"城市建设", "道路"} <= names and "停用" not in names
    assert categories
    children = client.get("/api/v1/public/categories/", {"parent": parent.pk}).json()["results"]
    assert [c["name"] for c in children] == ["道路"]
    streets = client.get("/api/v1/public/areas/", {"parent": street.parent_id}).json()["results"]
    assert [a["id"] for a in streets] == [street.pk]
    districts = client.get("/api/v1/public/areas/", {"level": Area.Level.DISTRICT}).json()["results"]
    assert street.parent_id in {a["id"] for a in districts}


@pytest.mark.parametrize(
    "path, query",
    [
        ("/api/v1/stations/", {"kind": "castle"}),
        ("/api/v1/stations/", {"area": "abc"}),
        ("/api/v1/deputies/", {"level": "galactic"}),
        ("/api/v1/deputies/", {"area": "-1"}),
        ("/api/v1/receptions/", {"upcoming": "maybe"}),
        ("/api/v1/receptions/", {"station": "no such slug!"}),
        ("/api/v1/public/areas/", {"level": "9"}),
        ("/api/v1/public/categories/", {"parent": "x"}),
        ("/api/v1/public/cases/", {"category": "x"}),
        ("/api/v1/calendar/days/", {"year": "next"}),
    ],
)
def test_a_wrong_filter_value_is_refused_not_ignored(client, path, query):
    body = assert_error_shape(client.get(path, query), 400)
    assert set(body["errors"]) == set(query)


@pytest.mark.parametrize("size", ["0", "abc", str(MAX_PAGE_SIZE + 1)])
def test_a_wrong_page_size_is_refused(client, size):
    body = assert_error_shape(client.get("/api/v1/stations/", {"page_size": size}), 400)
    assert list(body["errors"]) == ["page_size"]


def test_page_size_chooses_the_page_and_a_page_beyond_the_end_is_a_404(client):
    for _ in range(3):
        StationFactory.create()
    page = client.get("/api/v1/stations/", {"page_size": 2}).json()
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]
    assert_error_shape(client.get("/api/v1/stations/", {"page_size": 2, "page": 5}), 404)


def test_a_public_list_answers_304_to_its_etag_and_to_its_date(client):
    StationFactory.create()
    first = client.get("/api/v1/stations/")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = client.get("/api/v1/stations/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    dated = client.get("/api/v1/stations/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert dated.status_code == 304


def test_a_change_gives_a_new_etag(client):
    from stations.services import station_update

    station = StationFactory.create()
    first = client.get("/api/v1/stations/")
    with_change = station_update(station=station, changes={"theme": "养老服务"})
    assert with_change.theme == "养老服务"
    from congress import pagecache

    pagecache.invalidate(pagecache.DIRECTORY)  # what the commit of the service's transaction does
    response = client.get("/api/v1/stations/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200 and response["ETag"] != first["ETag"]


def test_public_lists_are_gzipped_for_clients_that_accept_it(client):
    for _ in range(5):
        StationFactory.create()
    response = client.get("/api/v1/stations/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["count"] == 5


def test_a_post_answer_is_never_compressed(api, payload):
    response = api.post("/api/v1/public/suggestions/", payload, format="json", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 201 and not response.has_header("Content-Encoding")


def test_positions_are_numbers_in_wgs84_with_gcj02_beside_them(client):
    StationFactory.create(latitude=Decimal("36.061089"), longitude=Decimal("103.834304"))
    (station,) = client.get("/api/v1/stations/").json()["results"]
    assert station["latitude"] == 36.061089 and station["longitude"] == 103.834304
    assert station["datum"] == "WGS-84"
    expected = wgs84_to_gcj02(36.061089, 103.834304)
    assert station["gcj02"] == {"latitude": round(expected[0], 6), "longitude": round(expected[1], 6)}
    assert station["gcj02"]["longitude"] != station["longitude"]


def test_a_station_without_a_position_has_none_in_either_datum(client):
    StationFactory.create(latitude=None, longitude=None)
    (station,) = client.get("/api/v1/stations/").json()["results"]
    assert station["latitude"] is None and station["gcj02"] is None


def test_times_carry_their_zone(api, payload):
    created = api.post("/api/v1/public/suggestions/", payload, format="json").data
    timeline = api.post(
        f"/api/v1/public/suggestions/{created['code']}/", {"pin": created["pin"]}, format="json"
    )
    stamp = timeline.json()["submitted_at"]
    parsed = datetime.datetime.fromisoformat(stamp)
    assert parsed.utcoffset() == datetime.timedelta(hours=8), stamp


def test_reception_lists_answer_with_an_etag_too(client):
    ReceptionFactory.create()
    first = client.get("/api/v1/receptions/", {"upcoming": "true"})
    assert first.status_code == 200 and first.json()["count"] == 1
    assert (
        client.get("/api/v1/receptions/", {"upcoming": "true"}, HTTP_IF_NONE_MATCH=first["ETag"]).status_code
        == 304
    )
