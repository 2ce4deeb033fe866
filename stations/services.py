"""Writes about stations, memberships (编组进站), QR codes, receptions and bookings. Stations and
memberships are master data: the API, the admin and the spreadsheet import all write them through
the functions below, and every change writes an audit event with the before/after of the changed
fields."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import pagecache, roles
from congress.audit import audit_changes, audit_record, field_snapshot
from congress.bodies import body_id_of, check_body_readable, check_body_writable, default_body_for
from congress.errors import DomainError
from congress.fieldcrypto import blind_index
from congress.ids import public_id
from congress.models import Area, Body
from congress.sanitise import strip_controls
from congress.services import validated_save
from deputies.models import Deputy, DutyRecord
from deputies.services import duty_record_add, duty_record_remove

from . import workflow
from .check_in import check_in_window, closes_minutes, opens_minutes
from .models import (
    Booking,
    Checklist,
    ChecklistItem,
    Compliance,
    Inspection,
    QrCode,
    Reception,
    ReceptionSchedule,
    RotationEntry,
    Station,
    StationMembership,
)
from .recurrence import Pattern, build_rule, dates_between, occurrence_index, rotation_for

# How far ahead receptions are materialised: eight weeks shows two monthly reception days
# (*default*; DOMAIN.md §4 asks only that the public sees upcoming reception days).
RECEPTION_MATERIALISE_WEEKS = getattr(settings, "RECEPTION_MATERIALISE_WEEKS", 8)


# --- Stations and memberships (master data) --------------------------------------------------------

STATION_FIELDS = (
    "name",
    "brand_name",
    "kind",
    "parent",
    "area",
    "address",
    "latitude",
    "longitude",
    "opening_hours",
    "phone",
    "theme",
    "status",
    "head",
    "checklist",
    "body",
)
STATION_M2M = ("deputy_heads", "liaisons")
STATION_AUDITED = (*STATION_FIELDS, *STATION_M2M)

# China lies between these latitudes and longitudes: a pair outside is a typo or swapped columns.
LATITUDE_RANGE = (Decimal("3"), Decimal("54"))
LONGITUDE_RANGE = (Decimal("73"), Decimal("136"))


def station_check(station: Station) -> None:
    """Rules a station must satisfy beyond its field types (the admin form runs them too)."""
    if (station.latitude is None) != (station.longitude is None):
        raise DomainError(_("Give both latitude and longitude, or neither."), field="latitude")
    if station.latitude is not None and not LATITUDE_RANGE[0] <= station.latitude <= LATITUDE_RANGE[1]:
        raise DomainError(
            _("The latitude is not in China; are latitude and longitude swapped?"), field="latitude"
        )
    if station.longitude is not None and not LONGITUDE_RANGE[0] <= station.longitude <= LONGITUDE_RANGE[1]:
        raise DomainError(_("The longitude is not in China."), field="longitude")
    if station.area_id and station.area.level == Area.Level.CITY:
        raise DomainError(_("Choose the district, street or community the station is in."), field="area")
    node = station.parent
    seen: set[int] = set()
    while node is not None:
        if node.pk == station.pk or node.pk in seen:
            raise DomainError(_("A station cannot be placed under itself."), field="parent")
        seen.add(node.pk)
        node = node.parent


def _liaisons_changed(before: set[int], after: Iterable[Any]) -> None:
    """New liaisons get the liaison role; one who no longer keeps any station loses it, so the
    station desk and workbench close for them."""
    after_users = list(after)
    for user in after_users:
        if user.pk not in before:
            roles.role_grant(user=user, code=roles.STATION_LIAISON)
    removed = before - {user.pk for user in after_users}
    if removed:
        from django.contrib.auth import get_user_model

        for user in get_user_model().objects.filter(pk__in=removed):
            if not user.liaison_stations.exists():
                roles.role_revoke(user=user, code=roles.STATION_LIAISON)


@pagecache.bumps(pagecache.DIRECTORY)
def station_create(
    *,
    name: str,
    kind: str,
    area: Area,
    address: str,
    brand_name: str = "",
    parent: Station | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    opening_hours: str = "",
    phone: str = "",
    theme: str = "",
    status: str = Station.Status.BUILT,
    head: Deputy | None = None,
    checklist: Checklist | None = None,
    deputy_heads: Iterable[Deputy] = (),
    liaisons: Iterable[Any] = (),
    slug: str = "",
    body: Body | None = None,
    actor: Any = None,
) -> Station:
    """Add a station to the network (代表之家 → 联络站 → 联系点, 003:539), run by ``body`` (the root
    body when none is named)."""
    if body is not None:
        check_body_writable(actor, body.pk)
    station = Station(
        body=body or default_body_for(actor),
        name=(name or "").strip(),
        slug=slug or public_id(),
        kind=kind,
        area=area,
        address=(address or "").strip(),
        brand_name=(brand_name or "").strip(),
        parent=parent,
        latitude=latitude,
        longitude=longitude,
        opening_hours=(opening_hours or "").strip(),
        phone=(phone or "").strip(),
        theme=(theme or "").strip(),
        status=status or Station.Status.BUILT,
        head=head,
        checklist=checklist,
    )
    station_check(station)
    with transaction.atomic():
        validated_save(station)
        station.deputy_heads.set(list(deputy_heads))
        liaison_users = list(liaisons)
        station.liaisons.set(liaison_users)
        _liaisons_changed(set(), liaison_users)
        audit_changes(
            target=station,
            action="create",
            before={},
            after=field_snapshot(station, STATION_AUDITED),
            actor=actor,
        )
    return station


@pagecache.bumps(pagecache.DIRECTORY)
def station_update(*, station: Station, changes: Mapping[str, Any], actor: Any = None) -> Station:
    """Change a station's details; ``deputy_heads`` and ``liaisons`` take the new lists. A change of
    status (planned → building → built, 002:575) is recorded as a move from one state to another."""
    check_body_writable(actor, station.body_id)
    changes = dict(changes)
    if changes.get("body") is not None:  # never moved to a body the actor does not write for
        check_body_writable(actor, changes["body"].pk)
    unknown = set(changes) - set(STATION_AUDITED)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": "、".join(sorted(unknown))}
        )
    with transaction.atomic():
        locked = (
            Station.objects.select_for_update(of=("self",))
            .select_related("area", "parent")
            .get(pk=station.pk)
        )
        before = field_snapshot(locked, STATION_AUDITED)
        before_liaisons = set(locked.liaisons.values_list("pk", flat=True))
        previous_status = locked.status
        m2m = {name: changes.pop(name) for name in STATION_M2M if name in changes}
        for name, value in changes.items():
            setattr(locked, name, value)
        station_check(locked)
        validated_save(locked)
        if "deputy_heads" in m2m:
            locked.deputy_heads.set(list(m2m["deputy_heads"]))
        if "liaisons" in m2m:
            users = list(m2m["liaisons"])
            locked.liaisons.set(users)
            _liaisons_changed(before_liaisons, users)
        moved = previous_status != locked.status
        audit_changes(
            target=locked,
            action="status_change" if moved else "update",
            before=before,
            after=field_snapshot(locked, STATION_AUDITED),
            actor=actor,
            from_state=previous_status if moved else "",
            to_state=locked.status if moved else "",
        )
    return locked


@pagecache.bumps(pagecache.DIRECTORY)
def membership_add(
    *, station: Station, deputy: Deputy, joined_on: datetime.date | None = None, actor: Any = None
) -> StationMembership:
    """Group a deputy into a station (编组进站, 003:562). Adding an existing membership changes only
    its date."""
    check_body_writable(actor, station.body_id)
    if deputy.status != Deputy.Status.ACTIVE:
        raise DomainError(_("Only an active deputy is grouped into a station."), field="deputy")
    if joined_on and joined_on > timezone.localdate():
        raise DomainError(_("The date of joining cannot be in the future."), field="joined_on")
    with transaction.atomic():
        existing = (
            StationMembership.objects.select_for_update().filter(station=station, deputy=deputy).first()
        )
        if existing is not None:
            if joined_on and existing.joined_on != joined_on:
                before = field_snapshot(existing, ("joined_on",))
                existing.joined_on = joined_on
                existing.save(update_fields=["joined_on"])
                audit_changes(
                    target=station,
                    action="membership_update",
                    before=before,
                    after=field_snapshot(existing, ("joined_on",)),
                    actor=actor,
                    note=deputy.name,
                )
            return existing
        membership = StationMembership.objects.create(
            station=station, deputy=deputy, joined_on=joined_on or timezone.localdate()
        )
        for target, label in ((station, deputy.name), (deputy, station.name)):
            audit_record(
                target=target,
                action="membership_add",
                actor=actor,
                note=label,
                data={"changes": {"members" if target is station else "stations": [None, label]}},
            )
    return membership


@pagecache.bumps(pagecache.DIRECTORY)
def membership_remove(*, membership: StationMembership, actor: Any = None) -> None:
    """Take a deputy out of a station; their rota places at its schedules go too."""
    check_body_writable(actor, membership.station.body_id)
    with transaction.atomic():
        station, deputy = membership.station, membership.deputy
        RotationEntry.objects.filter(schedule__station=station, deputy=deputy).delete()
        membership.delete()
        for target, label in ((station, deputy.name), (deputy, station.name)):
            audit_record(
                target=target,
                action="membership_remove",
                actor=actor,
                note=label,
                data={"changes": {"members" if target is station else "stations": [label, None]}},
            )


def qr_code_issue(
    *, deputy: Deputy | None = None, station: Station | None = None, actor: Any = None
) -> QrCode:
    """Issue a fresh QR token for a deputy or a station, revoking the live one if there is one.
    The owner's audit trail records the issue (and the reissue)."""
    check_body_writable(actor, body_id_of(station or deputy))
    if (deputy is None) == (station is None):
        raise ValueError("a QR code belongs to exactly one deputy or one station")
    owner: Deputy | Station = deputy or station  # type: ignore[assignment]
    with transaction.atomic():
        live = list(
            QrCode.objects.select_for_update().filter(revoked_at__isnull=True, deputy=deputy, station=station)
        )
        QrCode.objects.filter(pk__in=[code.pk for code in live]).update(
            revoked_at=timezone.now(), revoked_reason="reissued"
        )
        code = QrCode.objects.create(token=public_id(10), deputy=deputy, station=station)
        audit_record(
            target=owner,
            action="qr_code_reissue" if live else "qr_code_issue",
            actor=actor,
            note=code.token,
            data={"revoked": [old.token for old in live]},
        )
        return code


def qr_code_revoke(*, code: QrCode, reason: str, actor: Any = None) -> QrCode:
    """Withdraw a QR code: scanning it shows a clear page pointing to the directory."""
    check_body_writable(actor, body_id_of(code))
    if code.revoked_at is None:
        with transaction.atomic():
            revoked = QrCode.objects.filter(pk=code.pk, revoked_at__isnull=True).update(
                revoked_at=timezone.now(), revoked_reason=reason[:200]
            )
            code.refresh_from_db()
            owner = code.deputy or code.station
            if revoked and owner is not None:
                audit_record(target=owner, action="qr_code_revoke", actor=actor, note=code.token)
    return code


# --- Reception schedules ---------------------------------------------------------------------------


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


def reception_check_in(
    *, reception: Reception, deputy: Deputy, actor: Any = None, now: datetime.datetime | None = None
) -> Reception:
    """A deputy on duty (or a member of the station) checks in while the reception is on, within the
    check-in window around its hours (``stations/check_in.py``); this writes their duty record."""
    if reception.status != Reception.Status.PLANNED and reception.status != Reception.Status.HELD:
        raise DomainError(_("This reception was cancelled."), field="reception")
    window = check_in_window(reception)
    if not window.holds(timezone.localtime(now or timezone.now())):
        raise DomainError(
            _(
                "Check-in for this reception is open from %(opens)s to %(closes)s on %(day)s "
                "(%(before)s minutes before it starts until %(after)s minutes after it ends)."
            )
            % {
                "opens": timezone.localtime(window.opens).strftime("%H:%M"),
                "closes": timezone.localtime(window.closes).strftime("%H:%M"),
                "day": reception.date.isoformat(),
                "before": opens_minutes(),
                "after": closes_minutes(),
            },
            field="reception",
        )
    is_member = StationMembership.objects.filter(station_id=reception.station_id, deputy=deputy).exists()
    if not is_member and not reception.duty_deputies.filter(pk=deputy.pk).exists():
        raise DomainError(_("You are not on duty at this reception."), field="reception")
    with transaction.atomic():
        reception.deputies_present.add(deputy)
        duty_record_add(
            deputy=deputy, kind=DutyRecord.Kind.RECEPTION, on=reception.date, source=reception, actor=actor
        )
        audit_record(target=reception, action="check_in", actor=actor, data={"deputy": deputy.pk})
    return reception


# --- Bookings --------------------------------------------------------------------------------------

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def booking_create(*, reception: Reception, name: str, mobile: str, topic: str) -> Booking:
    """A citizen books a place at a planned reception (扫码预约, 002:1309). The reception row is
    locked so two citizens cannot take the last place together; one mobile number books a
    reception once."""
    name, mobile, topic = (strip_controls(v) for v in (name, mobile, topic))
    name, mobile, topic = name.strip(), mobile.strip().replace(" ", ""), topic.strip()
    if not name:
        raise DomainError(_("Please give your name."), field="name")
    if not MOBILE_RE.match(mobile):
        raise DomainError(_("Please give an 11-digit mainland mobile number."), field="mobile")
    if not topic:
        raise DomainError(_("Please say briefly what you want to raise."), field="topic")
    try:
        with transaction.atomic():
            locked = Reception.objects.select_for_update().get(pk=reception.pk)
            if locked.status != Reception.Status.PLANNED or locked.date < timezone.localdate():
                raise DomainError(_("This reception can no longer be booked."), field="reception")
            booked = Booking.objects.live().filter(reception=locked)
            if booked.filter(mobile_index=blind_index(mobile, "mobile")).exists():
                raise DomainError(_("This mobile number has already booked this reception."), field="mobile")
            if booked.count() >= locked.capacity:
                raise DomainError(_("This reception is fully booked."), field="reception")
            return Booking.objects.create(
                reception=locked, code=public_id(10).upper(), name=name[:50], mobile=mobile, topic=topic[:200]
            )
    except IntegrityError as error:
        raise DomainError(
            _("This mobile number has already booked this reception."), field="mobile"
        ) from error


def booking_cancel(*, code: str) -> Booking:
    """Cancel a booking with its code; cancelling twice is harmless. A cancelled booking keeps no
    personal data: name, number and topic are erased at once (DOMAIN.md §9, collect the minimum)."""
    code = code.strip().upper()
    with transaction.atomic():
        booking = Booking.objects.select_for_update().filter(code=code).first()
        if booking is None:
            raise DomainError(_("No booking has this code."), field="code")
        if booking.status == Booking.Status.BOOKED:
            booking.status = Booking.Status.CANCELLED
            booking.cancelled_at = timezone.now()
            booking.name, booking.mobile, booking.topic = "", "", ""
            booking.save(update_fields=["status", "cancelled_at", "name", "mobile", "mobile_index", "topic"])
    return booking


# Bookings serve one reception day; a year after it they are deleted (DOMAIN.md §9; *default*: long
# enough for staff to answer a question about the day). Setting BOOKING_RETENTION_DAYS.
BOOKING_RETENTION_DAYS = 365


def bookings_erase_expired(*, today: datetime.date | None = None) -> int:
    """Delete the bookings of receptions held longer ago than the retention period (with the names and
    numbers in them). Idempotent; returns how many were deleted."""
    from django.conf import settings

    today = today or timezone.localdate()
    days = int(getattr(settings, "BOOKING_RETENTION_DAYS", BOOKING_RETENTION_DAYS))
    expired = Booking.objects.filter(reception__date__lt=today - datetime.timedelta(days=days))
    deleted, _per_model = expired.delete()
    return deleted


# --- Standards checklist and inspections ------------------------------------------------------------


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
