"""Public pages by body: a body's own page lists its deputies, stations, reception days and ballot
results; the directory finds deputies and stations by body; the header and title name the body the
citizen deals with (the station's, the deputy's, the item's, the ballot's), and a citizen tracking a
transferred item reads who handles it now."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from congress.models import Body, Term
from stations.selectors import poster_sheets
from suggestions import services
from suggestions.views import SESSION_TRACKED
from tests.factories.deputies import DeputyFactory, StationFactory
from tests.factories.stations import QrCodeFactory, ReceptionFactory

from .conftest import item_in

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def _header(html: str) -> str:
    """The body named in the page header (the brand line)."""
    found = re.search(r'<span class="brand-text"><strong>([^<]*)</strong>', html)
    assert found, "no header"
    return found.group(1)


def _title(html: str) -> str:
    found = re.search(r"<title>([^<]*)</title>", html)
    assert found
    return found.group(1)


@pytest.fixture
def district_world(network):
    term = Term.objects.create(
        level=Term.Level.COUNTY,
        number=19,
        name="甲区第十九届人民代表大会",
        area=network.areas["district"],
        body=network.district,
        starts_on="2021-12-20",
        ends_on="2026-12-19",
        is_current=True,
    )
    deputy = DeputyFactory.create(term=term, level=Term.Level.COUNTY, name="区代表甲")
    own = StationFactory.create(body=network.district, area=network.areas["district"], name="甲区代表之家")
    street = StationFactory.create(body=network.street, area=network.areas["street"], name="甲街道联络站")
    sibling = StationFactory.create(body=network.sibling, area=network.areas["sibling"], name="乙区联络站")
    return {"term": term, "deputy": deputy, "own": own, "street": street, "sibling": sibling}


@time_machine.travel(NOW, tick=False)
def test_a_district_page_lists_its_deputies_stations_reception_days_and_names_itself(
    client, network, district_world
):
    ReceptionFactory.create(station=district_world["street"], date=datetime.date(2026, 3, 9))
    ReceptionFactory.create(station=district_world["sibling"], date=datetime.date(2026, 3, 10))
    response = client.get(reverse("body-detail", args=[network.district.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert _header(html) == "甲区人大常委会" and _title(html).endswith("甲区人大常委会")
    assert "区代表甲" in html
    assert "甲区代表之家" in html and "甲街道联络站" in html and "乙区联络站" not in html
    assert "2026-03-09" in html and "2026-03-10" not in html
    assert "甲街道人大工委" in html and "甲镇人大主席团" in html  # the bodies below, linked


def test_a_street_page_has_stations_but_no_deputies_or_ballots(client, network, district_world):
    html = client.get(reverse("body-detail", args=[network.street.pk])).content.decode()
    assert "甲街道联络站" in html and "甲区代表之家" not in html
    assert "body-deputies" not in html and "body-ballots" not in html


def test_every_body_has_a_page_and_the_list_links_them_all(client, network):
    listing = client.get(reverse("body-list")).content.decode()
    for body in Body.objects.all():
        url = reverse("body-detail", args=[body.pk])
        assert url in listing
        html = client.get(url).content.decode()
        assert _header(html) == body.name


def test_an_unknown_body_is_not_found(client, network):
    missing = (Body.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    assert client.get(f"/bodies/{missing}/").status_code == 404
    assert client.get("/bodies/abc/").status_code == 404


def test_the_directory_finds_deputies_by_body(client, network, district_world):
    city_deputy = DeputyFactory.create(name="市代表乙")
    page = client.get(reverse("deputy-list"), {"body": network.district.pk}).content.decode()
    assert "区代表甲" in page and "市代表乙" not in page
    page = client.get(reverse("deputy-list"), {"body": network.root.pk}).content.decode()
    assert city_deputy.term.body_id == network.root.pk
    assert "市代表乙" in page and "区代表甲" not in page
    # A street has no congress: it is not offered, and asking for it lists nobody, never an error.
    assert f'value="{network.street.pk}"' not in page
    response = client.get(reverse("deputy-list"), {"body": network.street.pk})
    assert response.status_code == 200 and "区代表甲" not in response.content.decode()
    assert client.get(reverse("deputy-list"), {"body": "x'--"}).status_code == 200


def test_the_directory_finds_stations_of_a_district_and_of_its_streets(client, network, district_world):
    page = client.get(reverse("station-list"), {"body": network.district.pk}).content.decode()
    assert "甲区代表之家" in page and "甲街道联络站" in page and "乙区联络站" not in page
    page = client.get(reverse("station-list"), {"body": network.street.pk}).content.decode()
    assert "甲街道联络站" in page and "甲区代表之家" not in page
    assert client.get(reverse("station-list"), {"body": "999999"}).status_code == 200


def test_station_and_deputy_pages_name_the_body_the_citizen_deals_with(client, network, district_world):
    station = client.get(reverse("station-detail", args=[district_world["street"].slug])).content.decode()
    assert _header(station) == "甲街道人大工委"
    deputy = client.get(reverse("deputy-detail", args=[district_world["deputy"].slug])).content.decode()
    assert _header(deputy) == "甲区人大常委会"


def test_qr_posters_are_headed_by_the_deputy_s_or_the_station_s_body(network, district_world):
    codes = [
        QrCodeFactory.create(deputy=district_world["deputy"], station=None),
        QrCodeFactory.create(deputy=None, station=district_world["street"]),
    ]
    assert [sheet["body_name"] for sheet in poster_sheets(codes)] == ["甲区人大常委会", "甲街道人大工委"]


def _track(client, item):
    session = client.session
    session[SESSION_TRACKED] = [item.code]
    session.save()
    return client.get(reverse("track-case", args=[item.code])).content.decode()


def test_a_citizen_tracking_a_transferred_item_reads_who_handles_it_now(client, network):
    item = item_in(network, "district", "accepted")
    before = _track(client, item)
    assert "现由甲区人大常委会办理。" in before and _header(before) == "甲区人大常委会"
    services.suggestion_transfer(
        suggestion=item, to_body=network.street, reason="属街道职责", actor=network.staff["district"]
    )
    after = _track(client, item)
    assert "现由甲街道人大工委办理。" in after and _header(after) == "甲街道人大工委"
    assert "由甲区人大常委会受理后转交。" in after
    assert "已转交甲街道人大工委办理。" in after  # the timeline's step
    # The internal reason stays with staff.
    assert "属街道职责" not in after


@time_machine.travel(NOW, tick=False)
def test_a_body_page_costs_the_same_with_more_deputies_and_stations(
    client, network, district_world, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("body-detail", args=[network.district.pk])
    client.get(url)  # the session, the sites: warm
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(12):
        DeputyFactory.create(term=district_world["term"], level=Term.Level.COUNTY)
        station = StationFactory.create(body=network.street, area=network.areas["street"], name=f"站{n}")
        ReceptionFactory.create(station=station, date=datetime.date(2026, 3, 9))
    with django_assert_max_num_queries(len(small)):
        response = client.get(url)
    assert response.content.decode().count("站") >= 12
