"""Reception schedules and receptions: the recurring pattern, the planned receptions it
materialises, one-off receptions, the reception moves (cancel, replan, hold) and what a held
reception records."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import pagecache
from congress.audit import audit_record
from congress.bodies import check_body_writable
from congress.errors import DomainError
from deputies.models import Deputy, DutyRecord
from deputies.services import duty_record_add, duty_record_remove

from .. import workflow
from ..models import (
    Reception,
    ReceptionSchedule,
    Station,
)
from ..recurrence import Pattern, build_rule, dates_between, occurrence_index, rotation_for

# How far ahead receptions are materialised: eight weeks shows two monthly reception days
# (*default*; DOMAIN.md §4 asks only that the public sees upcoming reception days).
RECEPTION_MATERIALISE_WEEKS = getattr(settings, "RECEPTION_MATERIALISE_WEEKS", 8)


def schedule_pattern(schedule: ReceptionSchedule) -> Pattern:
    return Pattern(
        frequency=schedule.frequency,
        starts_on=schedule.starts_on,
        ends_on=schedule.ends_on,
        weekday=schedule.weekday,
        month_day=schedule.month_day,
        quarter_month=schedule.quarter_month,
    )


def schedule_validate(schedule: ReceptionSchedule) -> None:
    """Refuse a schedule whose frequency lacks its day, with a message naming the field."""
    messages = {
        "weekday": (_("A weekly schedule needs a weekday."), "weekday"),
        "month_day": (_("Give a day of the month between 1 and 31, or -1 for the last day."), "month_day"),
        "quarter_month": (_("A mid-quarter schedule needs the month of the quarter."), "quarter_month"),
        "frequency": (_("Unknown frequency."), "frequency"),
    }
    try:
        build_rule(schedule_pattern(schedule))
    except ValueError as error:
        message, field = messages.get(str(error), messages["frequency"])
        raise DomainError(message, field=field) from error
    if schedule.ends_on and schedule.ends_on < schedule.starts_on:
        raise DomainError(_("The end date is before the start date."), field="ends_on")
    if schedule.start_time >= schedule.end_time:
        raise DomainError(_("The reception must end after it starts."), field="end_time")


@pagecache.bumps(pagecache.DIRECTORY)
def receptions_materialise(
    *,
    weeks: int = RECEPTION_MATERIALISE_WEEKS,
    today: datetime.date | None = None,
    schedule_ids: list[int] | None = None,
    actor: Any = None,
) -> int:
    """Create the planned receptions of every active schedule for the coming ``weeks`` weeks, with
    the duty deputies of the rotation. Idempotent: a day that already has its reception (even one
    staff moved or cancelled) is left alone. Returns how many receptions were created. Each
    schedule that gained receptions gets one audit event listing the days (``actor`` when staff
    ask from the admin, none for the nightly task)."""
    today = today or timezone.localdate()
    last = today + datetime.timedelta(weeks=weeks)
    schedules = ReceptionSchedule.objects.filter(is_active=True, starts_on__lte=last)
    if schedule_ids is not None:
        schedules = schedules.filter(pk__in=schedule_ids)
    schedules = schedules.prefetch_related("rotation_entries")
    wanted: dict[tuple[int, datetime.date], tuple[ReceptionSchedule, list[int]]] = {}
    for schedule in schedules:
        pattern = schedule_pattern(schedule)
        try:
            days = dates_between(pattern, today, last)
        except ValueError:
            continue
        rotation = [entry.deputy_id for entry in schedule.rotation_entries.all()]
        first_index = occurrence_index(pattern, days[0]) if days else 0
        for offset, day in enumerate(days):
            duty = rotation_for(rotation, schedule.deputies_per_reception, first_index + offset)
            wanted[(schedule.pk, day)] = (schedule, duty)
    if not wanted:
        return 0
    existing = set(
        Reception.objects.filter(
            schedule_id__in={key[0] for key in wanted}, date__gte=today, date__lte=last
        ).values_list("schedule_id", "date")
    )
    missing = [key for key in wanted if key not in existing]
    if not missing:
        return 0
    with transaction.atomic():
        Reception.objects.bulk_create(
            [
                Reception(
                    station_id=wanted[key][0].station_id,
                    schedule_id=key[0],
                    date=key[1],
                    start_time=wanted[key][0].start_time,
                    end_time=wanted[key][0].end_time,
                    topic=wanted[key][0].topic,
                    capacity=wanted[key][0].capacity,
                )
                for key in missing
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
        created = {
            (schedule_id, day): pk
            for pk, schedule_id, day in Reception.objects.filter(
                schedule_id__in={key[0] for key in missing}, date__gte=today, date__lte=last
            ).values_list("pk", "schedule_id", "date")
        }
        Through = Reception.duty_deputies.through
        Through.objects.bulk_create(
            [
                Through(reception_id=created[key], deputy_id=deputy_id)
                for key in missing
                if key in created
                for deputy_id in wanted[key][1]
            ],
            ignore_conflicts=True,
            batch_size=2000,
        )
        days_by_schedule: dict[int, list[datetime.date]] = {}
        for schedule_id, day in sorted(missing):
            days_by_schedule.setdefault(schedule_id, []).append(day)
        for schedule_id, days in days_by_schedule.items():
            audit_record(
                target=wanted[(schedule_id, days[0])][0],
                action="materialise",
                actor=actor,
                data={"dates": [day.isoformat() for day in days]},
            )
    return len(missing)


@pagecache.bumps(pagecache.DIRECTORY)
def reception_create(
    *,
    station: Station,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    topic: str = "",
    capacity: int = 10,
    duty_deputies: list[Deputy] | None = None,
    notes: str = "",
    actor: Any = None,
) -> Reception:
    """A one-off reception (a market day, a themed month's session)."""
    check_body_writable(actor, station.body_id)
    if start_time >= end_time:
        raise DomainError(_("The reception must end after it starts."), field="end_time")
    if date < timezone.localdate():
        raise DomainError(_("A planned reception cannot be in the past."), field="date")
    with transaction.atomic():
        reception = Reception.objects.create(
            station=station,
            date=date,
            start_time=start_time,
            end_time=end_time,
            topic=topic,
            capacity=capacity,
            notes=notes,
        )
        if duty_deputies:
            reception.duty_deputies.set(duty_deputies)
        audit_record(target=reception, action="create", actor=actor, to_state=reception.status)
    return reception


@pagecache.bumps(pagecache.DIRECTORY)
def reception_transition(
    *, reception: Reception, to_status: str, actor: Any = None, note: str = ""
) -> Reception:
    """Move a reception to another status: lock, check the table, save, audit."""
    check_body_writable(actor, reception.station.body_id)
    with transaction.atomic():
        locked = Reception.objects.select_for_update().get(pk=reception.pk)
        if not workflow.reception_can_move(locked.status, to_status):
            raise DomainError(
                _("A reception that is %(from)s cannot become %(to)s.")
                % {
                    "from": Reception.Status(locked.status).label,
                    "to": Reception.Status(to_status).label
                    if to_status in Reception.Status.values
                    else to_status,
                },
                field="status",
            )
        previous = locked.status
        locked.status = to_status
        locked.save(update_fields=["status"])
        if to_status == Reception.Status.CANCELLED:
            for deputy in locked.deputies_present.all():
                duty_record_remove(deputy=deputy, kind=DutyRecord.Kind.RECEPTION, source=locked)
            locked.deputies_present.clear()
        audit_record(
            target=locked,
            action="transition",
            actor=actor,
            from_state=previous,
            to_state=to_status,
            note=note,
        )
    reception.status = locked.status
    return locked


@pagecache.bumps(pagecache.DIRECTORY)
def reception_record_held(
    *,
    reception: Reception,
    deputies_present: list[Deputy],
    visitors: int,
    opinions_note: str = "",
    notes: str = "",
    actor: Any = None,
) -> Reception:
    """The liaison records a held reception: who was present (each gets a duty record entry, and
    one wrongly marked loses it again), how many visitors came (人次) and the opinions taken down."""
    check_body_writable(actor, reception.station.body_id)
    if visitors < 0:
        raise DomainError(_("The number of visitors cannot be negative."), field="visitors")
    if reception.date > timezone.localdate():
        raise DomainError(_("A reception cannot be recorded as held before its day."), field="date")
    with transaction.atomic():
        if reception.status != Reception.Status.HELD:
            reception = reception_transition(
                reception=reception, to_status=Reception.Status.HELD, actor=actor
            )
        locked = Reception.objects.select_for_update().get(pk=reception.pk)
        before = set(locked.deputies_present.values_list("pk", flat=True))
        after = {deputy.pk for deputy in deputies_present}
        locked.visitors = visitors
        locked.opinions_note = opinions_note
        locked.notes = notes
        locked.save(update_fields=["visitors", "opinions_note", "notes"])
        locked.deputies_present.set(deputies_present)
        for deputy in deputies_present:
            duty_record_add(
                deputy=deputy, kind=DutyRecord.Kind.RECEPTION, on=locked.date, source=locked, actor=actor
            )
        for deputy in Deputy.objects.filter(pk__in=before - after):
            duty_record_remove(deputy=deputy, kind=DutyRecord.Kind.RECEPTION, source=locked)
        audit_record(
            target=locked,
            action="record",
            actor=actor,
            data={"visitors": visitors, "present": sorted(after)},
        )
    return locked
