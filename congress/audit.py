"""Writing audit events about any object, and the before/after of master-data changes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEvent


def audit_record(
    *,
    target: models.Model | None = None,
    model: type[models.Model] | None = None,
    action: str,
    actor: Any = None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event about ``target`` (or about a kind of object, ``model``, or about
    nothing: a failed login of an unknown name). Events are never edited or deleted; each joins the
    chain (``congress.audit_chain``)."""
    kind = target if target is not None else model
    return AuditEvent.objects.create(
        content_type=ContentType.objects.get_for_model(kind) if kind is not None else None,
        object_id=target.pk if target is not None else None,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data or {},
    )


def audit_events_for(target: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).select_related("actor")


def plain_value(value: Any) -> Any:
    """A JSON-safe, human-readable form of a field value (related objects by their name)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        return sorted(plain_value(item) for item in value)
    if hasattr(value, "name") and not isinstance(value, str):  # files
        return str(value.name or "")
    return str(value)


def field_snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The plain values of ``fields`` of an instance (many-to-many fields read from the database
    when the instance is saved)."""
    snapshot: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            snapshot[name] = plain_value(list(getattr(instance, name).all())) if instance.pk else []
        else:
            snapshot[name] = plain_value(getattr(instance, name))
    return snapshot


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` of the fields whose plain value differs."""
    return {name: [before.get(name), after[name]] for name in after if before.get(name) != after[name]}


def audit_changes(
    *,
    target: models.Model,
    action: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    actor: Any = None,
    note: str = "",
    from_state: str = "",
    to_state: str = "",
) -> AuditEvent | None:
    """One audit event with the before/after of the changed fields; nothing when nothing changed
    (unless the action is a creation, which is always recorded)."""
    changes = changed_fields(before, after)
    if not changes and action != "create":
        return None
    return audit_record(
        target=target,
        action=action,
        actor=actor,
        note=note,
        from_state=from_state,
        to_state=to_state,
        data={"changes": changes},
    )


def audit_creations(*, targets: Iterable[tuple[models.Model, Mapping[str, Any]]], actor: Any = None) -> int:
    """The "create" events of many saved objects in one insert: each ``(target, after)`` gets the
    event ``audit_changes(action="create", before={}, after=after)`` would write."""
    events = [
        AuditEvent(
            content_type=ContentType.objects.get_for_model(target),
            object_id=target.pk,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action="create",
            data={"changes": changed_fields({}, after)},
        )
        for target, after in targets
    ]
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    return len(events)
