"""Factories for stations, reception schedules, receptions, bookings and QR codes."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from congress.ids import public_id
from stations.models import (
    Booking,
    Checklist,
    ChecklistItem,
    QrCode,
    Reception,
    ReceptionSchedule,
    StationMembership,
)

from .deputies import DeputyFactory, StationFactory


class MembershipFactory(factory.django.DjangoModelFactory[StationMembership]):
    class Meta:
        model = StationMembership

    station = factory.SubFactory(StationFactory)
    deputy = factory.SubFactory(DeputyFactory)


class ScheduleFactory(factory.django.DjangoModelFactory[ReceptionSchedule]):
    class Meta:
        model = ReceptionSchedule

    station = factory.SubFactory(StationFactory)
    name = "每周五接待日"
    frequency = ReceptionSchedule.Frequency.WEEKLY
    weekday = 4
    starts_on = datetime.date(2026, 1, 1)
    start_time = datetime.time(9, 0)
    end_time = datetime.time(11, 30)
    capacity = 5
    deputies_per_reception = 2


class ReceptionFactory(factory.django.DjangoModelFactory[Reception]):
    class Meta:
        model = Reception

    station = factory.SubFactory(StationFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    start_time = datetime.time(9, 0)
    end_time = datetime.time(11, 30)
    capacity = 3


class BookingFactory(factory.django.DjangoModelFactory[Booking]):
    class Meta:
        model = Booking

    reception = factory.SubFactory(ReceptionFactory)
    code = factory.LazyFunction(lambda: public_id(10).upper())
    name = "张三丰"
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    topic = "小区停车难"


class QrCodeFactory(factory.django.DjangoModelFactory[QrCode]):
    class Meta:
        model = QrCode

    token = factory.LazyFunction(lambda: public_id(10))
    deputy = factory.SubFactory(DeputyFactory)


class ChecklistFactory(factory.django.DjangoModelFactory[Checklist]):
    class Meta:
        model = Checklist
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"六有{n}")


class ChecklistItemFactory(factory.django.DjangoModelFactory[ChecklistItem]):
    """An item of a standards checklist (有场所 …)."""

    class Meta:
        model = ChecklistItem

    checklist = factory.SubFactory(ChecklistFactory)
    code = factory.Sequence(lambda n: f"place-{n}")
    label = "有固定场所"
