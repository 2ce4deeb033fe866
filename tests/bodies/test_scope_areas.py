"""The body scope, area by area, as the people who work in a body meet it: the liaison's workbench,
the unit officer's inbox, the admin's body filter, and the services' own refusals of a parent's
write to a lower body's row (the interfaces inherit them)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from congress.bodies import check_body_writable, generic_visible_q
from congress.errors import DomainError
from congress.models import AuditEvent, Body, HandlingUnit
from congress.services import handling_unit_update, unit_officer_add
from deputies.models import Deputy, DeputyGroup
from deputies.services import deputy_group_create, deputy_update, points_adjustment_add
from stations.models import Station
from stations.permissions import liaison_stations
from stations.services import inspection_record, station_update
from suggestions.models import Assignment
from tests.factories.core import UserFactory

from .world import body_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def worlds(network):
    return {
        "mine": body_world(network, "district", "甲区自有"),
        "sibling": body_world(network, "sibling", "乙区专属"),
        "child": body_world(network, "street", "甲街专属"),
    }


def test_a_liaison_keeps_only_the_stations_of_the_bodies_where_they_hold_the_role(client, worlds):
    liaison = worlds["mine"].people["liaison"]
    worlds["sibling"].rows[Station].liaisons.add(liaison)  # linked, but no role in that body
    assert set(liaison_stations(liaison)) == {worlds["mine"].rows[Station]}
    client.force_login(liaison)
    page = client.get(reverse("station-workbench")).content.decode()
    assert "乙区专属" not in page


def test_a_unit_officer_sees_only_their_own_units_assignments(client, worlds):
    client.force_login(worlds["mine"].people["officer"])
    inbox = client.get(reverse("unit-home"), {"status": "all"}).content.decode()
    assert "乙区专属" not in inbox and "甲街专属" not in inbox
    own = worlds["mine"].rows[Assignment]
    assert client.get(reverse("unit-item", args=[own.pk])).status_code == 200
    for key in ("sibling", "child"):
        assignment = worlds[key].rows[Assignment]
        assert client.get(reverse("unit-item", args=[assignment.pk])).status_code == 404


def test_the_admins_body_filter_lists_only_the_bodies_the_user_reads(client, network, worlds):
    client.force_login(network.staff["district"])
    page = client.get("/admin/stations/station/").content.decode()
    for body in (network.district, network.street, network.township):
        assert f'"?in_body={body.pk}"' in page
    for body in (network.root, network.sibling):
        assert f'"?in_body={body.pk}"' not in page
    listed = client.get("/admin/stations/station/", {"in_body": network.street.pk}).content.decode()
    assert "甲街专属代表之家" in listed and "甲区自有代表之家" not in listed
    assert (
        "乙区专属"
        not in client.get("/admin/stations/station/", {"in_body": network.sibling.pk}).content.decode()
    )


def test_the_services_refuse_a_parents_write_to_a_lower_bodys_rows(network, worlds):
    staff, child = network.staff["district"], worlds["child"]
    writes = [
        lambda: deputy_update(deputy=child.rows[Deputy], changes={"occupation": "other"}, actor=staff),
        lambda: station_update(station=child.rows[Station], changes={"phone": "0931-1"}, actor=staff),
        lambda: handling_unit_update(
            unit=child.rows[HandlingUnit], changes={"contact_name": "x"}, actor=staff
        ),
        lambda: unit_officer_add(unit=child.rows[HandlingUnit], user=UserFactory(), actor=staff),
        lambda: points_adjustment_add(
            deputy=child.rows[Deputy], year=2026, points=5, reason="省级表彰", actor=staff
        ),
    ]
    for write in writes:
        with pytest.raises(DomainError):
            write()
    # The child's own staff may; so may a superuser.
    deputy_update(deputy=child.rows[Deputy], changes={"occupation": "other"}, actor=network.staff["street"])
    check_body_writable(UserFactory(is_superuser=True, is_staff=True), child.body.pk)


def test_the_upper_body_inspects_a_lower_bodys_station_but_not_a_siblings(network, worlds):
    staff = network.staff["district"]
    scores = {
        "hardware": Decimal(20),
        "rules": Decimal(20),
        "records": Decimal(20),
        "activities": Decimal(20),
    }
    inspection_record(
        station=worlds["child"].rows[Station],
        inspected_on=datetime.date(2026, 6, 1),
        actor=staff,
        **scores,  # type: ignore[arg-type]
    )
    with pytest.raises(DomainError):
        inspection_record(
            station=worlds["sibling"].rows[Station],
            inspected_on=datetime.date(2026, 6, 1),
            actor=staff,
            **scores,  # type: ignore[arg-type]
        )


def test_a_row_made_without_a_body_goes_to_the_makers_own(network):
    group = deputy_group_create(
        name="甲区教育小组", kind=DeputyGroup.Kind.PROFESSIONAL, actor=network.staff["district"]
    )
    assert group.body == network.district
    assert deputy_group_create(name="市级小组", kind="professional").body == Body.objects.roots().get()


def test_the_audit_log_shows_a_user_the_events_about_what_they_read(network, worlds):
    staff = network.staff["district"]
    condition = generic_visible_q(staff)
    visible = set(AuditEvent.objects.filter(condition).values_list("note", flat=True))
    assert "甲区自有备注" in visible and "甲街专属备注" in visible and "乙区专属备注" not in visible
    assert generic_visible_q(network.staff["root"]) is None  # the city reads the whole tree
