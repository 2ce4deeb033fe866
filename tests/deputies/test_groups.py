"""Delegations and deputy groups as master data: written through their services with audit events,
deactivated instead of deleted, members changed through the deputy's audited groups, and the admin
using the same services."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from congress.audit import audit_events_for
from congress.errors import DomainError
from congress.models import AuditEvent
from deputies.models import Delegation, Deputy, DeputyGroup
from deputies.services import (
    delegation_create,
    delegation_set_active,
    delegation_update,
    deputy_group_create,
    deputy_group_member_add,
    deputy_group_member_remove,
    deputy_group_set_active,
    deputy_group_update,
)
from tests.factories.core import CityFactory, DistrictFactory, TermFactory, UserFactory
from tests.factories.deputies import DeputyFactory

pytestmark = pytest.mark.django_db


def test_a_delegation_is_created_and_changed_with_audit_events() -> None:
    term, district = TermFactory.create(), DistrictFactory.create(name="城关区")
    actor = UserFactory.create()

    delegation = delegation_create(name=" 城关区代表团 ", term=term, area=district, actor=actor)
    delegation_update(delegation=delegation, changes={"name": "城关区代表团（第二组）"}, actor=actor)

    delegation.refresh_from_db()
    assert delegation.name == "城关区代表团（第二组）" and delegation.is_active
    events = list(audit_events_for(delegation).order_by("pk"))
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].data["changes"] == {"name": ["城关区代表团", "城关区代表团（第二组）"]}
    assert events[1].actor == actor


def test_two_delegations_of_a_term_cannot_share_a_name() -> None:
    term = TermFactory.create()
    delegation_create(name="七里河区代表团", term=term)
    with pytest.raises(DomainError):
        delegation_create(name="七里河区代表团", term=term)
    assert Delegation.objects.count() == 1


def test_a_delegation_belongs_to_a_district_not_a_city() -> None:
    with pytest.raises(DomainError) as refused:
        delegation_create(name="全市代表团", term=TermFactory.create(), area=CityFactory.create())
    assert refused.value.field == "area"


def test_deactivating_keeps_the_members_and_is_audited_with_its_reason() -> None:
    group = deputy_group_create(name="教育专业代表小组", kind="professional")
    deputy = DeputyFactory.create()
    deputy_group_member_add(group=group, deputy=deputy)

    deputy_group_set_active(group=group, active=False, reason="本届不再设立")

    group.refresh_from_db()
    assert not group.is_active and list(group.deputies.all()) == [deputy]
    event = audit_events_for(group).get(action="deactivate")
    assert event.note == "本届不再设立" and event.data["changes"] == {"is_active": [True, False]}
    with pytest.raises(DomainError):
        deputy_group_member_add(group=group, deputy=DeputyFactory.create())
    deputy_group_set_active(group=group, active=True)
    assert DeputyGroup.objects.get(pk=group.pk).is_active


def test_a_delegation_can_be_deactivated_and_reactivated() -> None:
    delegation = delegation_create(name="西固区代表团", term=TermFactory.create())
    delegation_set_active(delegation=delegation, active=False)
    assert not Delegation.objects.get(pk=delegation.pk).is_active
    assert list(audit_events_for(delegation).values_list("action", flat=True)) == ["create", "deactivate"]


def test_members_change_through_the_deputys_audited_groups() -> None:
    group = deputy_group_create(name="城关区代表小组", kind="territorial")
    deputy = DeputyFactory.create()

    assert deputy_group_member_add(group=group, deputy=deputy) is True
    assert deputy_group_member_add(group=group, deputy=deputy) is False
    assert deputy_group_member_remove(group=group, deputy=deputy) is True
    assert deputy_group_member_remove(group=group, deputy=deputy) is False

    changes = [
        e.data["changes"]["groups"] for e in audit_events_for(deputy).filter(action="update").order_by("pk")
    ]
    assert changes == [[[], ["城关区代表小组"]], [["城关区代表小组"], []]]


def test_a_group_rename_is_audited_and_the_kind_is_checked() -> None:
    group = deputy_group_create(name="医疗小组", kind="professional")
    deputy_group_update(group=group, changes={"name": "医疗卫生专业代表小组"})
    assert DeputyGroup.objects.get(pk=group.pk).name == "医疗卫生专业代表小组"
    with pytest.raises(DomainError) as refused:
        deputy_group_update(group=group, changes={"kind": "secret"})
    assert refused.value.field == "kind"


def test_the_admin_writes_delegations_and_groups_through_the_services(admin_client) -> None:
    term = TermFactory.create()
    response = admin_client.post(
        "/admin/deputies/delegation/add/", {"name": "安宁区代表团", "term": term.pk, "area": ""}
    )
    assert response.status_code == 302
    delegation = Delegation.objects.get(name="安宁区代表团")
    assert audit_events_for(delegation).filter(action="create").exists()

    group = deputy_group_create(name="红古区代表小组", kind="territorial")
    response = admin_client.post(
        "/admin/deputies/deputygroup/",
        {"action": "deactivate", "_selected_action": [group.pk]},
    )
    assert response.status_code == 302
    assert not DeputyGroup.objects.get(pk=group.pk).is_active
    assert admin_client.get(f"/admin/deputies/deputygroup/{group.pk}/delete/").status_code == 403


def test_without_the_permissions_the_admin_offers_no_changes(client) -> None:
    staff = UserFactory.create(is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/deputies/delegation/add/").status_code == 403
    assert client.get("/admin/deputies/deputygroup/add/").status_code == 403
    content_type = ContentType.objects.get_for_model(Deputy)
    assert not AuditEvent.objects.filter(content_type=content_type).exists()
