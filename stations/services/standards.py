"""Station standards: the checklist compliance of a station (八有四公开 …) and inspections."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import audit_changes, field_snapshot
from congress.bodies import check_body_readable, check_body_writable
from congress.errors import DomainError

from ..models import (
    ChecklistItem,
    Compliance,
    Inspection,
    Station,
)

COMPLIANCE_FIELDS = ("station", "item", "is_met", "note", "evidence", "checked_on")


def compliance_set(
    *,
    station: Station,
    item: ChecklistItem,
    is_met: bool,
    note: str = "",
    evidence: Any = None,
    actor: Any = None,
) -> Compliance:
    """Record whether a station meets one checklist item, with optional evidence (audited)."""
    check_body_writable(actor, station.body_id)
    if station.checklist_id is not None and item.checklist_id != station.checklist_id:
        raise DomainError(_("This item is not on the station's checklist."), field="item")
    with transaction.atomic():
        compliance, _created = Compliance.objects.select_for_update().get_or_create(
            station=station, item=item
        )
        before = {} if _created else field_snapshot(compliance, COMPLIANCE_FIELDS)
        compliance.is_met = is_met
        compliance.note = note[:300]
        compliance.checked_on = timezone.localdate()
        compliance.checked_by = actor if getattr(actor, "is_authenticated", False) else None
        if evidence:
            compliance.evidence = evidence
        compliance.save()
        audit_changes(
            target=compliance,
            action="create" if _created else "update",
            before=before,
            after=field_snapshot(compliance, COMPLIANCE_FIELDS),
            actor=actor,
        )
    return compliance


INSPECTION_FIELDS = (
    "station",
    "inspected_on",
    "inspectors",
    "hardware",
    "rules",
    "records",
    "activities",
    "note",
)


def inspection_record(
    *,
    station: Station,
    inspected_on: datetime.date,
    hardware: Decimal,
    rules: Decimal,
    records: Decimal,
    activities: Decimal,
    inspectors: str = "",
    note: str = "",
    actor: Any = None,
    inspection: Inspection | None = None,
) -> Inspection:
    """Score an inspection (or rescore ``inspection``) on four parts of at most
    ``Inspection.PART_MAX`` each; the total ranks stations."""
    check_body_readable(actor, station.body_id)  # the upper body inspects its lower bodies' stations (001)
    parts = {"hardware": hardware, "rules": rules, "records": records, "activities": activities}
    for field, value in parts.items():
        if value is None or value < 0 or value > Inspection.PART_MAX:
            raise DomainError(
                _("Each score is between 0 and %(max)s.") % {"max": Inspection.PART_MAX}, field=field
            )
    created = inspection is None
    if inspection is None:
        inspection = Inspection(created_by=actor if getattr(actor, "is_authenticated", False) else None)
    before = {} if created else field_snapshot(Inspection.objects.get(pk=inspection.pk), INSPECTION_FIELDS)
    inspection.station = station
    inspection.inspected_on = inspected_on
    inspection.inspectors = inspectors
    inspection.note = note
    for field, value in parts.items():
        setattr(inspection, field, value)
    inspection.total = sum(parts.values(), Decimal(0))
    with transaction.atomic():
        inspection.save()
        audit_changes(
            target=inspection,
            action="create" if created else "update",
            before=before,
            after=field_snapshot(inspection, INSPECTION_FIELDS),
            actor=actor,
        )
    return inspection
