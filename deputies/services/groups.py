"""Master data of delegations (代表团, one per district at a congress session) and deputy groups
(代表小组, territorial or professional): create, change, deactivate and reactivate, and the groups'
members. The admin, the demo and the deputies' import all come through here; every change writes an
audit event with the before/after of the changed fields. A deputy's delegation is a field of the
deputy and changes through ``deputy_update``; a group's members change through the deputies' own
audited ``groups`` field, so the deputy's change history shows them too.

Delegations and groups are never deleted (the deputies' records and their history name them): one
that no longer meets is deactivated, and takes no new members."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from congress import pagecache
from congress.audit import audit_changes, field_snapshot
from congress.bodies import body_id_of, check_body_writable, default_body_for
from congress.errors import DomainError
from congress.models import Area, Body, Term
from congress.services import validated_save

from ..models import Delegation, Deputy, DeputyGroup
from .master import deputy_update

DELEGATION_FIELDS = ("name", "term", "area", "is_active")
GROUP_FIELDS = ("name", "kind", "area", "is_active", "body")


def _area_check(area: Area | None) -> None:
    if area is not None and area.level != Area.Level.DISTRICT:
        raise DomainError(_("Choose a district or county."), field="area")


def delegation_check(delegation: Delegation) -> None:
    """The rules a delegation must satisfy beyond its field types (the admin form runs them)."""
    if not (delegation.name or "").strip():
        raise DomainError(_("Give the name."), field="name")
    _area_check(delegation.area if delegation.area_id else None)


def deputy_group_check(group: DeputyGroup) -> None:
    if not (group.name or "").strip():
        raise DomainError(_("Give the name."), field="name")
    if group.kind not in DeputyGroup.Kind.values:
        raise DomainError(_("Choose the kind of group."), field="kind")
    _area_check(group.area if group.area_id else None)


def _save_audited(
    instance: Any, fields: tuple[str, ...], check: Any, *, before: dict[str, Any], action: str, actor: Any
) -> None:
    # Written for the actor's own bodies only (docs/bodies.md): where it belongs after the change.
    check_body_writable(actor, body_id_of(instance))
    check(instance)
    validated_save(instance)
    audit_changes(
        target=instance, action=action, before=before, after=field_snapshot(instance, fields), actor=actor
    )


def _changed(instance: Any, changes: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": "、".join(sorted(unknown))}
        )
    for name, value in changes.items():
        setattr(instance, name, value.strip() if isinstance(value, str) else value)


# --- Delegations -----------------------------------------------------------------------------------


@pagecache.bumps(pagecache.DIRECTORY)
def delegation_create(*, name: str, term: Term, area: Area | None = None, actor: Any = None) -> Delegation:
    """A delegation of a term (names are unique within a term)."""
    delegation = Delegation(name=(name or "").strip(), term=term, area=area)
    with transaction.atomic():
        _save_audited(
            delegation, DELEGATION_FIELDS, delegation_check, before={}, action="create", actor=actor
        )
    return delegation


@pagecache.bumps(pagecache.DIRECTORY)
def delegation_update(*, delegation: Delegation, changes: Mapping[str, Any], actor: Any = None) -> Delegation:
    """Change a delegation's name, term or district (``is_active`` through deactivate/activate)."""
    with transaction.atomic():
        locked = Delegation.objects.select_for_update().get(pk=delegation.pk)
        check_body_writable(actor, body_id_of(locked))  # and where it belonged before
        before = field_snapshot(locked, DELEGATION_FIELDS)
        _changed(locked, changes, ("name", "term", "area"))
        if "term" in changes and locked.deputies.exclude(term_id=locked.term_id).exists():
            raise DomainError(_("Deputies of another term belong to this delegation."), field="term")
        _save_audited(
            locked, DELEGATION_FIELDS, delegation_check, before=before, action="update", actor=actor
        )
    return locked


@pagecache.bumps(pagecache.DIRECTORY)
def delegation_set_active(
    *, delegation: Delegation, active: bool, reason: str = "", actor: Any = None
) -> Delegation:
    """Deactivate a delegation that no longer meets (its deputies keep it in their records), or
    reactivate it."""
    return _set_active(delegation, DELEGATION_FIELDS, active=active, reason=reason, actor=actor)


def _set_active(obj: Any, fields: Any, *, active: bool, reason: str, actor: Any) -> Any:
    """Switch ``is_active`` on a locked row and audit it; nothing happens when it is already so."""
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        check_body_writable(actor, body_id_of(locked))
        if locked.is_active == active:
            return locked
        before = field_snapshot(locked, fields)
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        audit_changes(
            target=locked,
            action="activate" if active else "deactivate",
            before=before,
            after=field_snapshot(locked, fields),
            actor=actor,
            note=(reason or "").strip(),
        )
    return locked


# --- Deputy groups ---------------------------------------------------------------------------------


@pagecache.bumps(pagecache.DIRECTORY)
def deputy_group_create(
    *, name: str, kind: str, area: Area | None = None, body: Body | None = None, actor: Any = None
) -> DeputyGroup:
    """A deputy group (names are unique) of ``body``, by default the actor's own body."""
    body = body or default_body_for(actor)
    group = DeputyGroup(name=(name or "").strip(), kind=kind, area=area, body=body)
    with transaction.atomic():
        _save_audited(group, GROUP_FIELDS, deputy_group_check, before={}, action="create", actor=actor)
    return group


@pagecache.bumps(pagecache.DIRECTORY)
def deputy_group_update(*, group: DeputyGroup, changes: Mapping[str, Any], actor: Any = None) -> DeputyGroup:
    with transaction.atomic():
        locked = DeputyGroup.objects.select_for_update().get(pk=group.pk)
        check_body_writable(actor, locked.body_id)
        before = field_snapshot(locked, GROUP_FIELDS)
        _changed(locked, changes, ("name", "kind", "area", "body"))
        _save_audited(locked, GROUP_FIELDS, deputy_group_check, before=before, action="update", actor=actor)
    return locked


@pagecache.bumps(pagecache.DIRECTORY)
def deputy_group_set_active(
    *, group: DeputyGroup, active: bool, reason: str = "", actor: Any = None
) -> DeputyGroup:
    """Deactivate a group that no longer meets, or reactivate it; its members stay recorded."""
    return _set_active(group, GROUP_FIELDS, active=active, reason=reason, actor=actor)


def deputy_group_member_add(*, group: DeputyGroup, deputy: Deputy, actor: Any = None) -> bool:
    """Put a deputy into a group (through the deputy's audited ``groups``); False when already in."""
    check_body_writable(actor, group.body_id)
    if not group.is_active:
        raise DomainError(_("This group is no longer active and takes no new members."))
    current = list(deputy.groups.all())
    if any(member.pk == group.pk for member in current):
        return False
    deputy_update(deputy=deputy, changes={"groups": [*current, group]}, actor=actor)
    return True


def deputy_group_member_remove(*, group: DeputyGroup, deputy: Deputy, actor: Any = None) -> bool:
    """Take a deputy out of a group; False when not in it."""
    check_body_writable(actor, group.body_id)
    current = list(deputy.groups.all())
    if not any(member.pk == group.pk for member in current):
        return False
    remaining = [member for member in current if member.pk != group.pk]
    deputy_update(deputy=deputy, changes={"groups": remaining}, actor=actor)
    return True
