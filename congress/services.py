"""Writes of the shared core's master data: administrative areas, handling units (承办单位) and the
officers linked to them. The admin, the import and the demo all come through here; every change
writes an audit event with the before/after of the changed fields.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import pagecache, roles
from .audit import audit_changes, audit_record, field_snapshot
from .bodies import check_body_writable
from .errors import DomainError
from .models import Area, Body, BodyRole, Category, HandlingUnit, Session, Term, UnitOfficer
from .passwords import password_change_force
from .record_writes import record_create, record_delete, record_update

UNIT_FIELDS = (
    "name",
    "short_name",
    "kind",
    "parent",
    "area",
    "contact_name",
    "contact_phone",
    "contact_email",
    "is_active",
    "body",
)
AREA_FIELDS = ("name", "code", "level", "parent")


def domain_error_from(error: ValidationError) -> DomainError:
    """The first message of a model validation error, as the domain error naming its field."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            return DomainError(messages[0], field=None if name == "__all__" else name)
    return DomainError(error.messages[0] if error.messages else str(error))


def validated_save(instance: Any, *, exclude: list[str] | None = None) -> None:
    """``full_clean`` then save; a validation error or a unique clash becomes a DomainError."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise domain_error_from(error) from error
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise DomainError(_("This record clashes with an existing one.")) from error


def _apply(instance: Any, changes: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": "、".join(sorted(unknown))}
        )
    for name, value in changes.items():
        setattr(instance, name, value)


# --- Handling units --------------------------------------------------------------------------------


def _unit_check(unit: HandlingUnit) -> None:
    node = unit.parent
    while node is not None:
        if node.pk == unit.pk:
            raise DomainError(_("A unit cannot be placed under itself."), field="parent")
        node = node.parent


def handling_unit_create(
    *,
    name: str,
    kind: str,
    short_name: str = "",
    parent: HandlingUnit | None = None,
    area: Area | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    is_active: bool = True,
    body: Body | None = None,
    actor: Any = None,
) -> HandlingUnit:
    """Add a handling unit (承办单位) that ``body`` may task (by default the actor's own body: the
    root for a superuser or the system)."""
    from .bodies import default_body_for

    body = body or default_body_for(actor)
    check_body_writable(actor, body.pk)
    unit = HandlingUnit(
        body=body,
        name=name.strip(),
        short_name=short_name.strip(),
        kind=kind,
        parent=parent,
        area=area,
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
        contact_email=contact_email.strip(),
        is_active=is_active,
    )
    with transaction.atomic():
        validated_save(unit)
        audit_changes(
            target=unit, action="create", before={}, after=field_snapshot(unit, UNIT_FIELDS), actor=actor
        )
    return unit


def handling_unit_update(
    *, unit: HandlingUnit, changes: Mapping[str, Any], actor: Any = None
) -> HandlingUnit:
    """Change a unit's details. Whether it is active changes through ``handling_unit_deactivate``
    / ``handling_unit_activate`` so the reason is recorded; passing ``is_active`` here does the same."""
    changes = dict(changes)
    active = changes.pop("is_active", None)
    with transaction.atomic():
        locked = HandlingUnit.objects.select_for_update().get(pk=unit.pk)
        check_body_writable(actor, locked.body_id)
        before = field_snapshot(locked, UNIT_FIELDS)
        _apply(locked, changes, UNIT_FIELDS)
        check_body_writable(actor, locked.body_id)  # never moved to a body the actor does not write for
        _unit_check(locked)
        validated_save(locked)
        audit_changes(
            target=locked,
            action="update",
            before=before,
            after=field_snapshot(locked, UNIT_FIELDS),
            actor=actor,
        )
        if active is not None and bool(active) != locked.is_active:
            if active:
                locked = handling_unit_activate(unit=locked, actor=actor)
            else:
                locked = handling_unit_deactivate(unit=locked, actor=actor)
    return locked


def handling_unit_deactivate(*, unit: HandlingUnit, actor: Any = None, reason: str = "") -> HandlingUnit:
    """A unit that no longer exists (merged, renamed, abolished) is deactivated, never deleted: its
    past assignments keep pointing at it, and it is no longer offered for new ones."""
    return _unit_set_active(unit=unit, active=False, actor=actor, reason=reason)


def handling_unit_activate(*, unit: HandlingUnit, actor: Any = None, reason: str = "") -> HandlingUnit:
    return _unit_set_active(unit=unit, active=True, actor=actor, reason=reason)


def _unit_set_active(*, unit: HandlingUnit, active: bool, actor: Any, reason: str) -> HandlingUnit:
    with transaction.atomic():
        locked = HandlingUnit.objects.select_for_update().get(pk=unit.pk)
        check_body_writable(actor, locked.body_id)
        if locked.is_active == active:
            return locked
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        audit_record(
            target=locked,
            action="activate" if active else "deactivate",
            actor=actor,
            note=reason.strip(),
            data={"changes": {"is_active": [not active, active]}},
        )
    unit.is_active = active
    return locked


# --- Unit officers ---------------------------------------------------------------------------------


def unit_officer_add(
    *, unit: HandlingUnit, user: Any, is_head: bool = False, actor: Any = None
) -> UnitOfficer:
    """Link a user account to a unit (经办人 or head) and give it the unit-officer role, so the
    unit workbench opens for them. A user works for one unit at a time."""
    check_body_writable(actor, unit.body_id)
    existing = UnitOfficer.objects.filter(user=user).select_related("unit").first()
    if existing is not None and existing.unit_id != unit.pk:
        raise DomainError(
            _("%(user)s already works for %(unit)s.") % {"user": user.get_username(), "unit": existing.unit},
            field="user",
        )
    with transaction.atomic():
        if existing is not None:
            officer = existing
            if officer.is_head != is_head:
                before = {"is_head": officer.is_head}
                officer.is_head = is_head
                officer.save(update_fields=["is_head"])
                audit_changes(
                    target=unit,
                    action="officer_update",
                    before=before,
                    after={"is_head": is_head},
                    actor=actor,
                    note=user.get_username(),
                )
        else:
            officer = UnitOfficer.objects.create(unit=unit, user=user, is_head=is_head)
            audit_record(
                target=unit,
                action="officer_add",
                actor=actor,
                note=user.get_username(),
                data={"is_head": is_head},
            )
        roles.role_grant(user=user, code=roles.UNIT_OFFICER)
    return officer


def unit_officer_remove(*, officer: UnitOfficer, actor: Any = None) -> None:
    """Unlink an officer from the unit and take the role away: the workbench closes for them."""
    check_body_writable(actor, officer.unit.body_id)
    with transaction.atomic():
        unit, user = officer.unit, officer.user
        officer.delete()
        roles.role_revoke(user=user, code=roles.UNIT_OFFICER)
        audit_record(target=unit, action="officer_remove", actor=actor, note=user.get_username())


# --- Areas -----------------------------------------------------------------------------------------


def _area_check(area: Area) -> None:
    if area.level == Area.Level.CITY:
        if area.parent_id is not None:
            raise DomainError(_("A city has no parent area."), field="parent")
        return
    if area.parent is None:
        raise DomainError(_("Choose the area this one belongs to."), field="parent")
    if area.parent.level != area.level - 1:
        raise DomainError(
            _("A %(level)s belongs to a %(parent)s.")
            % {
                "level": Area.Level(area.level).label,
                "parent": Area.Level(area.level - 1).label,
            },
            field="parent",
        )


@pagecache.bumps(pagecache.DIRECTORY, pagecache.CASES)
def area_create(*, name: str, code: str, level: int, parent: Area | None = None, actor: Any = None) -> Area:
    """Add an administrative area under its parent (city → district → street → community)."""
    area = Area(name=name.strip(), code=code.strip(), level=level, parent=parent)
    _area_check(area)
    with transaction.atomic():
        validated_save(area)
        audit_changes(
            target=area, action="create", before={}, after=field_snapshot(area, AREA_FIELDS), actor=actor
        )
    return area


@pagecache.bumps(pagecache.DIRECTORY, pagecache.CASES)
def area_update(*, area: Area, changes: Mapping[str, Any], actor: Any = None) -> Area:
    with transaction.atomic():
        locked = Area.objects.select_for_update().get(pk=area.pk)
        before = field_snapshot(locked, AREA_FIELDS)
        _apply(locked, changes, AREA_FIELDS)
        _area_check(locked)
        validated_save(locked)
        audit_changes(
            target=locked,
            action="update",
            before=before,
            after=field_snapshot(locked, AREA_FIELDS),
            actor=actor,
        )
    return locked


# --- Bodies (DOMAIN.md §11, docs/bodies.md) ------------------------------------------------------

BODY_FIELDS = ("kind", "name", "short_name", "area", "parent", "sort_order")


def _body_check(body: Body) -> None:
    parent = body.parent
    if parent is None:
        others = Body.objects.roots().exclude(pk=body.pk)
        if others.exists():
            raise DomainError(_("There is a root body already; choose the parent body."), field="parent")
        return
    if body.pk is not None and (parent.pk == body.pk or parent.path.startswith(body.path)):
        raise DomainError(_("A body cannot be placed under itself."), field="parent")
    if body.kind not in Body.CHILD_KINDS.get(parent.kind, ()):
        raise DomainError(
            _("A %(kind)s cannot be placed under a %(parent)s.")
            % {"kind": Body.Kind(body.kind).label, "parent": Body.Kind(parent.kind).label},
            field="kind",
        )


def _forget_root_name() -> None:
    """Body names are cached for every page's heading (congress.bodies.root_body_name and
    own_body_name): a rename or a new body drops the root's and outdates every staff member's."""
    from .bodies import forget_body_names

    transaction.on_commit(forget_body_names)
    forget_body_names()


def _body_path(body: Body) -> str:
    return f"{body.parent.path if body.parent else ''}{body.pk}/"


@transaction.atomic
def body_create(
    *,
    kind: str,
    name: str,
    parent: Body | None = None,
    short_name: str = "",
    area: Area | None = None,
    sort_order: int = 0,
    actor: Any = None,
) -> Body:
    """Add a body under its parent (a district committee under the city, a township presidium or a
    street working committee under a district); its ``path`` is set here and nowhere else."""
    body = Body(
        kind=kind,
        name=name.strip(),
        short_name=short_name.strip(),
        area=area,
        parent=parent,
        sort_order=sort_order,
    )
    _body_check(body)
    validated_save(body, exclude=["path"])
    body.path = _body_path(body)
    Body.objects.filter(pk=body.pk).update(path=body.path)
    _forget_root_name()
    audit_changes(
        target=body, action="create", before={}, after=field_snapshot(body, BODY_FIELDS), actor=actor
    )
    return body


@transaction.atomic
def body_update(*, body: Body, changes: Mapping[str, Any], actor: Any = None) -> Body:
    """Change a body's details; moving it under another parent rewrites the paths of its subtree in
    one statement."""
    locked = Body.objects.select_for_update().get(pk=body.pk)
    before = field_snapshot(locked, BODY_FIELDS)
    old_path = locked.path
    _apply(locked, changes, BODY_FIELDS)
    _body_check(locked)
    locked.path = _body_path(locked)
    validated_save(locked, exclude=["path"])
    if locked.path != old_path:
        from django.db.models import Value
        from django.db.models.functions import Concat, Substr

        Body.objects.filter(path__startswith=old_path).exclude(pk=locked.pk).update(
            path=Concat(Value(locked.path), Substr("path", len(old_path) + 1))
        )
    _forget_root_name()
    audit_changes(
        target=locked, action="update", before=before, after=field_snapshot(locked, BODY_FIELDS), actor=actor
    )
    return locked


def body_root_ensure(*, actor: Any = None) -> Body:
    """The root body, created from the ``COMMITTEE_NAME`` setting (and the city area, if there is
    one) when the database has none yet."""
    from django.conf import settings

    existing = Body.objects.roots().order_by("pk").first()
    if existing is not None:
        return existing
    city = Area.objects.filter(level=Area.Level.CITY).order_by("pk").first()
    return body_create(kind=Body.Kind.CITY, name=settings.COMMITTEE_NAME, area=city, actor=actor)


TERM_FIELDS = ("level", "number", "name", "area", "starts_on", "ends_on", "is_current", "body")


@transaction.atomic
def term_create(
    *,
    level: str,
    number: int,
    name: str,
    area: Area,
    starts_on: datetime.date,
    ends_on: datetime.date,
    body: Body,
    is_current: bool = True,
    actor: Any = None,
) -> Term:
    """Add a term (届) of a congress; a current one makes the other terms of its level and area
    no longer current (one current term per congress)."""
    check_body_writable(actor, body.pk)
    if ends_on <= starts_on:
        raise DomainError(_("A term ends after it starts."), field="ends_on")
    term = Term(
        level=level,
        number=number,
        name=name.strip(),
        area=area,
        starts_on=starts_on,
        ends_on=ends_on,
        is_current=is_current,
        body=body,
    )
    validated_save(term)
    if is_current:
        Term.objects.filter(level=level, area=area, is_current=True).exclude(pk=term.pk).update(
            is_current=False
        )
    audit_changes(
        target=term, action="create", before={}, after=field_snapshot(term, TERM_FIELDS), actor=actor
    )
    return term


def term_check(term: Term, before: Mapping[str, Any] | None = None) -> None:
    if term.starts_on and term.ends_on and term.ends_on <= term.starts_on:
        raise DomainError(_("A term ends after it starts."), field="ends_on")
    if term.pk is None:
        return
    outside = Session.objects.filter(term_id=term.pk).exclude(
        opens_on__gte=term.starts_on, closes_on__lte=term.ends_on
    )
    if outside.exists():
        raise DomainError(_("The term's sessions must fall within its dates."), field="ends_on")


@transaction.atomic
def term_update(*, term: Term, changes: Mapping[str, Any], actor: Any = None) -> Term:
    """Change a term's details; a term made current makes the other terms of its level and area no
    longer current (one current term per congress)."""
    saved = record_update(instance=term, changes=changes, fields=TERM_FIELDS, actor=actor, check=term_check)
    if saved.is_current:
        others = Term.objects.filter(level=saved.level, area=saved.area_id, is_current=True).exclude(
            pk=saved.pk
        )
        for other in others:
            record_update(instance=other, changes={"is_current": False}, fields=TERM_FIELDS, actor=actor)
    return saved


SESSION_FIELDS = ("term", "number", "name", "opens_on", "closes_on")


def session_check(session: Session, before: Mapping[str, Any] | None = None) -> None:
    """A session (次会议) opens before it closes and is held within its term."""
    if session.opens_on and session.closes_on and session.closes_on < session.opens_on:
        raise DomainError(_("A session closes on or after the day it opens."), field="closes_on")
    term = Term.objects.filter(pk=session.term_id).first()
    outside = term is not None and (
        (session.opens_on and session.opens_on < term.starts_on)
        or (session.closes_on and session.closes_on > term.ends_on)
    )
    if term is not None and outside:
        raise DomainError(
            _("A session is held within its term (%(start)s to %(end)s).")
            % {"start": term.starts_on, "end": term.ends_on},
            field="opens_on",
        )


def session_save(*, session: Session | None, values: Mapping[str, Any], actor: Any = None) -> Session:
    """Add a session to a term, or change one."""
    if session is None:
        return record_create(
            model=Session, values=values, fields=SESSION_FIELDS, actor=actor, check=session_check
        )
    return record_update(
        instance=session, changes=values, fields=SESSION_FIELDS, actor=actor, check=session_check
    )


def session_delete(*, session: Session, actor: Any = None) -> None:
    """Remove a session entered by mistake (refused while other records refer to it)."""
    record_delete(instance=session, fields=SESSION_FIELDS, actor=actor)


CATEGORY_FIELDS = ("name", "code", "body", "parent", "sort_order", "is_active")
# A category stays the category of the body it was added for (items and routing models refer to it).
CATEGORY_UPDATE_FIELDS = ("name", "code", "parent", "sort_order", "is_active")


def category_check(category: Category, before: Mapping[str, Any] | None = None) -> None:
    """The categories are a tree: never under itself or one of its own subcategories. A body's own
    category sits under a category that body uses (a shared one, its own or an ancestor's own); a
    shared one only under a shared one. A name appears once under the same parent among the
    categories the body uses (docs/bodies.md)."""
    from .selectors import categories_for_body, category_usable_by

    node = category.parent
    while node is not None:
        if category.pk is not None and node.pk == category.pk:
            raise DomainError(_("A category cannot be placed under itself."), field="parent")
        node = node.parent
    body = category.body
    parent = category.parent
    if parent is not None and not category_usable_by(parent, body):
        raise DomainError(
            _("The parent category must be a shared one or one this body uses."), field="parent"
        )
    clash = categories_for_body(body, active=False).filter(parent=parent, name=category.name)
    if category.pk is not None:
        clash = clash.exclude(pk=category.pk)
    if clash.exists():
        raise DomainError(
            _("A category with this name is already in use under the same parent category."), field="name"
        )


@pagecache.bumps(pagecache.DIRECTORY, pagecache.CASES)
def category_save(*, category: Category | None, values: Mapping[str, Any], actor: Any = None) -> Category:
    """Add a category of opinions or change one. Categories are never deleted (suggestions keep
    theirs): one no longer used is made inactive. A shared category (no body) is kept by the root
    body's staff; a body's own by that body's staff (the write scope, ``record_writes``)."""
    if category is None:
        return record_create(
            model=Category, values=values, fields=CATEGORY_FIELDS, actor=actor, check=category_check
        )
    return record_update(
        instance=category, changes=values, fields=CATEGORY_UPDATE_FIELDS, actor=actor, check=category_check
    )


def user_staff_follow_roles(*, user: Any, lost_staff_role: bool = False, actor: Any = None) -> bool:
    """Keep ``is_staff`` in step with the admin roles: a user holding committee staff or committee
    leader is staff (Django's admin lets no one else in); one who has just lost the last of them is
    not, unless a superuser. A staff user given permissions one by one, without a role, is left as
    they are. Returns whether the flag changed; the change is audited on the user."""
    holds = user.groups.filter(name__in=roles.STAFF_ROLES).exists()
    if holds:
        wanted = True
    elif lost_staff_role and not user.is_superuser:
        wanted = False
    else:
        return False
    if wanted == user.is_staff:
        return False
    type(user).objects.filter(pk=user.pk).update(is_staff=wanted)
    user.is_staff = wanted
    audit_record(
        target=user, action="update", actor=actor, data={"changes": {"is_staff": [not wanted, wanted]}}
    )
    return True


ACCOUNT_FIELDS = ("username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser")


@transaction.atomic
def user_account_save(*, user: Any, created: bool, actor: Any = None) -> None:
    """Save an account as the user admin edited it (name, e-mail, active, flags); the changed
    fields are audited on the account. Roles go through ``user_groups_set``."""
    before = {} if created else field_snapshot(type(user)._default_manager.get(pk=user.pk), ACCOUNT_FIELDS)
    user.save()
    if created:
        # An administrator chose the first password: the account's owner replaces it at first login.
        password_change_force(user=user)
    audit_changes(
        target=user,
        action="create" if created else "account_change",
        before=before,
        after=field_snapshot(user, ACCOUNT_FIELDS),
        actor=actor,
    )


@transaction.atomic
def superusers_lock(*, actor: Any = None) -> int:
    """Lock every superuser account (三员分立: a superuser exists for the installation only, then the
    three administrators take over): deactivated, its password unusable, each audited. Returns the
    number locked. The accounts stay (their audit events point at them)."""
    from django.contrib.auth import get_user_model

    locked = 0
    for user in (
        get_user_model()._default_manager.select_for_update().filter(is_superuser=True, is_active=True)
    ):
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["is_active", "password"])
        audit_record(target=user, action="superuser_lock", actor=actor)
        locked += 1
    return locked


# 三员分立 (GB/T 22239-2019 level 3): congress/roles.py, ADMIN_ROLES.
ADMIN_ROLE_CLASH = gettext_lazy(
    "An administrator (system, security or audit) holds no other role: take the other role away first."
)


@transaction.atomic
def user_groups_set(*, user: Any, groups: Iterable[Any], actor: Any = None) -> None:
    """Set the groups of a user (the user admin's group widget): role groups through
    ``roles.role_grant`` / ``role_revoke``, then ``is_staff`` follows the admin roles. Roles held
    in a body are granted in the body (``body_role_grant``); this sets the portal-wide groups."""
    wanted = {group.pk: group for group in groups}
    if roles.roles_clash(group.name for group in wanted.values()):
        raise DomainError(str(ADMIN_ROLE_CLASH), field="groups")
    current = {group.pk: group for group in user.groups.all()}
    added = [group for pk, group in wanted.items() if pk not in current]
    removed = [group for pk, group in current.items() if pk not in wanted]
    # Removals first: trading a business role for an administrator role never holds both at once.
    for group in removed:
        if group.name in roles.ROLE_LABELS:
            roles.role_revoke(user=user, code=group.name)
        else:
            user.groups.remove(group)
    for group in added:
        if group.name in roles.ROLE_LABELS:
            roles.role_grant(user=user, code=group.name)
        else:
            user.groups.add(group)
    wanted_names = [group.name for group in wanted.values()]
    if added or removed:
        audit_record(
            target=user,
            action="groups_set",
            actor=actor,
            data={"changes": {"groups": [sorted(g.name for g in current.values()), sorted(wanted_names)]}},
        )
    user_staff_follow_roles(
        user=user, lost_staff_role=any(g.name in roles.STAFF_ROLES for g in removed), actor=actor
    )


@transaction.atomic
def body_role_grant(*, user: Any, body: Body, role: str, actor: Any = None) -> BodyRole:
    """Give a user a role in a body; the role's group (its permissions) comes with it."""
    if role not in BodyRole.ROLE_CODES:
        raise DomainError(_("This role is not held in a body."), field="role")
    if roles.role_conflict(user, role) is not None:
        raise DomainError(str(ADMIN_ROLE_CLASH), field="user")
    row, created = BodyRole.objects.get_or_create(user=user, body=body, role=role)
    roles.role_grant(user=user, code=role)
    user_staff_follow_roles(user=user, actor=actor)
    if created:
        audit_record(
            target=body,
            action="role_grant",
            actor=actor,
            note=f"{user.get_username()} {BodyRole.Role(role).label}",
            data={"user": user.pk, "role": role},
        )
    from .bodies import bodies_forget

    bodies_forget(user)
    return row


@transaction.atomic
def body_role_revoke(*, user: Any, body: Body, role: str, actor: Any = None) -> bool:
    """Take a role in a body away; the role's group goes when the user holds it in no other body."""
    deleted, _rows = BodyRole.objects.filter(user=user, body=body, role=role).delete()
    if not deleted:
        return False
    if not BodyRole.objects.filter(user=user, role=role).exists():
        roles.role_revoke(user=user, code=role)
    user_staff_follow_roles(user=user, lost_staff_role=role in roles.STAFF_ROLES, actor=actor)
    audit_record(
        target=body,
        action="role_revoke",
        actor=actor,
        note=f"{user.get_username()} {BodyRole.Role(role).label}",
        data={"user": user.pk, "role": role},
    )
    from .bodies import bodies_forget

    bodies_forget(user)
    return True


def login_lockouts_clear(*, attempts: QuerySet[AccessAttempt], actor: Any = None) -> int:
    """The system administrator unlocks accounts by removing django-axes' failed-login rows: each
    with an audit event naming the account and the address, so an unlock is never silent."""
    with transaction.atomic():
        rows = list(
            AccessAttempt.objects.filter(pk__in=attempts.values("pk")).select_for_update().order_by("pk")
        )
        for attempt in rows:
            audit_record(
                target=attempt,
                action="unlock",
                actor=actor,
                note=attempt.username or "",
                data={"ip_address": attempt.ip_address, "failures": attempt.failures_since_start},
            )
        AccessAttempt.objects.filter(pk__in=[attempt.pk for attempt in rows]).delete()
    return len(rows)


def two_factor_devices_remove(*, devices: QuerySet[TOTPDevice], actor: Any = None) -> int:
    """The system administrator resets a lost authenticator by removing the device (its owner sets up
    a new one at the next login): each removal is audited with the account it belonged to."""
    with transaction.atomic():
        rows = list(TOTPDevice.objects.filter(pk__in=devices.values("pk")).select_for_update().order_by("pk"))
        for device in rows:
            audit_record(
                target=device, action="delete", actor=actor, note=device.name, data={"user": device.user_id}
            )
        TOTPDevice.objects.filter(pk__in=[device.pk for device in rows]).delete()
    return len(rows)
