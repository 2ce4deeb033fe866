"""The body tree: paths, descendants, the kinds allowed under each kind, and who sees which body."""

from __future__ import annotations

import pytest

from congress.audit import audit_events_for
from congress.bodies import (
    bodies_visible_to,
    bodies_writable_by,
    body_for_area,
    body_ids_visible_to,
    root_body,
)
from congress.errors import DomainError
from congress.models import Body
from congress.services import body_create, body_update
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def test_a_body_path_is_its_chain_of_ids_from_the_root(network):
    assert network.root.path == f"{network.root.pk}/"
    assert network.street.path == f"{network.root.pk}/{network.district.pk}/{network.street.pk}/"
    assert network.street.depth == 3


def test_descendants_are_one_prefix_match(network):
    below = set(Body.objects.descendants_of(network.district))
    assert below == {network.district, network.street, network.township}
    assert set(Body.objects.descendants_of(network.district, include_self=False)) == {
        network.street,
        network.township,
    }
    assert set(Body.objects.descendants_of(network.root)) == set(Body.objects.all())


def test_only_bodies_with_a_congress_say_so(network):
    assert network.root.has_congress and network.district.has_congress and network.township.has_congress
    assert not network.street.has_congress  # 街道人大工委: no congress of its own


def test_a_street_committee_cannot_sit_under_the_city(network):
    with pytest.raises(DomainError):
        body_create(kind=Body.Kind.STREET, name="错位街道工委", parent=network.root)


def test_there_is_one_root(network):
    with pytest.raises(DomainError):
        body_create(kind=Body.Kind.CITY, name="第二个市人大常委会")
    assert root_body() == network.root


def test_creating_and_moving_a_body_is_audited_and_moves_its_subtree(network):
    assert audit_events_for(network.street).filter(action="create").exists()
    moved = body_update(body=network.district, changes={"name": "甲区人大常委会（新）"}, actor=None)
    assert audit_events_for(moved).filter(action="update").exists()
    # A township under the sibling district: its path follows.
    body_update(body=network.township, changes={"parent": network.sibling}, actor=None)
    network.township.refresh_from_db()
    assert network.township.path == f"{network.sibling.path}{network.township.pk}/"


def test_a_body_cannot_be_moved_under_its_own_descendant(network):
    with pytest.raises(DomainError):
        body_update(body=network.district, changes={"parent": network.street}, actor=None)


def test_staff_see_their_body_and_below_and_write_only_their_own(network):
    staff = network.staff["district"]
    assert set(bodies_visible_to(staff)) == {network.district, network.street, network.township}
    assert set(bodies_writable_by(staff)) == {network.district}
    assert set(bodies_visible_to(network.staff["street"])) == {network.street}
    assert set(bodies_visible_to(network.staff["root"])) == set(Body.objects.all())
    assert set(bodies_writable_by(network.staff["root"])) == {network.root}


def test_superusers_see_and_write_every_body(network):
    admin = UserFactory(is_staff=True, is_superuser=True)
    assert body_ids_visible_to(admin) is None
    assert set(bodies_writable_by(admin)) == set(Body.objects.all())


def test_staff_without_a_role_in_a_body_see_nothing_once_there_are_several(network):
    stray = UserFactory(is_staff=True)
    assert body_ids_visible_to(stray) == []


def test_roles_in_several_bodies_add_up(network):
    from congress.services import body_role_grant

    staff = network.staff["street"]
    body_role_grant(user=staff, body=network.sibling, role="committee_staff")
    assert set(bodies_visible_to(staff)) == {network.street, network.sibling}


def test_the_lowest_body_whose_area_holds_an_area_receives_it(network):
    from tests.factories.core import StreetFactory

    community = StreetFactory(parent=network.areas["street"], name="某社区", level=4)
    assert body_for_area(community) == network.street
    assert body_for_area(network.areas["district"]) == network.district
    assert body_for_area(network.areas["city"]) == network.root
    assert body_for_area(None) == network.root


def test_the_body_admin_lists_the_subtree_and_creates_through_the_service(client, network):
    client.force_login(network.staff["district"])
    page = client.get("/admin/congress/body/").content.decode()
    assert "甲街道人大工委" in page and "乙区人大常委会" not in page
    assert client.get(f"/admin/congress/body/{network.sibling.pk}/change/").status_code in (302, 404)
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.post(
        "/admin/congress/body/add/",
        {
            "kind": "street",
            "name": "乙街道人大工委",
            "short_name": "",
            "parent": network.sibling.pk,
            "sort_order": 0,
            "roles-TOTAL_FORMS": 0,
            "roles-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    made = Body.objects.get(name="乙街道人大工委")
    assert made.path == f"{network.sibling.path}{made.pk}/"
    assert audit_events_for(made).filter(action="create").exists()
