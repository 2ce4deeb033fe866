"""The audited write of one master-data row, shared by the apps' services.

A service such as ``candidate_update`` states its rule and calls ``record_update`` here for the
rest: lock the row, apply only the fields the service allows, run the rule against the changed row,
validate and save it (many-to-many fields after the row), and write one audit event with the
before/after of what changed. A row of a body the actor may only read is refused here, whatever
the interface. Nothing here decides a rule; the rule is the ``check`` a service
passes (it raises ``DomainError``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from .audit import audit_changes, audit_record, field_snapshot
from .bodies import body_id_of, body_paths_of, check_body_writable
from .errors import DomainError

M = TypeVar("M", bound=models.Model)
# A rule: the row as it would be saved, and the plain values it held before ({} for a new row).
Check = Callable[[Any, Mapping[str, Any]], None]


def _split(model: type[models.Model], values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    plain: dict[str, Any] = {}
    many: dict[str, Any] = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        (many if field.many_to_many else plain)[name] = value
    return plain, many


def _refuse_unknown(values: Mapping[str, Any], fields: tuple[str, ...]) -> None:
    unknown = set(values) - set(fields)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": "、".join(sorted(unknown))}
        )


def _scope(actor: Any, row: models.Model) -> None:
    # Rows of the whole city's shared data (categories, checklists) belong to no body.
    if body_paths_of(type(row)) is not None:
        check_body_writable(actor, body_id_of(row))


def _save(instance: models.Model, many: Mapping[str, Any]) -> None:
    from .services import validated_save

    validated_save(instance)
    for name, value in many.items():
        getattr(instance, name).set(value)


def record_create(
    *,
    model: type[M],
    values: Mapping[str, Any],
    fields: tuple[str, ...],
    actor: Any = None,
    check: Check | None = None,
) -> M:
    """Create a row of ``model`` from ``values`` (only ``fields`` allowed), after ``check``."""
    _refuse_unknown(values, fields)
    plain, many = _split(model, values)
    instance = model(**plain)
    with transaction.atomic():
        _scope(actor, instance)
        if check is not None:
            check(instance, {})
        _save(instance, many)
        audit_changes(
            target=instance, action="create", before={}, after=field_snapshot(instance, fields), actor=actor
        )
    return instance


def record_update(
    *,
    instance: M,
    changes: Mapping[str, Any],
    fields: tuple[str, ...],
    actor: Any = None,
    check: Check | None = None,
) -> M:
    """Change ``fields`` of a saved row under a row lock; ``check`` sees the changed row and the
    values it held before, so a rule can refuse by the stored state as well as by the new one."""
    _refuse_unknown(changes, fields)
    model = type(instance)
    plain, many = _split(model, changes)
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=instance.pk)
        before = field_snapshot(locked, fields)
        _scope(actor, locked)
        for name, value in plain.items():
            setattr(locked, name, value)
        _scope(actor, locked)  # a row is never moved out of one's bodies
        if check is not None:
            check(locked, before)
        _save(locked, many)
        audit_changes(
            target=locked, action="update", before=before, after=field_snapshot(locked, fields), actor=actor
        )
    return locked


def record_delete(
    *,
    instance: models.Model,
    fields: tuple[str, ...],
    actor: Any = None,
    check: Check | None = None,
) -> None:
    """Delete a row after ``check``; the audit event keeps what the row held. A row other records
    still point at is refused with a message, never a 500."""
    model = type(instance)
    with transaction.atomic():
        locked = model._default_manager.select_for_update().filter(pk=instance.pk).first()
        if locked is None:
            return
        _scope(actor, locked)
        if check is not None:
            check(locked, field_snapshot(locked, fields))
        audit_record(
            target=locked,
            action="delete",
            actor=actor,
            note=str(locked),
            data={"changes": {name: [value, None] for name, value in field_snapshot(locked, fields).items()}},
        )
        try:
            with transaction.atomic():
                locked.delete()
        except (ProtectedError, RestrictedError) as error:
            raise DomainError(_("Other records still refer to this one: it cannot be deleted.")) from error
