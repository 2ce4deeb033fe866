"""Delegations and deputy groups in the API: staff with the model permissions only; every write
through the audited services (the same events as the admin's), refusals as 400s with the field in
Chinese, members added and removed through the deputy's audited groups."""

from __future__ import annotations

import pytest

from congress.audit import audit_events_for
from deputies.models import Delegation, DeputyGroup
from tests.factories.core import DistrictFactory, TermFactory, UserFactory, staff_with
from tests.factories.deputies import DeputyFactory

pytestmark = pytest.mark.django_db


def test_only_staff_with_the_permission_read_delegations(client) -> None:
    Delegation.objects.create(name="城关区代表团", term=TermFactory.create())
    assert client.get("/api/v1/delegations/").status_code == 403
    client.force_login(UserFactory.create(is_staff=True))
    assert client.get("/api/v1/delegations/").status_code == 403
    client.force_login(staff_with("view_delegation"))
    body = client.get("/api/v1/delegations/").json()
    assert [row["name"] for row in body["results"]] == ["城关区代表团"]
    assert client.post("/api/v1/delegations/", {"name": "x"}).status_code == 403


def test_a_delegation_is_created_edited_and_deactivated_through_the_services(client) -> None:
    term, district = TermFactory.create(), DistrictFactory.create(name="城关区")
    staff = staff_with("view_delegation", "add_delegation", "change_delegation")
    client.force_login(staff)
    created = client.post(
        "/api/v1/delegations/", {"name": " 城关区代表团 ", "term": term.pk, "area": district.pk}
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["name"] == "城关区代表团" and created.json()["is_active"] is True
    changed = client.patch(
        f"/api/v1/delegations/{pk}/", {"name": "城关区代表团（二组）"}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["name"] == "城关区代表团（二组）"
    off = client.post(f"/api/v1/delegations/{pk}/deactivate/", {"reason": "合并到新代表团"})
    assert off.status_code == 200 and off.json()["is_active"] is False
    events = list(audit_events_for(Delegation.objects.get(pk=pk)).order_by("pk"))
    assert [e.action for e in events] == ["create", "update", "deactivate"]
    assert events[-1].note == "合并到新代表团" and {e.actor for e in events} == {staff}
    refused = client.delete(f"/api/v1/delegations/{pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert refused.status_code == 405 and "停用" in refused.json()["message"]
    assert Delegation.objects.filter(pk=pk).exists()


def test_a_duplicate_name_is_a_400_with_the_field_in_chinese(client) -> None:
    term = TermFactory.create()
    client.force_login(staff_with("add_delegation"))
    assert client.post("/api/v1/delegations/", {"name": "七里河区代表团", "term": term.pk}).status_code == 201
    refused = client.post(
        "/api/v1/delegations/", {"name": "七里河区代表团", "term": term.pk}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert refused.status_code == 400
    errors = refused.json()["errors"]
    assert errors and all(isinstance(v, list) for v in errors.values())
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(errors))
    assert Delegation.objects.count() == 1


def test_group_members_are_added_and_removed_with_the_deputys_audit(client) -> None:
    staff = staff_with("view_deputygroup", "add_deputygroup", "change_deputygroup")
    client.force_login(staff)
    created = client.post("/api/v1/deputy-groups/", {"name": "教育专业代表小组", "kind": "professional"})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    deputy = DeputyFactory.create()
    url = f"/api/v1/deputy-groups/{pk}/members/"
    assert client.post(url, {"deputy": deputy.slug}).json() == {"changed": True}
    assert client.post(url, {"deputy": deputy.slug}).json() == {"changed": False}
    assert client.get(f"/api/v1/deputy-groups/{pk}/").json()["members"] == 1
    assert list(deputy.groups.values_list("name", flat=True)) == ["教育专业代表小组"]
    assert "update" in [e.action for e in audit_events_for(deputy)]
    removed = client.delete(url, {"deputy": deputy.slug}, content_type="application/json")
    assert removed.json() == {"changed": True} and not deputy.groups.exists()
    unknown = client.post(url, {"deputy": "nobody"})
    assert unknown.status_code == 400 and "deputy" in unknown.json()["errors"]


def test_an_inactive_group_takes_no_new_members(client) -> None:
    client.force_login(staff_with("view_deputygroup", "change_deputygroup"))
    group = DeputyGroup.objects.create(name="旧小组", kind="territorial", is_active=False)
    refused = client.post(
        f"/api/v1/deputy-groups/{group.pk}/members/",
        {"deputy": DeputyFactory.create().slug},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert refused.status_code == 400 and "non_field_errors" in refused.json()["errors"]
    assert client.post(f"/api/v1/deputy-groups/{group.pk}/activate/").json()["is_active"] is True
