"""The dashboard, the unit workbench and the station desk follow the role *and* the linked record:
taking the user out of the role takes the page away, and the role alone opens nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from congress import roles
from congress.services import unit_officer_add, unit_officer_remove
from stations.services import station_update
from tests.factories.core import HandlingUnitFactory, UserFactory
from tests.factories.deputies import DeputyFactory, StationFactory

pytestmark = pytest.mark.django_db

DASHBOARD_PAGES = [
    "dashboard",
    "dashboard-duty",
    "dashboard-report-backs",
    "dashboard-contacts",
    "opinion-list",
    "votes-dashboard-ballots",
]


@pytest.mark.parametrize("name", DASHBOARD_PAGES)
def test_a_deputy_taken_out_of_the_role_loses_every_dashboard_page(client, name) -> None:
    deputy = DeputyFactory.create(user=UserFactory.create())
    client.force_login(deputy.user)
    assert client.get(reverse(name)).status_code == 200
    roles.role_revoke(user=deputy.user, code=roles.DEPUTY)
    assert client.get(reverse(name)).status_code == 404


def test_the_deputy_role_without_a_linked_deputy_has_no_dashboard(client) -> None:
    user = UserFactory.create()
    roles.role_grant(user=user, code=roles.DEPUTY)
    client.force_login(user)
    assert client.get(reverse("dashboard")).status_code == 404


def test_a_linked_deputy_without_the_role_has_no_dashboard(client) -> None:
    deputy = DeputyFactory.create(user=UserFactory.create(), dashboard_role=False)
    client.force_login(deputy.user)
    assert client.get(reverse("dashboard")).status_code == 404


def test_an_officer_taken_out_of_the_role_loses_the_unit_workbench(client) -> None:
    unit, user = HandlingUnitFactory.create(), UserFactory.create()
    officer = unit_officer_add(unit=unit, user=user)
    client.force_login(user)
    assert client.get(reverse("unit-home")).status_code == 200
    assert client.get(reverse("votes-unit-projects")).status_code == 200
    roles.role_revoke(user=user, code=roles.UNIT_OFFICER)
    assert client.get(reverse("unit-home")).status_code == 404
    assert client.get(reverse("votes-unit-projects")).status_code == 404
    assert officer.pk  # the link itself stays; the role alone decides


def test_removing_an_officer_from_the_unit_takes_the_role_and_the_page(client) -> None:
    unit, user = HandlingUnitFactory.create(), UserFactory.create()
    officer = unit_officer_add(unit=unit, user=user)
    unit_officer_remove(officer=officer)
    client.force_login(user)
    assert not user.groups.filter(name=roles.UNIT_OFFICER).exists()
    assert client.get(reverse("unit-home")).status_code == 404


def test_the_officer_role_without_a_unit_opens_no_workbench(client) -> None:
    user = UserFactory.create()
    roles.role_grant(user=user, code=roles.UNIT_OFFICER)
    client.force_login(user)
    assert client.get(reverse("unit-home")).status_code == 404


def test_a_liaison_taken_out_of_the_role_loses_the_station_desk_and_workbench(client) -> None:
    station, user = StationFactory.create(), UserFactory.create()
    station_update(station=station, changes={"liaisons": [user]})
    client.force_login(user)
    assert client.get(reverse("desk-home")).status_code == 200
    assert client.get(reverse("station-workbench")).status_code == 200
    roles.role_revoke(user=user, code=roles.STATION_LIAISON)
    assert client.get(reverse("desk-home")).status_code == 404
    assert client.get(reverse("station-workbench")).status_code == 404


def test_a_liaison_removed_from_their_only_station_loses_the_role(client) -> None:
    station, user = StationFactory.create(), UserFactory.create()
    station_update(station=station, changes={"liaisons": [user]})
    station_update(station=station, changes={"liaisons": []})
    assert not user.groups.filter(name=roles.STATION_LIAISON).exists()
    client.force_login(user)
    assert client.get(reverse("desk-home")).status_code == 404
