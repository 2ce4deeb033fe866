"""A liaison opens an opinion of their stations from the desk: where it stands, the replies, the
place; the contact masked until revealed, and the reveal logged. Another station's item is a 404
that looks like a missing one."""

from __future__ import annotations

from django.urls import reverse

from suggestions.models import AccessLog
from tests.factories.deputies import StationFactory


def test_the_desk_list_links_each_item_to_its_page(client, make, liaison, station):
    item = make("assigned", station=station)
    client.force_login(liaison)
    page = client.get(reverse("desk-home")).content.decode()
    assert f'href="{reverse("desk-item", args=[item.code])}"' in page


def test_a_liaison_sees_where_an_item_of_their_station_stands(client, make, liaison, station):
    item = make("replied", station=station, address="东岗西路与天水路交叉口")
    client.force_login(liaison)
    page = client.get(reverse("desk-item", args=[item.code.lower()])).content.decode()
    assert item.code in page and "已答复" in page
    assert "经现场核查，路灯线路老化" in page and "东岗西路与天水路交叉口" in page
    assert "13912345678" not in page and "139****5678" in page


def test_revealing_the_contact_is_logged(client, make, liaison, station):
    item = make("assigned", station=station)
    client.force_login(liaison)
    page = client.post(reverse("desk-item", args=[item.code]), {"action": "reveal"}).content.decode()
    assert "13912345678" in page
    assert AccessLog.objects.filter(suggestion=item, user=liaison, where="station desk").count() == 1


def test_an_item_of_another_station_looks_missing(client, make, liaison):
    other = make("assigned", station=StationFactory())
    client.force_login(liaison)
    foreign = client.get(reverse("desk-item", args=[other.code]))
    missing = client.get(reverse("desk-item", args=["ZZZZZZZZ"]))
    assert foreign.status_code == missing.status_code == 404
    reveal = client.post(reverse("desk-item", args=[other.code]), {"action": "reveal"})
    assert reveal.status_code == 404 and not AccessLog.objects.filter(suggestion=other).exists()


def test_an_officer_or_deputy_cannot_use_the_desk_page(client, make, station, officer, deputy_user):
    item = make("assigned", station=station)
    for user in (officer, deputy_user):
        client.force_login(user)
        assert client.get(reverse("desk-item", args=[item.code])).status_code == 404
