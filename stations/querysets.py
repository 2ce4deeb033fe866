from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone


class StationQuerySet(models.QuerySet):
    def public(self) -> StationQuerySet:
        return self.exclude(status="planned")

    def for_list(self) -> StationQuerySet:
        return self.select_related("area", "area__parent")


class ReceptionQuerySet(models.QuerySet):
    def upcoming(self, *, today: datetime.date | None = None) -> ReceptionQuerySet:
        today = today or timezone.localdate()
        return self.filter(date__gte=today, status="planned")

    def for_list(self) -> ReceptionQuerySet:
        return self.select_related("station", "station__area")


class BookingQuerySet(models.QuerySet):
    def live(self) -> BookingQuerySet:
        return self.filter(status="booked")
