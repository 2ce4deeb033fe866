"""The deputy directory's station filter: public deputies' homes, within the district chosen. The
list is the stations app's selector, registered with ``deputies.directory`` (deputies never imports
stations)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stations.models import Station
from tests.factories.core import DistrictFactory, StreetFactory
from tests.factories.deputies import StationFactory

pytestmark = pytest.mark.django_db


def _offered(client, **params) -> set[str]:
    response = client.get(reverse("deputy-list"), params)
    assert response.status_code == 200
    return {station.name for station in response.context["stations"]}


def test_the_filter_offers_public_homes_of_the_district_chosen(client) -> None:
    district, other = DistrictFactory.create(), DistrictFactory.create()
    StationFactory.create(name="城关之家", area=StreetFactory.create(parent=district))
    StationFactory.create(name="七里河之家", area=StreetFactory.create(parent=other))
    StationFactory.create(
        name="城关联络站", kind=Station.Kind.LIAISON_STATION, area=StreetFactory.create(parent=district)
    )
    StationFactory.create(name="筹建中之家", status="planned", area=StreetFactory.create(parent=district))

    assert _offered(client) == {"城关之家", "七里河之家"}
    assert _offered(client, area=district.pk) == {"城关之家"}
