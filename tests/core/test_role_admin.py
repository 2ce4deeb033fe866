"""Role groups read by their label in the admin (names stay the stable codes), and granting an admin
role sets is_staff while taking the last one away clears it, through the services."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from congress import roles
from congress.models import AuditEvent
from congress.services import body_role_grant, body_role_revoke, user_groups_set
from tests.factories.core import UserFactory, root_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user() -> Any:
    roles.roles_sync()
    return UserFactory.create(username="root1", is_staff=True, is_superuser=True)


def _group(code: str) -> Group:
    roles.roles_sync()
    return Group.objects.get(name=code)


def test_granting_a_staff_role_in_a_body_sets_is_staff_and_revoking_it_clears_it() -> None:
    user = UserFactory.create(is_staff=False)
    body_role_grant(user=user, body=root_body(), role=roles.COMMITTEE_STAFF)
    user.refresh_from_db()
    assert user.is_staff
    body_role_revoke(user=user, body=root_body(), role=roles.COMMITTEE_STAFF)
    user.refresh_from_db()
    assert not user.is_staff
    assert AuditEvent.objects.filter(object_id=user.pk, action="update").count() == 2


def test_a_station_liaison_role_does_not_make_staff() -> None:
    user = UserFactory.create(is_staff=False)
    body_role_grant(user=user, body=root_body(), role=roles.STATION_LIAISON)
    user.refresh_from_db()
    assert not user.is_staff


def test_revoking_one_of_two_admin_roles_keeps_is_staff() -> None:
    user = UserFactory.create(is_staff=False)
    user_groups_set(user=user, groups=[_group(roles.COMMITTEE_STAFF), _group(roles.COMMITTEE_LEADER)])
    user_groups_set(user=user, groups=[_group(roles.COMMITTEE_LEADER)])
    user.refresh_from_db()
    assert user.is_staff
    user_groups_set(user=user, groups=[])
    user.refresh_from_db()
    assert not user.is_staff


def test_a_superuser_keeps_is_staff_when_the_last_role_goes() -> None:
    user = UserFactory.create(is_staff=True, is_superuser=True)
    user_groups_set(user=user, groups=[_group(roles.COMMITTEE_STAFF)])
    user_groups_set(user=user, groups=[])
    user.refresh_from_db()
    assert user.is_staff


def test_the_user_admin_save_grants_the_role_and_sets_is_staff(client, admin_user) -> None:
    user = UserFactory.create(username="newstaff", is_staff=False)
    client.force_login(admin_user)
    url = reverse("admin:auth_user_change", args=[user.pk])
    page = client.get(url).content.decode()
    assert str(roles.ROLE_LABELS[roles.COMMITTEE_STAFF]) in page
    response = client.post(
        url,
        {
            "username": "newstaff",
            "is_active": "on",
            "groups": [str(_group(roles.COMMITTEE_STAFF).pk)],
            "date_joined_0": "2026-12-01",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.is_staff and user.groups.filter(name=roles.COMMITTEE_STAFF).exists()
    assert AuditEvent.objects.filter(object_id=user.pk, action="groups_set", actor=admin_user).exists()


def test_role_groups_are_listed_by_label_and_keep_their_code_as_name(client, admin_user) -> None:
    user = UserFactory.create(username="leader2")
    user_groups_set(user=user, groups=[_group(roles.COMMITTEE_LEADER)])
    client.force_login(admin_user)
    label = str(roles.ROLE_LABELS[roles.COMMITTEE_LEADER])
    assert label in client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert label in client.get(reverse("admin:auth_group_changelist")).content.decode()
    assert Group.objects.filter(name=roles.COMMITTEE_LEADER).exists()
