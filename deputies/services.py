"""Writes about deputies: the duty record (履职档案)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from congress.errors import DomainError

from .models import Deputy, DutyRecord


def duty_record_add(
    *,
    deputy: Deputy,
    kind: str,
    on: datetime.date,
    source: models.Model | None = None,
    note: str = "",
    points: Decimal | None = None,
    actor: Any = None,
    evidence: Any = None,
) -> DutyRecord:
    """Write one entry of a deputy's duty record (DOMAIN.md §7: every deputy action the portal sees
    is recorded automatically; staff add offline activities).

    Idempotent for a source object: calling it again for the same deputy, kind and source returns
    the entry already written and changes nothing, so automatic writers can retry safely.
    """
    if kind not in DutyRecord.Kind.values:
        raise DomainError(_("Unknown kind of duty record."), field="kind")
    if deputy.pk is None:
        raise DomainError(_("The deputy does not exist."), field="deputy")
    created_by = actor if getattr(actor, "is_authenticated", False) else None
    if source is None:
        record = DutyRecord(
            deputy=deputy, kind=kind, on=on, note=note[:300], points=points, created_by=created_by
        )
        if evidence:
            record.evidence = evidence
        record.save()
        return record
    content_type = ContentType.objects.get_for_model(source)
    lookup = {"deputy": deputy, "kind": kind, "content_type": content_type, "object_id": source.pk}
    existing = DutyRecord.objects.filter(**lookup).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            record = DutyRecord(on=on, note=note[:300], points=points, created_by=created_by, **lookup)
            if evidence:
                record.evidence = evidence
            record.save()
            return record
    except IntegrityError:
        # A concurrent writer got there first: the entry exists, which is all we promised.
        return DutyRecord.objects.get(**lookup)


def duty_record_remove(*, deputy: Deputy, kind: str, source: models.Model) -> int:
    """Withdraw the automatic entry about a source (e.g. a deputy wrongly marked present)."""
    content_type = ContentType.objects.get_for_model(source)
    deleted, _rows = DutyRecord.objects.filter(
        deputy=deputy, kind=kind, content_type=content_type, object_id=source.pk
    ).delete()
    return deleted
