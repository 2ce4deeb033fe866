"""The portal's roles as Django groups, and the permissions each one carries.

Groups are keyed by a stable code; ``roles_sync()`` makes the database match this table and is safe
to run any number of times (the run command and the demo loader call it after migrating).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DEPUTY = "deputy"
UNIT_OFFICER = "unit_officer"
STATION_LIAISON = "station_liaison"
COMMITTEE_STAFF = "committee_staff"
COMMITTEE_LEADER = "committee_leader"
# The three administrators (三员分立, GB/T 22239-2019 level 3): congress/admin_separation.py.
SYSTEM_ADMIN = "system_admin"
SECURITY_ADMIN = "security_admin"
AUDIT_ADMIN = "audit_admin"

# Apps whose models committee staff manage in the admin.
STAFF_APPS = (
    "congress",
    "workcalendar",
    "notifications",
    "deputies",
    "stations",
    "suggestions",
    "votes",
    "reports",
    "django_celery_beat",
    "captcha",
)


@dataclass(frozen=True)
class Role:
    code: str
    label: Promise
    # Permissions as "app_label.codename"; "app_label.*" means every permission of that app, and
    # "app_label.view_*" every view permission.
    permissions: tuple[str, ...]


ROLES: tuple[Role, ...] = (
    Role(DEPUTY, _("Deputy"), ("deputies.use_dashboard",)),
    Role(UNIT_OFFICER, _("Handling-unit officer"), ("congress.use_unit_workbench",)),
    Role(STATION_LIAISON, _("Station liaison"), ("stations.use_station_workbench",)),
    Role(COMMITTEE_STAFF, _("Committee staff"), tuple(f"{app}.*" for app in STAFF_APPS)),
    Role(
        COMMITTEE_LEADER,
        _("Committee leader"),
        (*(f"{app}.view_*" for app in STAFF_APPS), "deputies.use_dashboard"),
    ),
)

# The three administrators (三员分立): each does one part and reads no business data. The system
# administrator keeps accounts and configuration (cannot grant roles or permissions), the security
# administrator grants and revokes roles (cannot create accounts), the audit administrator reads the
# audit trail and the login logs and changes nothing. An account holding one of them holds no other
# role at all (``role_grant`` and a database trigger refuse it).
ADMIN_ROLES: tuple[Role, ...] = (
    Role(
        SYSTEM_ADMIN,
        _("System administrator"),
        (
            "auth.add_user",
            "auth.change_user",
            "auth.view_user",
            "django_celery_beat.*",
            "congress.view_workerheartbeat",
            # Unlock an account locked after failed logins; reset a lost authenticator.
            "axes.view_accessattempt",
            "axes.delete_accessattempt",
            "otp_totp.view_totpdevice",
            "otp_totp.delete_totpdevice",
            "apiclients.*",
        ),
    ),
    Role(
        SECURITY_ADMIN,
        _("Security administrator"),
        ("auth.view_user", "auth.change_user", "auth.view_group", "auth.change_group"),
    ),
    Role(
        AUDIT_ADMIN,
        _("Audit administrator"),
        (
            "congress.view_auditevent",
            "congress.view_auditchainhead",
            "congress.verify_audit_chain",
            "axes.view_accessattempt",
            "axes.view_accesslog",
            "axes.view_accessfailurelog",
            "suggestions.view_accesslog",
        ),
    ),
)
ROLES = ROLES + ADMIN_ROLES
ADMIN_ROLE_CODES = tuple(role.code for role in ADMIN_ROLES)

ROLE_LABELS = {role.code: role.label for role in ROLES}

# Roles that work in the admin: holding one needs ``is_staff`` (Django's admin login checks it).
STAFF_ROLES = (COMMITTEE_STAFF, COMMITTEE_LEADER, *ADMIN_ROLE_CODES)


class RoleConflict(ValueError):
    """An administrator role together with any other role (三员分立)."""


def roles_clash(codes: Any) -> bool:
    """Whether a set of group names puts an administrator role with any other role."""
    names = set(codes)
    return len(names) > 1 and bool(names & set(ADMIN_ROLE_CODES))


def role_conflict(user: Any, code: str) -> str | None:
    """The role that keeps ``user`` from taking ``code``: an administrator holds no other role, and
    no one else takes an administrator role. None when there is none."""
    held = set(user.groups.exclude(name=code).values_list("name", flat=True)) if user.pk else set()
    if code in ADMIN_ROLE_CODES and held:
        return sorted(held)[0]
    clash = sorted(held & set(ADMIN_ROLE_CODES))
    return clash[0] if clash else None


def group_label(group: Group) -> str:
    """A group as people read it: a role group by its label, any other group by its name (role
    groups keep their code as name, a stable key)."""
    label = ROLE_LABELS.get(group.name)
    return str(label) if label is not None else group.name


def _permission_filter(spec: str) -> Q:
    app_label, codename = spec.split(".", 1)
    if codename == "*":
        return Q(content_type__app_label=app_label)
    if codename.endswith("*"):
        return Q(content_type__app_label=app_label, codename__startswith=codename[:-1])
    return Q(content_type__app_label=app_label, codename=codename)


def roles_sync() -> dict[str, int]:
    """Create the role groups and set their permissions exactly to the table above."""
    counts: dict[str, int] = {}
    with transaction.atomic():
        for role in ROLES:
            group, _created = Group.objects.get_or_create(name=role.code)
            query = Q(pk__in=[])
            for spec in role.permissions:
                query |= _permission_filter(spec)
            permissions = list(Permission.objects.filter(query))
            group.permissions.set(permissions)
            counts[role.code] = len(permissions)
    return counts


def _role(code: str) -> Role:
    for role in ROLES:
        if role.code == code:
            return role
    raise ValueError(f"unknown role {code!r}")


def role_group(code: str) -> Group:
    """The group of a role, created with its permissions when it does not exist yet."""
    role = _role(code)
    group = Group.objects.filter(name=role.code).first()
    if group is None:
        group = Group.objects.create(name=role.code)
        query = Q(pk__in=[])
        for spec in role.permissions:
            query |= _permission_filter(spec)
        group.permissions.set(Permission.objects.filter(query))
    return group


def role_grant(*, user: Any, code: str) -> bool:
    """Put a user into a role's group; returns whether they were not in it before. An administrator
    role and any other role are never held together (``RoleConflict``)."""
    group = role_group(code)
    conflict = role_conflict(user, code)
    if conflict is not None:
        raise RoleConflict(f"{code} with {conflict}")
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    _forget_cached_permissions(user)
    return True


def role_revoke(*, user: Any, code: str) -> bool:
    """Take a user out of a role's group: the pages of that role close for them at once."""
    group = Group.objects.filter(name=_role(code).code).first()
    if group is None or not user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.remove(group)
    _forget_cached_permissions(user)
    return True


def _forget_cached_permissions(user: Any) -> None:
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        if hasattr(user, cache):
            delattr(user, cache)


def role_members(*codes: str) -> Any:
    """The active accounts that hold any of the roles ``codes``."""
    from django.contrib.auth import get_user_model

    return get_user_model()._default_manager.filter(groups__name__in=codes, is_active=True).distinct()
