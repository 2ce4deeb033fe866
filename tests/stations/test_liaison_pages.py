"""What a liaison trips over (issue 23): recording a reception starts from the deputies who checked
in and the duty roster (the rest of a large station are found by searching, checklist-filter.js);
the workbench lists what it says, two weeks back and two weeks ahead, and counts older receptions
never recorded instead of listing them back to past years."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from congress import roles
from stations.models import Reception
from tests.factories.core import UserFactory
from tests.factories.deputies import DeputyFactory, StationFactory
from tests.factories.stations import MembershipFactory, ReceptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def station():
    return StationFactory.create()


@pytest.fixture
def liaison(station):
    roles.roles_sync()
    user = UserFactory.create()
    user.groups.add(Group.objects.get(name=roles.STATION_LIAISON))
    station.liaisons.add(user)
    return user


def _ticked(page: str) -> set[str]:
    return set(re.findall(r'<input type="checkbox" name="deputies_present" value="(\d+)"[^>]*checked', page))


def test_checked_in_and_duty_deputies_are_ticked_and_the_rest_are_not(client, liaison, station):
    members = [MembershipFactory.create(station=station).deputy for _ in range(6)]
    checked_in, on_duty, outsider_on_duty = members[0], members[1], DeputyFactory.create()
    reception = ReceptionFactory.create(station=station, date=timezone.localdate())
    reception.duty_deputies.add(on_duty, outsider_on_duty)
    reception.deputies_present.add(checked_in)
    client.force_login(liaison)
    page = client.get(reverse("reception-record", args=[reception.pk])).content.decode()
    assert _ticked(page) == {str(d.pk) for d in (checked_in, on_duty, outsider_on_duty)}
    assert page.count('name="deputies_present"') == 7
    assert "已签到" in page and "值班" in page
    assert 'data-checklist-filter="' in page and "js/checklist-filter.js" in page


def test_a_held_reception_shows_what_was_recorded(client, liaison, station):
    came, absent = (MembershipFactory.create(station=station).deputy for _ in range(2))
    reception = ReceptionFactory.create(station=station, date=timezone.localdate(), status="held")
    reception.duty_deputies.add(came, absent)
    reception.deputies_present.add(came)
    client.force_login(liaison)
    page = client.get(reverse("reception-record", args=[reception.pk])).content.decode()
    assert _ticked(page) == {str(came.pk)}


def test_the_record_saves_the_ticked_deputies(client, liaison, station):
    first, second = (MembershipFactory.create(station=station).deputy for _ in range(2))
    reception = ReceptionFactory.create(station=station, date=timezone.localdate())
    reception.duty_deputies.add(first)
    client.force_login(liaison)
    response = client.post(
        reverse("reception-record", args=[reception.pk]),
        {"deputies_present": [first.pk, second.pk], "visitors": 4},
    )
    assert response.status_code == 302
    assert set(Reception.objects.get(pk=reception.pk).deputies_present.all()) == {first, second}


def test_the_workbench_lists_two_weeks_back_and_ahead(client, liaison, station):
    today = timezone.localdate()
    inside = [
        ReceptionFactory.create(station=station, date=today + dt.timedelta(days=d)) for d in (-14, 0, 14)
    ]
    outside = [
        ReceptionFactory.create(station=station, date=today + dt.timedelta(days=d), status="held")
        for d in (-15, -400)
    ] + [ReceptionFactory.create(station=station, date=today + dt.timedelta(days=15))]
    never_recorded = ReceptionFactory.create(station=station, date=today - dt.timedelta(days=30))
    client.force_login(liaison)
    page = client.get(reverse("station-workbench")).content.decode()
    for reception in inside:
        assert reception.date.isoformat() in page
    for reception in [*outside, never_recorded]:
        assert reception.date.isoformat() not in page.split("<table", 1)[1]
    since, until = (today - dt.timedelta(days=14)).isoformat(), (today + dt.timedelta(days=14)).isoformat()
    assert since in page and until in page
    assert "1 场更早的接待活动尚未登记" in page
    earlier = client.get(reverse("station-workbench"), {"earlier": "1"}).content.decode()
    table = earlier.split("<table", 1)[1]
    assert never_recorded.date.isoformat() in table
    assert all(r.date.isoformat() not in table for r in [*inside, *outside])
