"""Committee liaison (双联系): members linked to about 5–10 deputies, contacts recorded, and staff
seeing who nobody was in touch with this quarter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from congress import roles
from congress.errors import DomainError
from congress.models import AuditEvent
from deputies.services import committee_contact_record, committee_link_add, constituent_contact_record
from tests.factories.core import UserFactory
from tests.factories.deputies import CommitteeMemberFactory, DeputyFactory

pytestmark = pytest.mark.django_db


def test_a_member_keeps_in_touch_with_at_most_ten_deputies() -> None:
    member = CommitteeMemberFactory.create()
    for _ in range(10):
        committee_link_add(member=member, deputy=DeputyFactory.create())
    with pytest.raises(DomainError) as error:
        committee_link_add(member=member, deputy=DeputyFactory.create())
    assert "10" in error.value.message


def test_a_link_is_audited_on_the_member_and_on_the_deputy() -> None:
    member, deputy, actor = CommitteeMemberFactory.create(), DeputyFactory.create(), UserFactory.create()
    committee_link_add(member=member, deputy=deputy, actor=actor)
    assert AuditEvent.objects.filter(action="link_add", object_id=member.pk, actor=actor).exists()
    assert AuditEvent.objects.filter(
        action="committee_link_add", object_id=deputy.pk, note=member.name
    ).exists()


def test_a_member_records_contacts_only_with_linked_deputies() -> None:
    with pytest.raises(DomainError) as error:
        committee_contact_record(
            member=CommitteeMemberFactory.create(),
            deputy=DeputyFactory.create(),
            on=dt.date(2026, 5, 6),
            method="visit",
            summary="走访代表",
        )
    assert error.value.field == "deputy"


def test_staff_see_who_nobody_was_in_touch_with_this_quarter(client) -> None:
    roles.roles_sync()
    staff = UserFactory.create(is_staff=True)
    roles.role_grant(user=staff, code=roles.COMMITTEE_STAFF)
    member = CommitteeMemberFactory.create(name="韩主任")
    seen, missed = DeputyFactory.create(name="已联系代表"), DeputyFactory.create(name="未联系代表")
    DeputyFactory.create(name="无人联系代表")
    for deputy in (seen, missed):
        committee_link_add(member=member, deputy=deputy)
    committee_contact_record(
        member=member, deputy=seen, on=dt.date(2026, 11, 3), method="visit", summary="走访代表"
    )
    committee_contact_record(
        member=member, deputy=missed, on=dt.date(2026, 9, 30), method="visit", summary="上季度走访"
    )
    constituent_contact_record(deputy=seen, on=dt.date(2026, 11, 5), method="visit", summary="走访选民")
    client.force_login(staff)
    response = client.get(reverse("deputy-report-liaison"), {"on": "2026-11-20"})
    uncovered = [d.name for d in response.context["uncovered"]]
    unlinked = [d.name for d in response.context["unlinked_page"]]
    no_contact = [d.name for d in response.context["no_contact_page"]]
    assert uncovered == ["未联系代表"] and unlinked == ["无人联系代表"]
    assert "已联系代表" not in no_contact and "未联系代表" in no_contact
    assert "韩主任" in response.content.decode()
