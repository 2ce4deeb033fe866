"""Citizens' bookings of a reception (扫码预约), and their erasure after the retention period."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.errors import DomainError
from congress.fieldcrypto import blind_index
from congress.ids import public_id
from congress.sanitise import strip_controls

from ..models import (
    Booking,
    Reception,
)

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

    today = today or timezone.localdate()
    days = int(getattr(settings, "BOOKING_RETENTION_DAYS", BOOKING_RETENTION_DAYS))
    expired = Booking.objects.filter(reception__date__lt=today - datetime.timedelta(days=days))
    deleted, _per_model = expired.delete()
    return deleted
