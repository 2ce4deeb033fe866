"""Public deputy and station pages: filters, search, masking of private fields, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from deputies.models import DeputyGroup
from stations.models import Station
from stations.services import booking_create, qr_code_issue
from tests.factories.core import DistrictFactory, StreetFactory, UserFactory
from tests.factories.deputies import DeputyFactory, StationFactory
from tests.factories.stations import MembershipFactory, ReceptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city() -> dict[str, object]:
    district = DistrictFactory.create(name="城关区")
    other = DistrictFactory.create(name="七里河区")
    street = StreetFactory.create(parent=district)
    station = StationFactory.create(
        area=street, name="东岗街道人大代表之家", latitude=36.06, longitude=103.83
    )
    group = DeputyGroup.objects.create(name="教科文卫专业代表小组", kind="professional")
    deputies = []
    for index in range(12):
        deputy = DeputyFactory.create(
            name=f"张{index}",
            area=district if index % 2 else other,
            level="municipal" if index < 6 else "county",
        )
        MembershipFactory.create(station=station, deputy=deputy)
        if index < 3:
            deputy.groups.add(group)
        deputies.append(deputy)
    return {"district": district, "station": station, "group": group, "deputies": deputies}


def _names(response) -> set[str]:
    return {deputy.name for deputy in response.context["page"]}


def test_directory_filters_by_level_district_group_and_station(client, city) -> None:
    url = reverse("deputy-list")
    assert len(_names(client.get(url, {"level": "county"}))) == 6
    assert len(_names(client.get(url, {"area": city["district"].pk}))) == 6
    assert _names(client.get(url, {"group": city["group"].pk})) == {"张0", "张1", "张2"}
    assert len(_names(client.get(url, {"station": city["station"].pk}))) == 12
    assert _names(client.get(url, {"q": "张1"})) == {"张1", "张10", "张11"}


def test_directory_ignores_bad_filter_values(client, city) -> None:
    response = client.get(reverse("deputy-list"), {"level": "emperor", "area": "x", "group": "1'"})
    assert response.status_code == 200
    assert len(_names(response)) == 12


def test_directory_query_count_is_pinned(client, city, django_assert_num_queries) -> None:
    # session-less request: count, page, stations of the page, districts, groups, stations filter,
    # bodies filter, and the root body's name for the heading (then cached: congress.bodies)
    with django_assert_num_queries(8):
        response = client.get(reverse("deputy-list"))
    assert response.status_code == 200


def test_directory_query_count_does_not_grow_with_the_page(client, city, django_assert_num_queries) -> None:
    for index in range(20):
        MembershipFactory.create(station=city["station"], deputy=DeputyFactory.create(name=f"李{index}"))
    with django_assert_num_queries(8):
        client.get(reverse("deputy-list"))


def test_deputy_page_hides_an_unpublished_phone(client) -> None:
    deputy = DeputyFactory.create(phone="13912345678", phone_is_public=False)
    html = client.get(reverse("deputy-detail", args=[deputy.slug])).content.decode()
    assert "13912345678" not in html and "139****5678" not in html


def test_deputy_page_shows_a_published_phone_masked(client) -> None:
    deputy = DeputyFactory.create(phone="13912345678", phone_is_public=True)
    html = client.get(reverse("deputy-detail", args=[deputy.slug])).content.decode()
    assert "139****5678" in html and "13912345678" not in html


def test_deputy_page_shows_stations_receptions_and_the_raise_button(client) -> None:
    membership = MembershipFactory.create()
    reception = ReceptionFactory.create(station=membership.station, topic="养老服务专题接待")
    reception.duty_deputies.add(membership.deputy)
    html = client.get(reverse("deputy-detail", args=[membership.deputy.slug])).content.decode()
    assert membership.station.name in html
    assert "养老服务专题接待" in html
    assert f"{reverse('submit')}?deputy={membership.deputy.slug}" in html


def test_deputy_page_query_count_is_pinned(client, city, django_assert_num_queries) -> None:
    deputy = city["deputies"][0]
    # name (404 and title), then with the cached fragment missing: deputy, groups, stations, their
    # areas, upcoming duty, duty figures, published report-backs, the live QR code (present: the
    # name only)
    with django_assert_num_queries(9):
        client.get(reverse("deputy-detail", args=[deputy.slug]))
    with django_assert_num_queries(1):
        client.get(reverse("deputy-detail", args=[deputy.slug]))


def test_inactive_deputies_are_not_public(client) -> None:
    deputy = DeputyFactory.create(status="resigned")
    assert client.get(reverse("deputy-detail", args=[deputy.slug])).status_code == 404


def test_statistics_page_counts_the_composition(client, city) -> None:
    response = client.get(reverse("deputy-statistics"))
    assert response.status_code == 200
    assert response.context["data"]["total"] == 12
    assert ("女", 12) in response.context["data"]["gender"]
    assert "chart-gender" in response.content.decode()


def test_station_list_has_map_points_and_pinned_queries(client, city, django_assert_num_queries) -> None:
    StationFactory.create(status=Station.Status.PLANNED, name="筹建中的站")
    # one more than before the bodies filter (its list of bodies), one for the root body's name in
    # the heading (read once, then cached)
    with django_assert_num_queries(6):
        response = client.get(reverse("station-list"))
    html = response.content.decode()
    assert "station-points" in html and "东岗街道人大代表之家" in html
    assert "筹建中的站" not in html
    assert "uri.amap.com" in html and "api.map.baidu.com" in html


def test_station_page_shows_four_public_things_without_citizens_data(
    client, city, django_assert_num_queries
) -> None:
    station = city["station"]
    reception = ReceptionFactory.create(station=station, capacity=5)
    booking_create(reception=reception, name="欧阳修远", mobile="13912345678", topic="路灯")
    # station, members, deputy heads, children, receptions, figures, held, schedules, checklist,
    # its items, compliance
    with django_assert_num_queries(12):  # one more: the 404 and title look-up
        response = client.get(reverse("station-detail", args=[station.slug]))
    html = response.content.decode()
    assert "四公开" in html and "张0" in html
    assert "欧阳" not in html and "13912345678" not in html


def test_reception_calendar_lists_upcoming_receptions(client, city) -> None:
    ReceptionFactory.create(
        station=city["station"], date=timezone.localdate() + dt.timedelta(days=3), topic="就业专题"
    )
    html = client.get(reverse("reception-calendar")).content.decode()
    assert "就业专题" in html


def test_dashboard_shows_duty_qr_and_links_of_other_sections(client, time_machine) -> None:
    # During the reception (09:00–11:30 today): check-in is offered only inside its window.
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False)
    user = UserFactory.create()
    membership = MembershipFactory.create(deputy=DeputyFactory.create(user=user))
    qr_code_issue(deputy=membership.deputy)
    reception = ReceptionFactory.create(station=membership.station, date=timezone.localdate())
    reception.duty_deputies.add(membership.deputy)
    client.force_login(user)
    html = client.get(reverse("dashboard")).content.decode()
    assert 'href="/dashboard/opinions/"' in html and 'href="/dashboard/ballots/"' in html
    assert reverse("reception-check-in", args=[reception.pk]) in html
    assert "poster.pdf" in html

    client.post(reverse("reception-check-in", args=[reception.pk]))
    assert "已签到" in client.get(reverse("dashboard")).content.decode()


def test_dashboard_is_404_for_a_user_who_is_not_a_deputy(client) -> None:
    client.force_login(UserFactory.create())
    assert client.get(reverse("dashboard")).status_code == 404
