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

ROLE_LABELS = {role.code: role.label for role in ROLES}

# Roles that work in the admin: holding one needs ``is_staff`` (Django's admin login checks it).
STAFF_ROLES = (COMMITTEE_STAFF, COMMITTEE_LEADER)


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
    """Put a user into a role's group; returns whether they were not in it before."""
    group = role_group(code)
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
