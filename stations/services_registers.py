"""Staff writes of the stations' registers through the admin: reception schedules and their duty
rotation, one reception's details, the standards checklists and their items. Each states its rule
and is audited (``congress.record_writes``); the receptions' status moves through
``services.reception_transition`` and a compliance answer through ``services.compliance_set``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import pagecache
from congress.errors import DomainError
from congress.record_writes import record_create, record_delete, record_update

from .models import Checklist, ChecklistItem, Compliance, Reception, ReceptionSchedule, RotationEntry
from .services import schedule_validate

SCHEDULE_FIELDS = (
    "station",
    "name",
    "frequency",
    "weekday",
    "month_day",
    "quarter_month",
    "starts_on",
    "ends_on",
    "start_time",
    "end_time",
    "topic",
    "capacity",
    "deputies_per_reception",
    "is_active",
)
ROTATION_FIELDS = ("schedule", "deputy", "position")
RECEPTION_FIELDS = (
    "station",
    "date",
    "start_time",
    "end_time",
    "topic",
    "capacity",
    "duty_deputies",
    "notes",
)
CHECKLIST_FIELDS = ("name", "description", "is_default")
CHECKLIST_ITEM_FIELDS = ("checklist", "group", "code", "label", "description", "sort_order")


# --- Reception schedules and their rotation ---------------------------------------------------------


def _schedule_check(schedule: ReceptionSchedule, before: Mapping[str, Any]) -> None:
    schedule_validate(schedule)


@pagecache.bumps(pagecache.DIRECTORY)
def schedule_save(
    *, schedule: ReceptionSchedule | None, values: Mapping[str, Any], actor: Any = None
) -> ReceptionSchedule:
    """Add or change a reception schedule; its frequency needs its day, and it ends after it starts
    (``schedule_validate``). Planned receptions keep their day: the next planning run uses the new
    pattern."""
    if schedule is None:
        return record_create(
            model=ReceptionSchedule, values=values, fields=SCHEDULE_FIELDS, actor=actor, check=_schedule_check
        )
    return record_update(
        instance=schedule, changes=values, fields=SCHEDULE_FIELDS, actor=actor, check=_schedule_check
    )


def _rotation_check(entry: RotationEntry, before: Mapping[str, Any]) -> None:
    if entry.deputy_id is not None and entry.deputy.status != "active":
        raise DomainError(_("Only an active deputy takes reception duty."), field="deputy")


@pagecache.bumps(pagecache.DIRECTORY)
def rotation_entry_save(
    *, entry: RotationEntry | None, values: Mapping[str, Any], actor: Any = None
) -> RotationEntry:
    """Put a deputy on a schedule's duty rotation, or move them in it (active deputies only)."""
    if entry is None:
        return record_create(
            model=RotationEntry, values=values, fields=ROTATION_FIELDS, actor=actor, check=_rotation_check
        )
    return record_update(
        instance=entry, changes=values, fields=ROTATION_FIELDS, actor=actor, check=_rotation_check
    )


@pagecache.bumps(pagecache.DIRECTORY)
def rotation_entry_delete(*, entry: RotationEntry, actor: Any = None) -> None:
    """Take a deputy off a schedule's rotation (receptions already planned keep their duty)."""
    record_delete(instance=entry, fields=ROTATION_FIELDS, actor=actor)


# --- One reception ---------------------------------------------------------------------------------


def reception_edit_check(reception: Reception, before: Mapping[str, Any]) -> None:
    """Only a planned reception is edited here (a held one is recorded by its station, a cancelled
    one planned again first); like ``reception_create``, it cannot be moved into the past and it
    ends after it starts."""
    if reception.status != Reception.Status.PLANNED:
        raise DomainError(
            _("Only a planned reception can be changed here; this one is “%(status)s”.")
            % {"status": reception.get_status_display()},
            code="reception_not_planned",
        )
    moved = before.get("date") != reception.date.isoformat()
    if moved and reception.date < timezone.localdate():
        raise DomainError(_("A planned reception cannot be in the past."), field="date")
    if reception.start_time >= reception.end_time:
        raise DomainError(_("The reception must end after it starts."), field="end_time")


@pagecache.bumps(pagecache.DIRECTORY)
def reception_update(*, reception: Reception, changes: Mapping[str, Any], actor: Any = None) -> Reception:
    """Change a planned reception's day, hours, topic, places, duty deputies or notes."""
    return record_update(
        instance=reception, changes=changes, fields=RECEPTION_FIELDS, actor=actor, check=reception_edit_check
    )


# --- Standards checklists -----------------------------------------------------------------------------


@transaction.atomic
def checklist_save(*, checklist: Checklist | None, values: Mapping[str, Any], actor: Any = None) -> Checklist:
    """Add or change a standards checklist ("八有四公开", "六有", "十有四统一": data, not code). One
    checklist is the default for stations that name none: making another the default moves the flag."""
    if values.get("is_default"):
        others = Checklist.objects.filter(is_default=True)
        if checklist is not None:
            others = others.exclude(pk=checklist.pk)
        for other in others:
            record_update(instance=other, changes={"is_default": False}, fields=CHECKLIST_FIELDS, actor=actor)
    if checklist is None:
        return record_create(model=Checklist, values=values, fields=CHECKLIST_FIELDS, actor=actor)
    return record_update(instance=checklist, changes=values, fields=CHECKLIST_FIELDS, actor=actor)


def checklist_item_save(
    *, item: ChecklistItem | None, values: Mapping[str, Any], actor: Any = None
) -> ChecklistItem:
    """Add or change an item of a checklist (its code unique within the checklist)."""
    if item is None:
        return record_create(model=ChecklistItem, values=values, fields=CHECKLIST_ITEM_FIELDS, actor=actor)
    return record_update(instance=item, changes=values, fields=CHECKLIST_ITEM_FIELDS, actor=actor)


def _item_unused(item: ChecklistItem, before: Mapping[str, Any]) -> None:
    if Compliance.objects.filter(item=item).exists():
        raise DomainError(
            _("Stations have been checked against this item: it is kept with their answers."),
            code="checklist_item_used",
        )


def checklist_item_delete(*, item: ChecklistItem, actor: Any = None) -> None:
    """Remove an item no station has been checked against yet."""
    record_delete(instance=item, fields=CHECKLIST_ITEM_FIELDS, actor=actor, check=_item_unused)
