"""Demo data of deputies and stations: schedules, upcoming receptions, a live QR code for everyone,
and a second load that changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.utils import timezone

from congress import demo as core_demo
from deputies import demo as deputies_demo
from deputies.models import Deputy, DutyRecord
from stations import demo as stations_demo
from stations.models import QrCode, Reception, ReceptionSchedule, Station

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _load() -> None:
    for module in (core_demo, deputies_demo, stations_demo):
        module.load(stdout=StringIO())


def _counts() -> tuple[int, ...]:
    return (
        QrCode.objects.count(),
        ReceptionSchedule.objects.count(),
        Reception.objects.count(),
        DutyRecord.objects.count(),
    )


def test_demo_has_schedules_upcoming_receptions_and_live_codes_for_everyone() -> None:
    _load()
    live = QrCode.objects.filter(revoked_at__isnull=True)
    assert live.filter(deputy__isnull=False).count() == Deputy.objects.count()
    assert live.filter(station__isnull=False).count() == Station.objects.count()
    assert ReceptionSchedule.objects.filter(frequency="mid_quarter").exists()
    upcoming = Reception.objects.filter(status="planned", date__gte=timezone.localdate())
    assert upcoming.count() > Station.objects.filter(kind="home").count()
    assert upcoming.filter(duty_deputies__isnull=False).exists()
    assert Reception.objects.filter(status="held", visitors__gt=0).exists()
    assert DutyRecord.objects.filter(kind="reception").exists()

    before = _counts()
    _load()
    assert _counts() == before
