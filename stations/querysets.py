from __future__ import annotations

import datetime

from django.utils import timezone

from congress.querysets import BodyScopedQuerySet


class StationQuerySet(BodyScopedQuerySet):
    """A station is run by one body (the lowest whose area holds it)."""

    def public(self) -> StationQuerySet:
        return self.exclude(status="planned")

    def for_list(self) -> StationQuerySet:
        return self.select_related("area", "area__parent")


class ReceptionQuerySet(BodyScopedQuerySet):
    body_paths = ("station__body",)

    def upcoming(self, *, today: datetime.date | None = None) -> ReceptionQuerySet:
        today = today or timezone.localdate()
        return self.filter(date__gte=today, status="planned")

    def for_list(self) -> ReceptionQuerySet:
        return self.select_related("station", "station__area")


class BookingQuerySet(BodyScopedQuerySet):
    body_paths = ("reception__station__body",)

    def live(self) -> BookingQuerySet:
        return self.filter(status="booked")


class StationRecordQuerySet(BodyScopedQuerySet):
    """Memberships, schedules, compliance checks and inspections: the station's body's."""

    body_paths = ("station__body",)


class RotationEntryQuerySet(BodyScopedQuerySet):
    body_paths = ("schedule__station__body",)


class QrCodeQuerySet(BodyScopedQuerySet):
    """A station's code belongs to the station's body, a deputy's to the body of the deputy's term."""

    body_paths = ("station__body", "deputy__term__body")
