# Factories return model instances at run time; mypy sees the factory class, hence arg-type.
# mypy: disable-error-code="arg-type,misc"
"""三员分立: the system, security and audit administrators each do their own part and nothing else.
The models and actions walked come from the admin registry; what each may do is the table below."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from congress import roles, services
from congress.errors import DomainError
from congress.models import AuditEvent
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

ALL = frozenset({"view", "add", "change", "delete"})
# Each administrator's part: model label -> what they may do with it. Everything else: nothing.
PARTS: dict[str, dict[str, frozenset[str]]] = {
    roles.SYSTEM_ADMIN: {
        "auth.user": frozenset({"view", "add", "change"}),
        "django_celery_beat.clockedschedule": ALL,
        "django_celery_beat.crontabschedule": ALL,
        "django_celery_beat.solarschedule": ALL,
        "django_celery_beat.intervalschedule": ALL,
        "django_celery_beat.periodictask": ALL,
        "congress.workerheartbeat": frozenset({"view"}),
        "axes.accessattempt": frozenset({"view", "delete"}),
        "otp_totp.totpdevice": frozenset({"view", "delete"}),
        "apiclients.apiclient": ALL,
    },
    roles.SECURITY_ADMIN: {
        "auth.user": frozenset({"view", "change"}),
        "auth.group": frozenset({"view", "change"}),
    },
    roles.AUDIT_ADMIN: {
        "congress.auditevent": frozenset({"view"}),
        "congress.auditchainhead": frozenset({"view"}),
        "axes.accessattempt": frozenset({"view"}),
        "axes.accesslog": frozenset({"view"}),
        "axes.accessfailurelog": frozenset({"view"}),
        "suggestions.accesslog": frozenset({"view"}),
    },
}
ADMINS = sorted(PARTS)


def _holder(code: str) -> Any:
    user = UserFactory.create(username=f"{code}-holder")
    roles.role_grant(user=user, code=code)
    services.user_staff_follow_roles(user=user)
    user.refresh_from_db()
    return user


def _request(user: Any) -> Any:
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.mark.parametrize("code", ADMINS)
def test_each_administrator_can_do_only_their_part_of_every_admin_model(code: str) -> None:
    roles.roles_sync()
    request = _request(_holder(code))
    part = PARTS[code]
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        allowed = {perm for perm in ALL if getattr(model_admin, f"has_{perm}_permission")(request)}
        assert allowed <= part.get(label, frozenset()), (code, label, allowed)
    # and the heart of each part is really there
    user_admin = admin.site._registry[type(request.user)]
    if code == roles.SYSTEM_ADMIN:
        assert user_admin.has_add_permission(request)
    if code == roles.SECURITY_ADMIN:
        assert admin.site._registry[Group].has_change_permission(request)
    if code == roles.AUDIT_ADMIN:
        assert admin.site._registry[AuditEvent].has_view_permission(request)


@pytest.mark.parametrize("code", ADMINS)
def test_each_administrator_is_offered_only_the_actions_of_their_part(code: str) -> None:
    roles.roles_sync()
    request = _request(_holder(code))
    part = PARTS[code]
    for model, model_admin in admin.site._registry.items():
        actions = set(model_admin.get_actions(request))
        if (
            code == roles.AUDIT_ADMIN
            or model._meta.label_lower not in part
            or not ({"change", "delete", "add"} & part[model._meta.label_lower])
        ):
            assert not actions, (code, model._meta.label_lower, actions)


@pytest.mark.parametrize("code", ADMINS)
def test_each_administrator_reads_no_business_list_in_the_admin(client: Any, code: str) -> None:
    roles.roles_sync()
    client.force_login(_holder(code))
    part = PARTS[code]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        response = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        readable = "view" in part.get(model._meta.label_lower, frozenset())
        assert (response.status_code == 200) == readable, (
            code,
            model._meta.label_lower,
            response.status_code,
        )


@pytest.mark.parametrize("first", ADMINS)
def test_no_one_holds_an_administrator_role_with_another_role(first: str) -> None:
    user = _holder(first)
    for other in [*ADMINS, roles.COMMITTEE_STAFF, roles.DEPUTY]:
        if other == first:
            continue
        with pytest.raises(roles.RoleConflict):
            roles.role_grant(user=user, code=other)
    staff = UserFactory.create()
    roles.role_grant(user=staff, code=roles.COMMITTEE_STAFF)
    with pytest.raises(roles.RoleConflict):
        roles.role_grant(user=staff, code=first)


def test_the_user_page_refuses_two_administrator_roles_in_plain_chinese(client: Any) -> None:
    roles.roles_sync()
    security = _holder(roles.SECURITY_ADMIN)
    target = UserFactory.create(username="lisi")
    client.force_login(security)
    url = reverse("admin:auth_user_change", args=[target.pk])
    groups = [Group.objects.get(name=roles.SYSTEM_ADMIN).pk, Group.objects.get(name=roles.AUDIT_ADMIN).pk]
    response = client.post(url, {"groups": groups}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "不得兼任其他任何角色" in response.content.decode()
    assert not target.groups.exists()
    with pytest.raises(DomainError):
        services.user_groups_set(user=target, groups=Group.objects.filter(pk__in=groups))


def test_the_database_refuses_a_second_role_for_an_administrator_written_around_the_services() -> None:
    roles.roles_sync()
    user = _holder(roles.AUDIT_ADMIN)
    staff_group = Group.objects.get(name=roles.COMMITTEE_STAFF)
    insert = "INSERT INTO auth_user_groups (user_id, group_id) VALUES (%s, %s)"
    with (
        pytest.raises(DatabaseError, match="administrator role"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(insert, [user.pk, staff_group.pk])


def test_the_system_administrator_keeps_accounts_but_cannot_grant_roles(client: Any) -> None:
    roles.roles_sync()
    client.force_login(_holder(roles.SYSTEM_ADMIN))
    target = UserFactory.create(username="wangwu", email="old@example.cn")
    url = reverse("admin:auth_user_change", args=[target.pk])
    page = client.get(url).content.decode()
    assert 'name="groups"' not in page and 'name="is_superuser"' not in page
    staff_group = Group.objects.get(name=roles.COMMITTEE_STAFF)
    response = client.post(
        url,
        {"username": "wangwu", "email": "new@example.cn", "is_active": "on", "groups": [staff_group.pk]},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.email == "new@example.cn"
    assert not target.groups.exists()
    assert AuditEvent.objects.filter(action="account_change", object_id=target.pk).exists()


def test_the_security_administrator_grants_roles_but_cannot_touch_the_account(client: Any) -> None:
    roles.roles_sync()
    client.force_login(_holder(roles.SECURITY_ADMIN))
    target = UserFactory.create(username="zhaoliu", email="z@example.cn")
    url = reverse("admin:auth_user_change", args=[target.pk])
    staff_group = Group.objects.get(name=roles.COMMITTEE_STAFF)
    response = client.post(
        url, {"username": "hijack", "email": "evil@example.cn", "groups": [staff_group.pk]}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.username, target.email) == ("zhaoliu", "z@example.cn")
    assert list(target.groups.values_list("name", flat=True)) == [roles.COMMITTEE_STAFF]
    assert client.get(reverse("admin:auth_user_password_change", args=[target.pk])).status_code == 403
    # The administrators' own groups keep the code's permissions.
    admin_group = Group.objects.get(name=roles.SYSTEM_ADMIN)
    assert client.get(reverse("admin:auth_group_change", args=[admin_group.pk])).status_code in (200, 403)
    before = set(admin_group.permissions.values_list("pk", flat=True))
    client.post(
        reverse("admin:auth_group_change", args=[admin_group.pk]),
        {"name": roles.SYSTEM_ADMIN, "permissions": []},
    )
    assert set(admin_group.permissions.values_list("pk", flat=True)) == before


def test_the_audit_administrator_verifies_the_chain_from_the_admin(client: Any) -> None:
    roles.roles_sync()
    client.force_login(_holder(roles.AUDIT_ADMIN))
    page = client.get(reverse("admin:congress_auditchainhead_changelist"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "立即校验审计链" in page.content.decode()
    response = client.post(reverse("admin:congress_auditchainhead_verify"), follow=True)
    assert "审计链完整" in response.content.decode()
    assert AuditEvent.objects.filter(action="audit_verify").count() == 1


@pytest.mark.parametrize("code", [roles.SYSTEM_ADMIN, roles.SECURITY_ADMIN])
def test_the_other_administrators_cannot_run_the_check(client: Any, code: str) -> None:
    roles.roles_sync()
    client.force_login(_holder(code))
    assert client.post(reverse("admin:congress_auditchainhead_verify")).status_code == 403


def test_superusers_are_locked_after_installation() -> None:
    root = UserFactory.create(username="installer", is_superuser=True, is_staff=True)
    with pytest.raises(CommandError):
        call_command("lock_superusers")
    for code in ADMINS:
        _holder(code)
    call_command("lock_superusers")
    root.refresh_from_db()
    assert not root.is_active and not root.has_usable_password()
    assert AuditEvent.objects.filter(action="superuser_lock", object_id=root.pk).exists()
